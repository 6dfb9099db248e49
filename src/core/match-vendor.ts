/**
 * Which FreshBooks bill vendor a Coupa supplier is.
 *
 * Only an unambiguous exact match links automatically: a wrong link would send bills and
 * payments to someone else's vendor, which is worse than asking. Everything else that
 * resembles the supplier goes to the review queue; only `none` lets the engine create a vendor.
 */
import { compareIds, type Supplier, type Vendor } from './records.js';
import { normaliseName } from './names.js';
import {
  characterBound,
  CONTAINED,
  MIN_CONTAINED_WEIGHT,
  NEAR_THRESHOLD,
  profileName,
  similarity,
  wordSimilarity,
  type NameProfile,
  type NameWord,
} from './name-similarity.js';

/** The review queue shows at most this many near candidates, the most similar first. */
export const MAX_NEAR_CANDIDATES = 10;

type VendorMatch =
  /** Exactly one vendor with the same normalised name: link it. */
  | { kind: 'exact'; vendor: Vendor }
  /**
   * No exact match, but vendors whose names are likely the same company ("Acme Inc." vs
   * "ACME, LLC", "Müller" vs "Mueller", "Acme Industrial" vs "Acme Industries"): review.
   * Most similar first; `scores[i]` is `candidates[i]`'s `nameSimilarity` (1 = same loose name).
   */
  | { kind: 'near'; candidates: Vendor[]; scores: number[] }
  /** Several vendors with the same normalised name (duplicates already in FreshBooks): review. */
  | { kind: 'ambiguous'; candidates: Vendor[] }
  /** Nothing resembles it: create a vendor. */
  | { kind: 'none' };

interface IndexedVendor {
  readonly vendor: Vendor;
  readonly exactKey: string;
  readonly profile: NameProfile;
}

/** An indexed vendor with its words as positions in the index's vocabulary. */
interface Entry extends IndexedVendor {
  readonly wordIds: readonly number[];
}

/**
 * Vendors keyed by exact and loose name, with each name's similarity profile, built once per
 * pass: matching every supplier against a plain list would prepare every vendor name again
 * each time (suppliers × vendors).
 */
export interface VendorIndex {
  readonly exact: ReadonlyMap<string, readonly Vendor[]>;
  readonly loose: ReadonlyMap<string, readonly Vendor[]>;
  readonly entries: readonly Entry[];
  /** Every distinct word of the vendors' names, each once: a supplier's words are compared with these, not with every name. */
  readonly vocabulary: readonly NameWord[];
  /** For each vocabulary word, the positions in `entries` of the vendors whose names have it. */
  readonly postings: readonly (readonly number[])[];
}

/** Deleted vendors (vis_state 1) are left out; archived ones stay (they exist, and a person can restore them). */
export function indexVendors(vendors: readonly Vendor[]): VendorIndex {
  return fromEntries(vendors.filter((v) => v.visState !== 1).map(entry));
}

/**
 * The index with one vendor added, or replaced when its id is already there (a vendor the
 * pass itself created or updated): only that vendor's name is prepared.
 */
export function withVendor(index: VendorIndex, vendor: Vendor): VendorIndex {
  const others = index.entries.filter((e) => e.vendor.id !== vendor.id);
  return fromEntries(vendor.visState === 1 ? others : [...others, entry(vendor)]);
}

/**
 * Matches a supplier (or its name) against the vendors (a list, or an index from
 * `indexVendors`). A blank name matches nothing. Exact and ambiguous candidates are ordered by
 * normalised name, then vendor id; near ones by score first. So the same input always gives
 * the same list (the review queue and its tests depend on it).
 */
export function matchVendor(supplier: string | Pick<Supplier, 'name'>, vendors: readonly Vendor[] | VendorIndex): VendorMatch {
  const index = isIndex(vendors) ? vendors : indexVendors(vendors);
  const name = typeof supplier === 'string' ? supplier : supplier.name;
  const exactKey = normaliseName(name);
  if (exactKey === '') return { kind: 'none' };

  const exact = index.exact.get(exactKey) ?? [];
  const [only] = exact;
  if (exact.length === 1 && only) return { kind: 'exact', vendor: only };
  if (exact.length > 1) return { kind: 'ambiguous', candidates: [...exact] };

  const near = nearVendors(name, index);
  if (near.length === 0) return { kind: 'none' };
  return { kind: 'near', candidates: near.map((n) => n.vendor), scores: near.map((n) => n.score) };
}

/**
 * The vendors at least `NEAR_THRESHOLD` similar to the name, most similar first (ties by
 * normalised name, then id), at most `limit`.
 *
 * Vendors with the same loose name come from the index. For the others, the supplier's words
 * are compared once with each distinct vendor word (the vocabulary); from those, each vendor
 * gets an upper bound of its score (every word at its best similarity, as if each could pair
 * with its best match), and only a vendor whose bound reaches the threshold is scored in full.
 * The bound is never below the score, so no near vendor is skipped.
 */
