/**
 * Supplier/vendor name keys.
 *
 * `normaliseName` is the key for an EXACT match (a vendor is linked automatically):
 * two names that a person would call "the same text" get the same key.
 * `looseName` is the key for a NEAR match (a person decides, in the review queue): accents,
 * transliterations, punctuation, articles, "&"/"and", and legal forms are folded away, so
 * "The Müller & Co. GmbH" ~ "Mueller and Co" ~ "MULLER". A false near match costs a review; a
 * missed one costs a duplicate vendor. So `looseName` errs towards matching; the closeness of
 * two names that do not share a loose key is `name-similarity.ts`'s job.
 */
import {
  AFFIX_LEGAL_FORMS,
  ARTICLES,
  CONJUNCTIONS,
  EMBEDDED_LEGAL_FORMS,
  LEADING_LEGAL_FORMS,
  TRAILING_LEGAL_FORMS,
} from './name-words.js';

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
// eslint-disable-next-line no-misleading-character-class -- a class of combining marks on purpose: each is removed on its own, after NFD
const ACCENTS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

/**
 * Letters with no decomposition that people write without their stroke or as two letters
 * (Scandinavian, Polish, Icelandic, Croatian, Turkish dotless i, Maltese).
 */
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

/**
 * The spellings of a letter without its umlaut or ring: German "Mueller" = "Müller" = "Muller",
 * Danish "Aalborg" = "Ålborg". Once accents are gone, "ue" and "u" are the same letter here,
 * applied until nothing changes so that the key is stable. It also folds words that are not
 * German ("blue" → "blu"), the same way on both sides, so only near matches can result.
 */
const DIGRAPH = /([aou])e|(a)a/g;

/** Dropped without a trace, so "L.L.C." → "llc", "O'Brien" → "obrien". */
const JOINING = /[.'\u2018\u2019\u02bc`\u00b4\u05f3\u05f4]/gu;
/** Every other punctuation mark or symbol separates words: "Acme-Widgets" → "acme widgets", "Acme,Inc" → "acme inc", "&" → " ". */
const SEPARATING = /[\p{P}\p{S}]+/gu;

/**
 * Scripts written without spaces between words (Chinese, Japanese, Korean, Thai…) or where one
 * code point is a whole syllable or vowel (Indic scripts): there, one character more or less is
 * another word, so names in them are near only when their loose keys are equal.
 */
export const UNSPACED_SCRIPT =
  /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\p{sc=Tibetan}\p{sc=Devanagari}\p{sc=Bengali}\p{sc=Gurmukhi}\p{sc=Gujarati}\p{sc=Oriya}\p{sc=Tamil}\p{sc=Telugu}\p{sc=Kannada}\p{sc=Malayalam}\p{sc=Sinhala}]/u;

/**
 * Near-match key: the normalised name with accents removed ("é" → "e"), letters folded
 * (ß → ss, æ → ae, ø → o, ł → l…; then ae → a, oe → o, ue → u, aa → a), dots and apostrophes
 * dropped, other punctuation and symbols turned into spaces, "and" words between two words
 * dropped (as "&" is), runs of single letters merged ("l l c" → "llc"), a leading article
 * dropped ("The Home Depot"), and legal forms removed: at the end ("Acme S.A. de C.V.",
 * "Acme GmbH & Co. KG"), at the start where they are written there ("ООО Ромашка"), glued to a
 * CJK name ("トヨタ株式会社"), and unambiguous ones anywhere but first ("Acme Inc. (USA)").
 *
 * A word is never removed when it is the only one left, so the key is empty only for a name
 * with no letter or digit. Matching is by whole word, so "Costco" or "Incline" are untouched,
 * and "Co-operative Bank" or "AG Barr" keep their first word. Non-Latin letters are kept as
 * they are (no transliteration across scripts).
 */
export function looseName(input: string): string {
  let s = normaliseName(input).normalize('NFD').replace(ACCENTS, '').normalize('NFC');
  s = s.replace(FOLDABLE, (c) => FOLD[c] ?? c);
  s = s.replace(JOINING, '').replace(SEPARATING, ' ');
  let words = s.split(SPACES).filter((w) => w !== '');
  // Each step can make another apply ("s a" → "sa" is a legal form, "u e" → "ue" → "u";
  // dropping a word brings single letters together): repeat until nothing changes, so the key
  // is stable.
  for (let before = ''; before !== words.join(' ');) {
    before = words.join(' ');
    words = dropConjunctions(words);
    words = mergeSingleLetters(words).map(foldDigraphs);
    words = dropArticles(words);
    words = dropLegalForms(words);
  }
  return words.join(' ');
}

function foldDigraphs(word: string): string {
  let w = word;
  for (let before = ''; before !== w;) {
    before = w;
    w = w.replace(DIGRAPH, (_, vowel?: string, a?: string) => vowel ?? a ?? '');
  }
  return w;
}

/** "a and b" → "a b"; never the first or last word ("Y Combinator", "Rock and"). */
function dropConjunctions(words: string[]): string[] {
  return words.filter((w, i) => i === 0 || i === words.length - 1 || !CONJUNCTIONS.has(w));
}

/** One letter or digit (one code point). */
const SINGLE_LETTER = /^[\p{L}\p{N}]$/u;

/** "s a" → "sa", "a c m e" → "acme": initials written with spaces or dots mean one word. */
function mergeSingleLetters(words: string[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const w of words) {
    if (SINGLE_LETTER.test(w)) {
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

function dropArticles(words: string[]): string[] {
  let out = words;
  if (out.length > 1 && ARTICLES.has(out[0] ?? '')) out = out.slice(1);
  if (out.length > 1 && out[out.length - 1] === 'the') out = out.slice(0, -1);
  return out;
}

const byLength = (a: readonly string[], b: readonly string[]): number => b.length - a.length;
const TRAILING = [...TRAILING_LEGAL_FORMS].sort(byLength);
const LEADING = [...LEADING_LEGAL_FORMS].sort(byLength);
const AFFIXES = [...AFFIX_LEGAL_FORMS].sort((a, b) => b.length - a.length);

/** One legal form removed from each place it can stand, while a word remains. */
function dropLegalForms(words: string[]): string[] {
  let out = words;
  const trailing = TRAILING.find((form) => form.length < out.length && endsWith(out, form));
  if (trailing) out = out.slice(0, out.length - trailing.length);
  const leading = LEADING.find((form) => form.length < out.length && startsWith(out, form));
  if (leading) out = out.slice(leading.length);
  out = out.filter((w, i) => i === 0 || !EMBEDDED_LEGAL_FORMS.has(w));
  return out.map((w, i) => (i === 0 || i === out.length - 1 ? dropAffix(w) : w));
}

function startsWith(words: readonly string[], form: readonly string[]): boolean {
  return form.every((w, i) => words[i] === w);
}

function endsWith(words: readonly string[], form: readonly string[]): boolean {
  const offset = words.length - form.length;
  return form.every((w, i) => words[offset + i] === w);
}

/** "トヨタ自動車株式会社" → "トヨタ自動車": a CJK legal form glued to the start or end of the name. */
function dropAffix(word: string): string {
  if (!UNSPACED_SCRIPT.test(word)) return word;
  for (const form of AFFIXES) {
    if (word.length > form.length && word.endsWith(form)) return word.slice(0, -form.length);
    if (word.length > form.length && word.startsWith(form)) return word.slice(form.length);
  }
  return word;
}
