import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { matchVendor } from '../../src/core/match-vendor.js';
import { editDistance, NEAR_THRESHOLD, nameSimilarity, profileName, stem } from '../../src/core/name-similarity.js';
import { looseName, normaliseName } from '../../src/core/names.js';
import { vendor } from './fixtures.js';
import { businessName } from './names-arbitrary.js';

/**
 * Real-world pairs, each read both ways. What a controller would call them: the same text
 * (linked without asking), a likely duplicate (one review click), or two companies (a new
 * vendor). The threshold in `name-similarity.ts` is chosen so that all three groups hold.
 */
const SAME_TEXT: readonly [string, string][] = [
  ['Acme Inc', 'ACME INC'],
  ['  Acme   Industrial ', 'Acme Industrial'],
  ['Acme\tIndustrial\n', 'acme industrial'],
  ['Ａｃｍｅ Ｉｎｄｕｓｔｒｉａｌ', 'Acme Industrial'], // full-width
  ['Oﬃce Depot', 'Office Depot'], // ligature
  ['Acme\u00a0Industrial', 'Acme Industrial'], // no-break space
  ['Ac\u200bme', 'Acme'], // zero-width space
  ['\ufeffAcme', 'Acme'], // byte-order mark
  ['Ac\u00adme', 'Acme'], // soft hyphen
  ['Cafe\u0301 Rouge', 'Café Rouge'], // decomposed é
  ['Mu\u0308ller GmbH', 'Müller GmbH'], // decomposed ü
  ['ÅKESSON AB', 'åkesson ab'],
  ['SOCIÉTÉ GÉNÉRALE', 'Société Générale'],
  ["O'Brien & Sons, LLC", "o'brien & sons, llc"],
  ['Nimbus Cloud Hosting Inc.', 'NIMBUS CLOUD HOSTING INC.'],
  ['Store 12', 'STORE 12'],
  ['Acme Fund Ⅲ', 'Acme Fund III'], // Roman numeral sign
  ['Acme²', 'Acme2'], // superscript
  ['ΑΘΗΝΑ ΑΕ', 'αθηνα αε'],
  ['ООО РОМАШКА', 'ооо ромашка'],
  ['ﾄﾖﾀ自動車株式会社', 'トヨタ自動車株式会社'], // half-width katakana
  ['㈱トヨタ', '(株)トヨタ'],
  ['\u1109\u1161\u11b7\u1109\u1165\u11bc', '삼성'], // conjoining jamo
  ['\u200fשטראוס', 'שטראוס'], // right-to-left mark
  ['شركة\u200c الأمل', 'شركة الأمل'], // zero-width non-joiner
  ['İstanbul Tekstil', 'i̇stanbul tekstil'],
  ['Globex   Corporation', 'globex corporation'],
];

const LIKELY_DUPLICATES: readonly [string, string][] = [
  // "&", "and", a leading "The"
  ['Johnson & Johnson', 'Johnson and Johnson'],
  ['Barnes & Noble', 'Barnes and Noble'],
  ['Dolce & Gabbana', 'Dolce e Gabbana'],
  ['Núñez y Asociados', 'Nunez & Asociados'],
  ['Dupont et Fils', 'Dupont & Fils'],
  ['The Home Depot', 'Home Depot'],
  ['Home Depot, The', 'The Home Depot'],
  // transliteration
  ['Müller GmbH', 'Mueller GmbH'],
  ['Müller', 'Muller'],
  ['Müller und Söhne', 'Mueller & Soehne'],
  ['Straße Bau AG', 'Strasse Bau'],
  ['Færch Plast A/S', 'Faerch Plast'],
  ['Åkesson AB', 'Aakesson'],
  ['Øresund Logistik ApS', 'Oeresund Logistik'],
  ['Şişecam', 'Sisecam'],
  ['Łódź Transport Sp. z o.o.', 'Lodz Transport'],
  ['Kōbō Translation K.K.', 'Kobo Translation'],
  ['İstanbul Tekstil A.Ş.', 'Istanbul Tekstil'],
  ['Đorđević Trgovina', 'Djordjevic Trgovina'],
  // legal forms
  ['Smith Dental PLLC', 'Smith Dental'],
  ['Grupo Bimbo S.A.B. de C.V.', 'Grupo Bimbo'],
  ['Grupo Modelo S. de R.L. de C.V.', 'Grupo Modelo'],
  ['Toyota Tsusho K.K.', 'Toyota Tsusho'],
  ['Żabka Polska Sp. z o.o.', 'Zabka Polska S.A.'],
  ['Infosys Pvt Ltd', 'Infosys Private Limited'],
  ['BHP Billiton Pty Ltd', 'BHP Billiton'],
  ['Petronas Dagangan Sdn Bhd', 'Petronas Dagangan Bhd'],
  ['Hartley & Finch LLP', 'Hartley Finch'],
  ['Acme, Inc.', 'ACME LLC'],
  ['Société Générale', 'Societe Generale SA'],
  ['ООО «Ромашка»', 'Ромашка'],
  ['トヨタ自動車株式会社', 'トヨタ自動車(株)'],
  ['Αθήνα Α.Ε.', 'ΑΘΗΝΑ'],
  // word forms, abbreviations, spelling
  ['Acme Industrial', 'Acme Industries'],
  ['Acme Industrial', 'Acme Industry'],
  ['Acme Consulting', 'Acme Consultants'],
  ['Tata Consultancy Services', 'Tata Consulting Services'],
  ['Acme Technologies', 'Acme Technology'],
  ['Acme Tech', 'Acme Technologies'],
  ['Acme Intl', 'Acme International'],
  ['Acme Mfg Co', 'Acme Manufacturing Company'],
  ['Acme Labs', 'Acme Laboratories'],
  ['Centre for Learning', 'Center for Learning'],
  ['Acme Distributors', 'Acme Distribution'],
  // typos, spacing
  ['Jonhson Controls', 'Johnson Controls'],
  ['Accenture', 'Acenture'],
  ['Acne Industrial', 'Acme Industrial'],
  ['FedEx', 'Fed Ex'],
  ['PricewaterhouseCoopers', 'Price Waterhouse Coopers'],
  ['Ромашка', 'Ромашко'],
  // one name is the other plus words
  ['Alpha Systems', 'Alpha Systems International'],
  ['Acme Consulting', 'Acme Consulting Group'],
  ['Summit Logistics Inc.', 'Summit Logistics & Sons, LLC'],
  ['Siemens', 'Siemens Healthineers'],
  // numbers written differently
  ['Store #12', 'Store 12'],
  ['Store No. 12', 'Store 12'],
  ['Store 012', 'Store 12'],
  // British and American spelling
  ['Blue Harbour Logistics', 'Blue Harbor Logistics LLC'],
  ['Colour Print Ltd', 'Color Print Ltd'],
];