export function nearVendors(name: string, index: VendorIndex, limit = MAX_NEAR_CANDIDATES): { vendor: Vendor; score: number }[] {
  const profile = profileName(name);
  if (profile.key === '') return [];
  // Already in order (normalised name, id), and every other name scores below 1.
  const same = (index.loose.get(profile.key) ?? []).map((vendor) => ({ vendor, score: 1 }));
  if (same.length >= limit) return same.slice(0, limit);

  // table[i][id]: supplier word i against vocabulary word id. Only vendors having a word like
  // one of the supplier's (through `postings`) can score in the word views.
  const size = index.vocabulary.length;
  const table = profile.words.map(() => new Float64Array(size));
  const withWords = new Uint8Array(index.entries.length);
  profile.words.forEach((w, i) => {
    const row = table[i] ?? new Float64Array(size);
    for (let id = 0; id < size; id++) {
      const v = index.vocabulary[id];
      const s = v ? wordSimilarity(w, v) : 0;
      if (s === 0) continue;
      row[id] = s;
      for (const n of index.postings[id] ?? []) withWords[n] = 1;
    }
  });

  const scored: { entry: Entry; score: number }[] = [];
  for (let n = 0; n < index.entries.length; n++) {
    const e = index.entries[n];
    if (!e || e.profile.key === profile.key || e.profile.numbers !== profile.numbers) continue;
    const wordsMayReach = withWords[n] === 1 && scoreBound(profile, e, table) >= NEAR_THRESHOLD - ROUNDING;
    if (!wordsMayReach && characterBound(profile, e.profile) < NEAR_THRESHOLD - ROUNDING) continue;
    const score = similarity(profile, e.profile);
    if (score >= NEAR_THRESHOLD) scored.push({ entry: e, score });
  }
  scored.sort((a, b) => b.score - a.score || compareEntries(a.entry, b.entry));
  return [...same, ...scored.map((s) => ({ vendor: s.entry.vendor, score: s.score }))].slice(0, limit);
}

/** The score is rounded to six decimals and the bounds add in another order: never let rounding skip a vendor. */
const ROUNDING = 1e-6;

/**
 * At least the word and containment views of `similarity`: each word counted at its best
 * similarity with any word of the other name, as if each could pair with its best match.
 */
function scoreBound(profile: NameProfile, e: Entry, table: readonly Float64Array[]): number {
  // Plain loops, no allocation: this runs for every vendor sharing a word with the supplier.
  let vendorSide = 0;
  for (let j = 0; j < e.wordIds.length; j++) {
    const id = e.wordIds[j] ?? 0;
    let top = 0;
    for (const row of table) top = Math.max(top, row[id] ?? 0);
    vendorSide += top * (e.profile.words[j]?.points.length ?? 0);
  }
  let supplierSide = 0;
  for (let i = 0; i < table.length; i++) {
    const row = table[i];
    let top = 0;
    if (row) for (const id of e.wordIds) top = Math.max(top, row[id] ?? 0);
    supplierSide += top * (profile.words[i]?.points.length ?? 0);
  }
  const a = profile.weight;
  const b = e.profile.weight;
  let bound = (supplierSide + vendorSide) / (a + b);
  if (a <= b && a >= MIN_CONTAINED_WEIGHT) bound = Math.max(bound, (CONTAINED * supplierSide) / a);
  if (b <= a && b >= MIN_CONTAINED_WEIGHT) bound = Math.max(bound, (CONTAINED * vendorSide) / b);
  return bound;
}

/**
 * Prepared names, kept between indexes: the engine builds a new index whenever a pass adds a
 * vendor, and preparing 5,000 names each time would cost more than the matching. A memo of a
 * pure function (results never depend on it), emptied when it grows past `PREPARED_LIMIT`.
 */
const prepared = new Map<string, { exactKey: string; profile: NameProfile }>();
const PREPARED_LIMIT = 10_000; // about 2 KB a name, shared with the index that uses it

function entry(vendor: Vendor): IndexedVendor {
  let names = prepared.get(vendor.name);
  if (!names) {
    if (prepared.size >= PREPARED_LIMIT) prepared.clear();
    names = { exactKey: normaliseName(vendor.name), profile: profileName(vendor.name) };
    prepared.set(vendor.name, names);
  }
  return { vendor, exactKey: names.exactKey, profile: names.profile };
}

/** Maps and vocabulary from prepared names. Entries stay in the given order; lists in the maps are sorted. */
function fromEntries(entries: readonly IndexedVendor[]): VendorIndex {
  const exact = new Map<string, IndexedVendor[]>();
  const loose = new Map<string, IndexedVendor[]>();
  const ids = new Map<string, number>();
  const vocabulary: NameWord[] = [];
  const postings: number[][] = [];
  const indexed = entries.map((e, n): Entry => {
    push(exact, e.exactKey, e);
    push(loose, e.profile.key, e);
    const wordIds = e.profile.words.map((w) => {
      let id = ids.get(w.text);
      if (id === undefined) {
        id = vocabulary.length;
        ids.set(w.text, id);
        vocabulary.push(w);
        postings.push([]);
      }
      postings[id]?.push(n);
      return id;
    });
    return { vendor: e.vendor, exactKey: e.exactKey, profile: e.profile, wordIds };
  });
  return { exact: vendorLists(exact), loose: vendorLists(loose), entries: indexed, vocabulary, postings };
}

function vendorLists(map: Map<string, IndexedVendor[]>): Map<string, Vendor[]> {
  const lists = new Map<string, Vendor[]>();
  for (const [key, list] of map)
    lists.set(key, list.length === 1 ? list.map((e) => e.vendor) : list.sort(compareEntries).map((e) => e.vendor));
  return lists;
}

function isIndex(v: readonly Vendor[] | VendorIndex): v is VendorIndex {
  return !Array.isArray(v);
}

function push(map: Map<string, IndexedVendor[]>, key: string, v: IndexedVendor): void {
  const list = map.get(key);
  if (list) list.push(v);
  else map.set(key, [v]);
}

/** By normalised name, then id (code-unit order, never `localeCompare`). */
function compareEntries(a: IndexedVendor, b: IndexedVendor): number {
  return a.exactKey < b.exactKey ? -1 : a.exactKey > b.exactKey ? 1 : compareIds(a.vendor.id, b.vendor.id);
}
