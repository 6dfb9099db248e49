import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { looseName, normaliseName } from '../../src/core/names.js';
import {
  ABBREVIATIONS,
  AFFIX_LEGAL_FORMS,
  ARTICLES,
  CONJUNCTIONS,
  EMBEDDED_LEGAL_FORMS,
  LEADING_LEGAL_FORMS,
  TRAILING_LEGAL_FORMS,
} from '../../src/core/name-words.js';

describe('normaliseName', () => {
  it.each([
    ['  Acme   Industrial ', 'acme industrial'],
    ['ACME\tIndustrial\n', 'acme industrial'],
    ['Ａｃｍｅ Ｉｎｄｕｓｔｒｉａｌ', 'acme industrial'], // full-width (NFKC)
    ['Oﬃce Supplies', 'office supplies'], // ligature (NFKC)
    ['Acme\u00a0Industrial', 'acme industrial'], // no-break space
    ['Ac\u200bme', 'acme'], // zero-width space
    ['\ufeffAcme', 'acme'], // BOM
    ['Cafe\u0301', 'café'], // decomposed é composes
    ['İstanbul Tekstil', 'i̇stanbul tekstil'], // locale-independent lower case
  ])('%j → %j', (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });

  it('keeps punctuation and legal suffixes (those are for looseName)', () => {
    expect(normaliseName('Acme, Inc.')).toBe('acme, inc.');
    expect(normaliseName('Acme, Inc.')).not.toBe(normaliseName('ACME Inc'));
  });

  it('is empty for blank input', () => {
    expect(normaliseName(' \t\u200b ')).toBe('');
  });
});

