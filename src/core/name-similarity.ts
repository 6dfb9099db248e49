/**
 * How alike two supplier/vendor names are, from 0 (unrelated) to 1 (the same once folded), for
 * the review queue: a pair scoring at least `NEAR_THRESHOLD` is shown to a person as a likely
 * duplicate. Never used to link automatically (that takes an exact `normaliseName` match).
 *
 * The score is the best of three views of the two loose keys (`looseName`):
 * - words: paired by edit distance after spelling out abbreviations and a light English
 *   stemming ("Industrial" ~ "Industries", "Consulting" ~ "Consultants"), weighted by length
 *   (Dice): "Acme Industrial" ~ "Acme Industries", but "Northwind Traders" ≁ "Northwind
 *   Consulting" (half the name differs);
 * - containment: one name is the other plus words ("Alpha Systems" ~ "Alpha Systems
 *   International"), scored a little lower than a match of the whole name;
 * - characters: Damerau–Levenshtein (optimal string alignment) over the keys without spaces,
 *   when the names are cut into a different number of words ("Fed Ex" ~ "FedEx").
 * Two rules override it: names whose numbers differ are apart ("Store 12" ≁ "Store 21": a
 * number in a name is a branch, a store or a fund); and in scripts written without spaces or
 * with syllabic letters (CJK, Thai, Indic) words must be equal, since one character is a word.
 *
 * Why 0.8: the table test (`test/core/name-similarity.test.ts`) puts every must-be-near pair
 * at or above it and every must-stay-apart pair below. A one-letter typo in a 5-letter name
 * (0.8) is near; in a 4-letter name ("Acme" ~ "Acne", 0.75) it is not: short names differ by
 * a letter far more often than they are mistyped.
 */
import { ABBREVIATIONS } from './name-words.js';
import { looseName, UNSPACED_SCRIPT } from './names.js';

/** At or above: a likely duplicate, for a person to decide. */
export const NEAR_THRESHOLD = 0.8;
/** Two words count as the same word from this similarity up ("industri" ~ "industr"). */
const WORD_MATCH = 0.75;
/** A name contained in a longer one scores its coverage times this. */
export const CONTAINED = 0.9;
/** A contained name must weigh at least this many letters ("Acme" in "Acme Consulting"). */
export const MIN_CONTAINED_WEIGHT = 4;
/** Two different keys never score 1: a vendor with the same loose key ranks first. */
const BELOW_SAME = 0.99;

/** A word of a name, as the score compares it. */
export interface NameWord {
  /** Abbreviation spelled out, then stemmed. */
  readonly text: string;
  readonly points: readonly number[];
  /** Which letters occur (bit per letter, others folded): a cheap lower bound of the edit distance. */
  readonly mask: number;
  /** In a script where words must be equal (`UNSPACED_SCRIPT`). */
  readonly unspaced: boolean;
}

/** What the score needs of a name, computed once per name (an index keeps one per vendor). */
export interface NameProfile {
  /** `looseName` of the name. */
  readonly key: string;
  readonly words: readonly NameWord[];
  /** Total length of the words. */
  readonly weight: number;
  /** The key without spaces, as code points, its letter mask and its letter counts (`BUCKETS`). */
  readonly joined: readonly number[];
  readonly joinedMask: number;
  readonly joinedCounts: Uint32Array;
  /** The numbers in the name, leading zeros dropped, sorted. */
  readonly numbers: string;
  /** Some word is `unspaced`. */
  readonly unspaced: boolean;
}

/** "012" is 12 ("Store 012" ~ "Store 12"); "0" stays. */
const LEADING_ZEROS = /^0+(?=\p{Nd})/u;

export function profileName(name: string): NameProfile {
  const key = looseName(name);
  const raw = key === '' ? [] : key.split(' ');
  const words = raw.map((w) => nameWord(stem(ABBREVIATIONS.get(w) ?? w.replace(LEADING_ZEROS, ''))));
  const joined = codePoints(raw.join(''));
  const numbers = (key.match(/\p{Nd}+/gu) ?? [])
    .map((n) => n.replace(LEADING_ZEROS, ''))
    .sort()
    .join(' ');
  return {
    key,
    words,
    weight: words.reduce((sum, w) => sum + w.points.length, 0),
    joined,
    joinedMask: letterMask(joined),
    joinedCounts: letterCounts(joined),
    numbers,
    unspaced: words.some((w) => w.unspaced),
  };
}

