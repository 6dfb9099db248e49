import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LEGAL_SUFFIXES, looseName, normaliseName } from '../../src/core/names.js';

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
/** A word of 2–10 ASCII letters that is not a legal suffix. */
const word = fc.string({ unit: fc.constantFrom(...letters), minLength: 2, maxLength: 10 }).filter((w) => !LEGAL_SUFFIXES.has(w));
const baseName = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '));
const spaces = fc.constantFrom(' ', '  ', '\t', '\u00a0', '\u2003', ' \n ');

function recase(s: string, mask: boolean[]): string {
  return [...s].map((c, i) => (mask[i % Math.max(mask.length, 1)] ? c.toUpperCase() : c)).join('');
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
          const messy = sp[0] + ws.map((w) => recase(w, mask)).join(sp[1]!) + sp[2];
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
        const fullWidth = [...s]
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
        const accented = [...base]
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