const DIFFERENT_COMPANIES: readonly [string, string][] = [
  ['Northwind Traders', 'Northwind Consulting'],
  ['Acme', 'Apex'],
  ['Alpha Systems', 'Beta Systems'],
  ['Global Logistics', 'Global Logic'],
  ['General Electric', 'General Motors'],
  ['General Supply', 'Generic Supply'],
  ['American Express', 'American Airlines'],
  ['Delta Airlines', 'Delta Dental'],
  ['United Airlines', 'United Rentals'],
  ['Bank of America', 'Bank of China'],
  ['First National Bank', 'First Republic Bank'],
  ['Johnson & Johnson', 'Johnson Controls'],
  ['Smith Plumbing', 'Smith Electric'],
  ['Harbor Logistics', 'Harbor Couriers'],
  ['Summit Couriers Inc.', 'Summit Express LLC'],
  ['Pacific Gas', 'Atlantic Gas'],
  ['Metro Transit', 'Metro Transport'],
  ['Acme Holdings', 'Acme Health'],
  ['ABC Supply', 'XYZ Supply'],
  ['Jordan Reyes', 'Jordan Reed'],
  ['Apple', 'Maple'],
  ['Sony', 'Sonos'],
  ['Accenture', 'Adventure'],
  ['Acme', 'Acne'], // one letter of four: too often two companies
  ['IBM', 'IBN'],
  ['AT&T', 'AT&S'],
  // numbers are branches, stores, funds
  ['Store 12', 'Store 21'],
  ['Summit Couriers', 'Summit Couriers 2'],
  ['Acme Fund 1', 'Acme Fund 2'],
  ['3M', '4M'],
  // non-Latin scripts: one character is a word
  ['東京電力', '東北電力'],
  ['ガス', 'カス'],
  ['किताब', 'कताब'],
  ['삼성전자', '삼성전기'],
  ['Газпром', 'Газпромнефть'],
];

describe('vendor name pairs', () => {
  it('has enough pairs in each group', () => {
    for (const group of [SAME_TEXT, LIKELY_DUPLICATES, DIFFERENT_COMPANIES]) expect(group.length).toBeGreaterThanOrEqual(25);
  });

  it.each(SAME_TEXT)('links %j and %j without asking', (a, b) => {
    expect(normaliseName(a)).toBe(normaliseName(b));
    expect(nameSimilarity(a, b)).toBe(1);
    const va = vendor('1', a);
    const vb = vendor('2', b);
    expect(matchVendor(a, [vb])).toEqual({ kind: 'exact', vendor: vb });
    expect(matchVendor(b, [va])).toEqual({ kind: 'exact', vendor: va });
  });

  it.each(LIKELY_DUPLICATES)('sends %j and %j to review, never links them', (a, b) => {
    expect(normaliseName(a)).not.toBe(normaliseName(b));
    const score = nameSimilarity(a, b);
    expect(score).toBeGreaterThanOrEqual(NEAR_THRESHOLD);
    const va = vendor('1', a);
    const vb = vendor('2', b);
    expect(matchVendor(a, [vb])).toEqual({ kind: 'near', candidates: [vb], scores: [score] });
    expect(matchVendor(b, [va])).toEqual({ kind: 'near', candidates: [va], scores: [score] });
  });

  it.each(DIFFERENT_COMPANIES)('keeps %j and %j apart', (a, b) => {
    expect(nameSimilarity(a, b)).toBeLessThan(NEAR_THRESHOLD);
    expect(matchVendor(a, [vendor('2', b)])).toEqual({ kind: 'none' });
    expect(matchVendor(b, [vendor('1', a)])).toEqual({ kind: 'none' });
  });
});