describe('looseName', () => {
  it.each([
    ['Acme Inc.', 'acme'],
    ['ACME, Inc', 'acme'],
    ['Acme, L.L.C.', 'acme'],
    ['Acme L. L. C.', 'acme'],
    ['Acme LLC', 'acme'],
    ['Acme Pty Ltd', 'acme'],
    ['Acme GmbH & Co. KG', 'acme'],
    ['Société Générale S.A.', 'societe generale'],
    ['Müller GmbH', 'muller'],
    ['Straße Bau AG', 'strasse bau'],
    ['Øresund Corporation', 'oresund'],
    ['Łódź Limited', 'lodz'],
    ["O'Brien & Sons plc", 'obrien sons'],
    ['Acme-Widgets Corp', 'acme widgets'],
    ['Acme Incorporated', 'acme'],
  ])('%j → %j', (input, expected) => {
    expect(looseName(input)).toBe(expected);
  });

  it('matches "Co" only as a whole word, and never as the first word', () => {
    expect(looseName('Costco Wholesale Co.')).toBe('costco wholesale');
    expect(looseName('Co-operative Bank')).toBe('co operative bank');
    expect(looseName('Incline Partners')).toBe('incline partners');
    expect(looseName('AG Barr plc')).toBe('ag barr');
  });

  it('keeps a name that is only a legal suffix', () => {
    expect(looseName('Limited')).toBe('limited');
    expect(looseName('Co.')).toBe('co');
    expect(looseName('Co. Ltd')).toBe('co');
  });

  it('does not strip marks that are letters in other scripts', () => {
    expect(looseName('ガス')).not.toBe(looseName('カス')); // kana voicing mark changes the word
    expect(looseName('किताब')).not.toBe(looseName('कताब')); // Devanagari vowel sign
  });

  it('is empty only when there is nothing but punctuation', () => {
    expect(looseName('...')).toBe('');
    expect(looseName('—')).toBe('');
  });

  it.each([
    // German umlauts both ways, ß
    ['Müller', 'muller'],
    ['Mueller', 'muller'],
    ['MUELLER', 'muller'],
    ['Muller', 'muller'],
    ['Bäckerei Weiß', 'backerei weiss'],
    ['Baeckerei Weiss', 'backerei weiss'],
    ['Schäfer', 'schafer'],
    ['Schaefer', 'schafer'],
    ['Göttingen', 'gottingen'],
    ['Goettingen', 'gottingen'],
    // Scandinavian: å = aa, æ = ae, ø = oe
    ['Åkesson', 'akesson'],
    ['Aakesson', 'akesson'],
    ['Færch', 'farch'],
    ['Faerch', 'farch'],
    ['Øresund', 'oresund'],
    ['Oeresund', 'oresund'],
    // Polish, Czech, Turkish, Icelandic, Croatian, Romanian, Spanish, French
    ['Łódź Żółć', 'lodz zolc'],
    ['Dvořák', 'dvorak'],
    ['Şişecam Ilıca', 'sisecam ilica'],
    ['İstanbul', 'istanbul'],
    ['Þórður', 'thordur'],
    ['Đurđević', 'durdevic'],
    ['Țară Ștefan', 'tara stefan'],
    ['Peña Núñez', 'pena nunez'],
    ['Cœur', 'cour'],
  ])('transliterates %j → %j', (input, expected) => {
    expect(looseName(input)).toBe(expected);
  });

  it.each([
    ['Johnson & Johnson', 'johnson johnson'],
    ['Johnson and Johnson', 'johnson johnson'],
    ['Johnson + Johnson', 'johnson johnson'],
    ['Müller und Söhne', 'muller sohne'],
    ['Dupont et Fils', 'dupont fils'],
    ['Núñez y Asociados', 'nunez asociados'],
    ['Dolce e Gabbana', 'dolce gabbana'],
    ['A & B Plumbing', 'ab plumbing'],
    ['A and B Plumbing', 'ab plumbing'],
    ['Y Combinator', 'y combinator'], // first word: not a conjunction
    ['Rock and', 'rock and'], // last word: kept
  ])('treats "&", "+" and "and" words alike: %j → %j', (input, expected) => {
    expect(looseName(input)).toBe(expected);
  });

  it.each([
    ['The Home Depot', 'home depot'],
    ['Home Depot, The', 'home depot'],
    ['Die Post', 'post'],
    ['Le Petit Four', 'petit four'],
    ['La Poste', 'poste'],
    ['El Corte Inglés', 'corte ingles'],
    ['The', 'the'], // the only word stays
    ['The Co.', 'co'],
  ])('drops a leading article: %j → %j', (input, expected) => {
    expect(looseName(input)).toBe(expected);
  });

  it.each([
    ['Smith Dental, PLLC', 'smith dental'],
    ['Smith & Jones, P.C.', 'smith jones'],
    ['Harbor Partners LLLP', 'harbor partners'],
    ['Grupo Bimbo, S.A.B. de C.V.', 'grupo bimbo'],
    ['Distribuidora Norte S.A. de C.V.', 'distribuidora norte'],
    ['Distribuidora Norte S. A. de C. V.', 'distribuidora norte'],
    ['Grupo Modelo S. de R.L. de C.V.', 'grupo modelo'],
    ['Constructora Sur S. de R.L.', 'constructora sur'],
    ['Toyota Tsusho K.K.', 'toyota tsusho'],
    ['Kōbō Translation G.K.', 'kobo translation'],
    ['Żabka Polska Sp. z o.o.', 'zabka polska'],
    ['Żabka Polska sp. z o. o.', 'zabka polska'],
    ['Ferrari S.p.A.', 'ferrari'],
    ['Škoda Transportation s.r.o.', 'skoda transportation'],
    ['Kofola a.s.', 'kofola'],
    ['Mærsk Line A/S', 'marsk line'],
    ['Novo Logistik ApS', 'novo logistik'],
    ['Volvo Lastvagnar AB', 'volvo lastvagnar'],
    ['Kone Oyj', 'kone'],
    ['Nokia Oy', 'nokia'],
    ['Acme GmbH & Co. KG', 'acme'],
    ['BHP Billiton Pty Ltd', 'bhp billiton'],
    ['Infosys Pvt. Ltd.', 'infosys'],
    ['Infosys Private Limited', 'infosys'],
    ['Petronas Dagangan Sdn. Bhd.', 'petronas dagangan'],
    ['Natura Cosméticos Ltda.', 'natura cosmeticos'],
    ['Voyages Lumière SARL', 'voyages lumiere'],
    ['Capgemini SAS', 'capgemini'],
    ['Mercado Libre Ltda', 'mercado libre'],
    ['Atelier Rive S.à r.l.', 'atelier rive'],
    ['Heineken N.V.', 'heineken'],
    ['Philips B.V.', 'philips'],
    ['Siemens AG', 'siemens'],
    ['Airbus SE', 'airbus'],
    ['Acme Co.', 'acme'],
    ['Acme Corp.', 'acme'],
    ['Acme LLP', 'acme'],
    ['Acme Co., Ltd.', 'acme'],
    ['Acme Inc. (USA)', 'acme usa'],
    ['ООО «Ромашка»', 'ромашка'],
    ['Ромашка ООО', 'ромашка'],
    ['トヨタ自動車株式会社', 'トヨタ自動車'],
    ['株式会社トヨタ', 'トヨタ'],
    ['トヨタ自動車(株)', 'トヨタ自動車'],
    ['㈱トヨタ', 'トヨタ'],
    ['华为技术有限公司', '华为技术'],
    ['삼성전자주식회사', '삼성전자'],
    ['Αθήνα Α.Ε.', 'αθηνα'],
    ['שטראוס בע"מ', 'שטראוס'],
  ])('removes the legal form: %j → %j', (input, expected) => {
    expect(looseName(input)).toBe(expected);
  });

  it.each([
    ['Газпром', 'газпром'],
    ['Ελληνικά Πετρέλαια', 'ελληνικα πετρελαια'],
    ['東京電力', '東京電力'],
    ['ガス', 'ガス'],
    ['삼성전자', '삼성전자'],
    ['شركة الأمل', 'شركة الأمل'],
    ['אלביט מערכות', 'אלביט מערכות'],
    ['टाटा मोटर्स', 'टाटा मोटर्स'],
    ['ธนาคารกรุงเทพ', 'ธนาคารกรุงเทพ'],
    ['บริษัท ปูนซิเมนต์ไทย จำกัด (มหาชน)', 'ปูนซิเมนต์ไทย'],
  ])('keeps non-Latin letters as they are: %j → %j', (input, expected) => {
    expect(looseName(input)).toBe(expected);
  });
});