function nameWord(text: string): NameWord {
  const points = codePoints(text);
  return { text, points, mask: letterMask(points), unspaced: UNSPACED_SCRIPT.test(text) };
}

/** The score of two names (see the module comment). Symmetric; 1 exactly when the loose keys are equal. */
export function nameSimilarity(a: string | NameProfile, b: string | NameProfile): number {
  return similarity(typeof a === 'string' ? profileName(a) : a, typeof b === 'string' ? profileName(b) : b);
}

export function similarity(a: NameProfile, b: NameProfile): number {
  if (a.key === '' || b.key === '') return 0;
  if (a.key === b.key) return 1;
  if (a.numbers !== b.numbers) return 0;
  const { both, coverA, coverB } = alignWords(a, b);
  let score = both / (a.weight + b.weight);
  if (a.weight <= b.weight && a.weight >= MIN_CONTAINED_WEIGHT) score = Math.max(score, CONTAINED * (coverA / a.weight));
  if (b.weight <= a.weight && b.weight >= MIN_CONTAINED_WEIGHT) score = Math.max(score, CONTAINED * (coverB / b.weight));
  if (characterBound(a, b) > score) score = Math.max(score, ratio(a.joined, b.joined));
  // Six decimals: the same pair scores the same whichever way its sums were added up.
  return Math.round(Math.min(score, BELOW_SAME) * 1e6) / 1e6;
}

/**
 * The similarity of two words: 1 − edit distance / longer length, or 0 below `WORD_MATCH`
 * (they are different words). In unspaced scripts, 1 when equal and 0 otherwise.
 */
export function wordSimilarity(a: NameWord, b: NameWord): number {
  if (a.unspaced || b.unspaced) return a.text === b.text ? 1 : 0;
  const longest = Math.max(a.points.length, b.points.length);
  // Cheap lower bounds of the distance first: the length difference, letters present in one only.
  const allowed = Math.floor((1 - WORD_MATCH) * longest + 1e-9);
  if (Math.abs(a.points.length - b.points.length) > allowed) return 0;
  if (popcount(a.mask ^ b.mask) > 2 * allowed) return 0;
  const s = ratio(a.points, b.points);
  return s >= WORD_MATCH ? s : 0;
}

/**
 * An upper bound of the character view, from lengths, letter masks and letter counts (0 when
 * it does not apply). The character view is for names cut into words differently ("Fed Ex" / "FedEx"): with
 * as many words on both sides the word view already compares them, and the character view would
 * let a long shared word hide a different one ("Jordan Reyes" / "Jordan Reed").
 */
export function characterBound(a: NameProfile, b: NameProfile): number {
  if (a.unspaced || b.unspaced || a.words.length === b.words.length) return 0;
  const longest = Math.max(a.joined.length, b.joined.length);
  if (longest === 0) return 0;
  // An edit changes the length by at most 1, and the set of letters present and the letter
  // counts by at most 2: cheapest first, the counts only for names that pass the others.
  let atLeast = Math.max(Math.abs(a.joined.length - b.joined.length), Math.ceil(popcount(a.joinedMask ^ b.joinedMask) / 2));
  if (1 - atLeast / longest >= NEAR_THRESHOLD) atLeast = Math.max(atLeast, Math.ceil(countDistance(a.joinedCounts, b.joinedCounts) / 2));
  return 1 - atLeast / longest;
}

/**
 * Pairs words, most similar first, each word used once. Ties are broken by the pair's content
 * (never by position), so swapping the names gives the same total.
 */