describe('nameSimilarity', () => {
  it('is 1 for the same loose name, and below 1 otherwise', () => {
    expect(nameSimilarity('Acme, Inc.', 'ACME LLC')).toBe(1);
    expect(nameSimilarity('FedEx', 'Fed Ex')).toBeLessThan(1);
    expect(nameSimilarity('FedEx', 'Fed Ex')).toBeGreaterThanOrEqual(NEAR_THRESHOLD);
  });

  it('ranks a whole-name match above a contained one', () => {
    expect(nameSimilarity('Acme Industrial', 'Acme Industries')).toBeGreaterThan(
      nameSimilarity('Acme Industrial', 'Acme Industrial Supply'),
    );
  });

  it('is 0 for a blank name', () => {
    expect(nameSimilarity('', '')).toBe(0);
    expect(nameSimilarity('...', 'Acme')).toBe(0);
  });
});

describe('stem', () => {
  it.each([
    ['industries', 'industr'],
    ['industrial', 'industr'],
    ['industry', 'industr'],
    ['consulting', 'consult'],
    ['consultants', 'consult'],
    ['consultancy', 'consult'],
    ['logistics', 'logistic'],
    ['logic', 'logic'],
    ['systems', 'system'],
    ['glass', 'glass'],
    ['campus', 'campus'],
    ['boxes', 'box'],
    ['harbour', 'harb'], // British spelling read as American, then stemmed like 'harbor'
    ['harbor', 'harb'],
    ['colours', 'color'],
    ['acme', 'acme'], // under five letters: left alone
    ['müller', 'müller'], // not plain Latin letters: left alone
  ])('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});

/** The textbook optimal-string-alignment distance, to check the optimised one against. */
function referenceDistance(a: readonly number[], b: readonly number[]): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    const cp = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);
    expect(editDistance(cp('jonhson'), cp('johnson'))).toBe(1);
    expect(editDistance(cp('kitten'), cp('sitting'))).toBe(3);
    expect(editDistance(cp(''), cp('abc'))).toBe(3);
    expect(editDistance(cp('東京'), cp('東北'))).toBe(1);
  });

  it('agrees with the textbook algorithm, including long inputs', () => {
    const points = fc.array(fc.integer({ min: 97, max: 101 }), { maxLength: 90 });
    fc.assert(
      fc.property(points, points, (a, b) => {
        expect(editDistance(a, b)).toBe(referenceDistance(a, b));
      }),
      { numRuns: 300 },
    );
  });
});

describe('name similarity properties', () => {
  const anyName = fc.oneof(businessName, fc.string({ unit: 'grapheme-composite', maxLength: 20 }), fc.string({ maxLength: 30 }));

  it('is symmetric and between 0 and 1', () => {
    fc.assert(
      fc.property(anyName, anyName, (a, b) => {
        const s = nameSimilarity(a, b);
        expect(nameSimilarity(b, a)).toBe(s);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(s === 1).toBe(looseName(a) !== '' && looseName(a) === looseName(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('exact ⇒ near or exact: names with the same normalised name score 1 and link', () => {
    const spaces = fc.constantFrom(' ', '  ', '\t', '\u00a0', '\u2003');
    fc.assert(
      fc.property(businessName, fc.boolean(), spaces, (name, upper, space) => {
        const variant = `${space}${(upper ? name.toUpperCase() : name.toLowerCase()).normalize('NFD').replaceAll(' ', space)}${space}`;
        if (normaliseName(variant) !== normaliseName(name) || normaliseName(name) === '') return;
        expect(nameSimilarity(name, variant)).toBe(1);
        expect(matchVendor(variant, [vendor('1', name)]).kind).toBe('exact');
      }),
      { numRuns: 1000 },
    );
  });

  it('is stable: a name and its normalised or loose form score alike against anything', () => {
    fc.assert(
      fc.property(anyName, anyName, (a, b) => {
        expect(profileName(looseName(a))).toEqual(profileName(a));
        expect(nameSimilarity(normaliseName(a), b)).toBe(nameSimilarity(a, b));
        expect(nameSimilarity(looseName(a), b)).toBe(nameSimilarity(a, b));
      }),
      { numRuns: 1000 },
    );
  });
});