describe('name vocabulary', () => {
  const allForms = [...TRAILING_LEGAL_FORMS, ...LEADING_LEGAL_FORMS];
  const everyWord = [...allForms.flat(), ...EMBEDDED_LEGAL_FORMS, ...ARTICLES, ...CONJUNCTIONS, ...ABBREVIATIONS.keys()];

  it('is written as looseName leaves words (else an entry could never match)', () => {
    for (const word of everyWord) expect(looseName(word), word).toBe(word);
    for (const form of AFFIX_LEGAL_FORMS) {
      expect(normaliseName(form), form).toBe(form);
      expect(looseName(`トヨタ${form}`), form).toBe('トヨタ');
      expect(looseName(`${form}トヨタ`), form).toBe('トヨタ');
    }
    for (const form of allForms)
      expect(form.join(' '), 'no run of single letters, which looseName merges').not.toMatch(/(?:^|\s)\S\s\S(?:\s|$)/u);
  });

  it('has no duplicate entries', () => {
    const keys = (forms: readonly (readonly string[])[]) => forms.map((f) => f.join(' '));
    expect(new Set(keys(TRAILING_LEGAL_FORMS)).size).toBe(TRAILING_LEGAL_FORMS.length);
    expect(new Set(keys(LEADING_LEGAL_FORMS)).size).toBe(LEADING_LEGAL_FORMS.length);
    expect(new Set(AFFIX_LEGAL_FORMS).size).toBe(AFFIX_LEGAL_FORMS.length);
  });

  it('removes embedded forms only where they are also removed at the end', () => {
    const trailing = new Set(TRAILING_LEGAL_FORMS.map((f) => f.join(' ')));
    for (const w of EMBEDDED_LEGAL_FORMS) expect(trailing.has(w), w).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

/** Any text: full Unicode, graphemes with combining marks, and dense ASCII (control characters, punctuation, short words). */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 20 }),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
);
const letters = 'abcdefghijklmnopqrstuvwxyz';
/** Words that looseName drops or joins with others: a generated name avoids them, so its key is predictable. */
const SPECIAL = new Set([
  ...[...TRAILING_LEGAL_FORMS, ...LEADING_LEGAL_FORMS].flat(),
  ...EMBEDDED_LEGAL_FORMS,
  ...ARTICLES,
  ...CONJUNCTIONS,
]);
/** A word of 2–10 ASCII letters that is not a legal form, an article or a conjunction. */
const word = fc.string({ unit: fc.constantFrom(...Array.from(letters)), minLength: 2, maxLength: 10 }).filter((w) => !SPECIAL.has(w));
const baseName = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '));
const spaces = fc.constantFrom(' ', '  ', '\t', '\u00a0', '\u2003', ' \n ');

function recase(s: string, mask: boolean[]): string {
  return Array.from(s, (c, i) => (mask[i % Math.max(mask.length, 1)] ? c.toUpperCase() : c)).join('');
}

describe('name properties', () => {
  it('normaliseName is idempotent on any text', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const once = normaliseName(s);
        expect(normaliseName(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('looseName is idempotent on any text', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const once = looseName(s);
        expect(looseName(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('looseName agrees with normaliseName: equal exact keys give equal loose keys', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(looseName(normaliseName(s))).toBe(looseName(s));
      }),
      { numRuns: 1000 },
    );
  });

  it('normaliseName ignores case and whitespace', () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 4 }),
        fc.array(fc.boolean(), { minLength: 1 }),
        fc.array(spaces, { minLength: 6, maxLength: 6 }),
        (ws, mask, sp) => {
          const plain = ws.join(' ');
          const messy = `${sp[0]!}${ws.map((w) => recase(w, mask)).join(sp[1])}${sp[2]!}`;
          expect(normaliseName(messy)).toBe(normaliseName(plain));
          expect(normaliseName(plain.toUpperCase())).toBe(normaliseName(plain));
        },
      ),
    );
  });

  it('normaliseName is the same for NFKC-equivalent forms (NFC, NFD, full-width, ligatures)', () => {
    const accented = fc.string({ unit: fc.constantFrom(...'aeiouncAEIOUNC éèêëñçÉÑåøüöÅ'.split('')), minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(accented, (s) => {
        const key = normaliseName(s);
        expect(normaliseName(s.normalize('NFD'))).toBe(key);
        expect(normaliseName(s.normalize('NFKD'))).toBe(key);
        expect(normaliseName(s.normalize('NFC'))).toBe(key);
      }),
    );
    fc.assert(
      fc.property(baseName, fc.array(fc.boolean(), { minLength: 1 }), (s, mask) => {
        const fullWidth = Array.from(s)
          .map((c, i) => (mask[i % mask.length] && c !== ' ' ? String.fromCodePoint(c.codePointAt(0)! - 0x61 + 0xff41) : c))
          .join('');
        expect(normaliseName(fullWidth)).toBe(normaliseName(s));
        expect(normaliseName(s.replaceAll('fi', '\ufb01'))).toBe(normaliseName(s));
      }),
    );
  });

  const accentOf: Record<string, string[]> = {
    a: ['á', 'à', 'ä', 'a\u0301'],
    e: ['é', 'è', 'ê', 'e\u0308'],
    i: ['í', 'ï'],
    o: ['ó', 'ö', 'ô'],
    u: ['ú', 'ü', 'u\u0300'],
    c: ['ç'],
    n: ['ñ', 'n\u0303'],
  };
  const suffix = fc.constantFrom(
    'Inc',
    'Inc.',
    ', Inc.',
    'INC',
    'Incorporated',
    'LLC',
    'L.L.C.',
    ', L.L.C.',
    'Ltd',
    'Ltd.',
    'Limited',
    'GmbH',
    'S.A.',
    'SA',
    'SAS',
    'SARL',
    'AG',
    'BV',
    'B.V.',
    'Corp',
    'Corp.',
    'Corporation',
    'Co',
    'Co.',
    '& Co.',
    'PLC',
    'plc',
    'Pty Ltd',
    'Pty. Ltd.',
    'GmbH & Co. KG',
  );

  it('looseName ignores accents, punctuation and legal suffixes', () => {
    fc.assert(
      fc.property(baseName, fc.array(fc.nat(3)), suffix, fc.constantFrom('', '.', ',', '!', ' -'), (base, picks, suf, punct) => {
        const key = looseName(base);
        let k = 0;
        const accented = Array.from(base)
          .map((c) => {
            const options = accentOf[c];
            return options ? options[(picks[k++ % Math.max(picks.length, 1)] ?? 0) % options.length]! : c;
          })
          .join('');
        expect(looseName(accented)).toBe(key);
        expect(looseName(`${base}${punct} ${suf}`)).toBe(key);
        expect(looseName(`${accented.toUpperCase()} ${suf}`)).toBe(key);
        expect(looseName(base.split(' ').join(', '))).toBe(key);
      }),
      { numRuns: 500 },
    );
  });

  it('looseName is never empty for a name with a letter or digit', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        if (/[\p{L}\p{N}]/u.test(normaliseName(s))) expect(looseName(s)).not.toBe('');
      }),
      { numRuns: 1000 },
    );
  });
});