function alignWords(a: NameProfile, b: NameProfile): { both: number; coverA: number; coverB: number } {
  const pairs: { i: number; j: number; s: number; w: number; lo: string; hi: string }[] = [];
  a.words.forEach((wa, i) => {
    b.words.forEach((wb, j) => {
      const s = wordSimilarity(wa, wb);
      if (s === 0) return;
      const [lo, hi] = wa.text < wb.text ? [wa.text, wb.text] : [wb.text, wa.text];
      pairs.push({ i, j, s, w: wa.points.length + wb.points.length, lo, hi });
    });
  });
  pairs.sort((x, y) => y.s - x.s || y.w - x.w || compareText(x.lo, y.lo) || compareText(x.hi, y.hi));
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let both = 0;
  let coverA = 0;
  let coverB = 0;
  for (const p of pairs) {
    if (usedA.has(p.i) || usedB.has(p.j)) continue;
    usedA.add(p.i);
    usedB.add(p.j);
    const wa = a.words[p.i]?.points.length ?? 0;
    const wb = b.words[p.j]?.points.length ?? 0;
    both += p.s * (wa + wb);
    coverA += p.s * wa;
    coverB += p.s * wb;
  }
  return { both, coverA, coverB };
}

/** 1 − edit distance / longer length. */
function ratio(a: readonly number[], b: readonly number[]): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - editDistance(a, b) / longest;
}

// Rows of the distance table, reused between calls (names are short; JavaScript runs one call at a time).
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/**
 * Damerau–Levenshtein distance in its optimal-string-alignment form (insert, delete,
 * substitute, swap two neighbours; no substring edited twice), over code points.
 */
export function editDistance(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  if (rowA.length <= m) {
    rowA = new Int32Array(m + 1);
    rowB = new Int32Array(m + 1);
    rowC = new Int32Array(m + 1);
  }
  let prev2 = rowA;
  let prev = rowB;
  let row = rowC;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    row[0] = i;
    const ai = a[i - 1];
    const aBefore = a[i - 2];
    for (let j = 1; j <= m; j++) {
      const bj = b[j - 1];
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b[j - 2] && aBefore === bj) d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      row[j] = d;
    }
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[m] ?? 0;
}

/**
 * A light English stemmer for words in Latin letters of five letters or more: the plural, then
 * one common ending, keeping at least four letters. "industries"/"industrial"/"industry" →
 * "industr", "consulting"/"consultants"/"consultancy" → "consult", "logistics" → "logistic"
 * (not "logic"). British "-our" is read as American "-or" first ("Harbour"/"Harbor",
 * "Colour"/"Color"): the same firm, spelt by a person on the other side of the Atlantic.
 * Both names go through it, so an over-eager cut can only make a near match.
 */
const ENDINGS = ['ancy', 'ance', 'ing', 'ial', 'ant', 'al', 'ed', 'er', 'or', 'y', 'e'];

export function stem(word: string): string {
  if (word.length < 5 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(?:x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('our') && w.length >= 6) w = `${w.slice(0, -3)}or`;
  const ending = ENDINGS.find((e) => w.endsWith(e) && w.length - e.length >= 4);
  return ending ? w.slice(0, -ending.length) : w;
}

function codePoints(s: string): number[] {
  return Array.from(s, (c) => c.codePointAt(0) ?? 0);
}

/** One bit per code point modulo 32 (a–z get a bit each). Folding only lowers the distance bound. */
function letterMask(points: readonly number[]): number {
  let mask = 0;
  for (const p of points) mask |= 1 << (p & 31);
  return mask;
}

const BUCKETS = 32;

/** How often each code point occurs, modulo 32 like `letterMask`. */
function letterCounts(points: readonly number[]): Uint32Array {
  const counts = new Uint32Array(BUCKETS);
  for (const p of points) counts[p & 31] = (counts[p & 31] ?? 0) + 1;
  return counts;
}

function countDistance(a: Uint32Array, b: Uint32Array): number {
  let d = 0;
  for (let k = 0; k < BUCKETS; k++) d += Math.abs((a[k] ?? 0) - (b[k] ?? 0));
  return d;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Code-unit order (not `localeCompare`: it depends on the ICU build). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
