/**
 * Supplier/vendor name keys.
 *
 * `normaliseName` is the key for an EXACT match (a vendor is linked automatically):
 * two names that a person would call "the same text" get the same key.
 * `looseName` is the key for a NEAR match (a person decides, in the review queue): accents,
 * punctuation and legal-form suffixes are dropped, so "Acme, Inc." ~ "ACME Inc" ~ "Ácme LLC".
 * A false near match costs a review; a missed one costs a duplicate vendor. So `looseName`
 * errs towards matching.
 */

/** Invisible format characters (zero-width space/joiners, soft hyphen, BOM, bidi marks): pasted from web pages, never meant. */
const INVISIBLE = /\p{Cf}/gu;
/** Whitespace of any kind, and control characters (tabs, newlines, NUL), become one space. */
const SPACES = /[\s\p{Cc}]+/gu;

/**
 * Exact-match key: Unicode NFKC (full-width, ligatures, compatibility forms → plain),
 * invisible format characters removed, case-folded, whitespace trimmed and collapsed.
 *
 * Case folding is `toLowerCase()` between two NFKC passes. JavaScript has no full Unicode
 * case fold: `toLowerCase` differs from it in a few letters ("ß" stays "ß", not "ss"; final
 * sigma). That is acceptable here: the two spellings still meet in `looseName` (review queue),
 * and `toLowerCase` (not `toLocaleLowerCase`) gives the same answer on every machine (no
 * Turkish-i surprises). The second NFKC pass keeps the result stable under re-normalisation.
 */
export function normaliseName(input: string): string {
  let s = input.normalize('NFKC').replace(INVISIBLE, '');
  s = s.toLowerCase().normalize('NFKC');
  return s.replace(SPACES, ' ').trim();
}

/**
 * Accent marks of the Latin, Greek and Cyrillic scripts (Combining Diacritical Marks and their
 * supplements). Not every `\p{M}`: in Indic scripts marks are vowels and in Japanese kana the
 * voicing marks change the word, so stripping those would make different names equal.
 */
const ACCENTS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

/** Letters with no decomposition that people write without their stroke or as two letters. */
const FOLD: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
};
const FOLDABLE = /[ßæœøđðłþıħ]/g;

/** Dropped without a trace, so "L.L.C." → "llc", "O'Brien" → "obrien". */
const JOINING = /[.'\u2018\u2019\u02bc`\u00b4]/gu;
/** Every other punctuation mark or symbol separates words: "Acme-Widgets" → "acme widgets", "Acme,Inc" → "acme inc". */
const SEPARATING = /[\p{P}\p{S}]+/gu;

/**
 * Legal-form words, as they look after punctuation is dropped (so "S.A." is "sa", "L.L.C." is
 * "llc", "S. A." is merged to "sa" first). The brief's list plus a few common European and
 * Asian forms; data, not logic.
 */
export const LEGAL_SUFFIXES: ReadonlySet<string> = new Set([
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'gmbh',
  'sa',
  'sas',
  'sarl',
  'ag',
  'bv',
  'corp',
  'corporation',
  'co',
  'company',
  'plc',
  'pty',
  'llp',
  'lp',
  'kg',
  'nv',
  'se',
  'srl',
  'spa',
  'pte',
  'pvt',
  'oy',
  'ab',
]);

/**
 * Near-match key: the normalised name with accents removed ("é" → "e", plus ß/æ/ø/ł-style
 * folds), dots and apostrophes dropped, other punctuation and symbols turned into spaces,
 * runs of single letters merged ("l l c" → "llc", "j j" → "jj"), and legal-form words removed,
 * then whitespace collapsed.
 *
 * A legal-form word is removed anywhere except as the FIRST word: "Acme Pty Ltd" → "acme",
 * "Acme GmbH & Co. KG" → "acme", but "Co-operative Bank" keeps "co", "AG Barr plc" keeps "ag",
 * and a name that is only a suffix ("Limited") keeps it, so the key is never empty for a
 * non-empty name. Matching is by whole word, so "Costco" or "Incline" are untouched.
 */
export function looseName(input: string): string {
  let s = normaliseName(input).normalize('NFD').replace(ACCENTS, '').normalize('NFC');
  s = s.replace(FOLDABLE, (c) => FOLD[c] ?? c);
  s = s.replace(JOINING, '').replace(SEPARATING, ' ');
  let words = s.split(SPACES).filter((w) => w !== '');
  // Merging can form a suffix ("s a" → "sa") and dropping one can bring single letters
  // together ("x nv y" → "x y"): repeat until nothing changes, so the key is stable.
  for (let before = -1; before !== words.length;) {
    before = words.length;
    words = mergeSingleLetters(words).filter((w, i) => i === 0 || !LEGAL_SUFFIXES.has(w));
  }
  return words.join(' ');
}

/** "s a" → "sa", "a c m e" → "acme": initials written with spaces or dots mean one word. */
function mergeSingleLetters(words: string[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const w of words) {
    if ([...w].length === 1 && /[\p{L}\p{N}]/u.test(w)) {
      run += w;
      continue;
    }
    if (run) out.push(run);
    run = '';
    out.push(w);
  }
  if (run) out.push(run);
  return out;
}
