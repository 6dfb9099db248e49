/**
 * Which FreshBooks bill vendor a Coupa supplier is.
 *
 * Only an unambiguous exact match links automatically: a wrong link would send bills and
 * payments to someone else's vendor, which is worse than asking. Everything else that
 * resembles the supplier goes to the review queue; only `none` lets the engine create a vendor.
 */
import { compareIds, type Supplier, type Vendor } from './records.js';
import { looseName, normaliseName } from './names.js';

export type VendorMatch =
  /** Exactly one vendor with the same normalised name: link it. */
  | { kind: 'exact'; vendor: Vendor }
  /** No exact match, but vendors with the same loose name ("Acme Inc." vs "ACME, LLC"): review. */
  | { kind: 'near'; candidates: Vendor[] }
  /** Several vendors with the same normalised name (duplicates already in FreshBooks): review. */
  | { kind: 'ambiguous'; candidates: Vendor[] }
  /** Nothing resembles it: create a vendor. */
  | { kind: 'none' };

/**
 * Vendors keyed by both names, built once per pass: matching every supplier against a plain
 * list normalises every vendor name again each time (suppliers × vendors).
 */
export interface VendorIndex {
  readonly exact: ReadonlyMap<string, readonly Vendor[]>;
  readonly loose: ReadonlyMap<string, readonly Vendor[]>;
}

/** Deleted vendors (vis_state 1) are left out; archived ones stay (they exist, and a person can restore them). */
export function indexVendors(vendors: readonly Vendor[]): VendorIndex {
  const exact = new Map<string, Vendor[]>();
  const loose = new Map<string, Vendor[]>();
  for (const v of vendors) {
    if (v.visState === 1) continue;
    push(exact, normaliseName(v.name), v);
    push(loose, looseName(v.name), v);
  }
  for (const list of [...exact.values(), ...loose.values()]) sortCandidates(list);
  return { exact, loose };
}

/**
 * Matches a supplier (or its name) against the vendors (a list, or an index from
 * `indexVendors`). A blank name matches nothing. Candidates are ordered by normalised name,
 * then vendor id, so the same input always gives the same list (the review queue and its
 * tests depend on it).
 */
export function matchVendor(supplier: string | Pick<Supplier, 'name'>, vendors: readonly Vendor[] | VendorIndex): VendorMatch {
  const index = isIndex(vendors) ? vendors : indexVendors(vendors);
  const name = typeof supplier === 'string' ? supplier : supplier.name;
  const exactKey = normaliseName(name);
  if (exactKey === '') return { kind: 'none' };

  const exact = index.exact.get(exactKey) ?? [];
  if (exact.length === 1) return { kind: 'exact', vendor: exact[0]! };
  if (exact.length > 1) return { kind: 'ambiguous', candidates: [...exact] };

  const looseKey = looseName(name);
  if (looseKey === '') return { kind: 'none' };
  const near = index.loose.get(looseKey) ?? [];
  return near.length > 0 ? { kind: 'near', candidates: [...near] } : { kind: 'none' };
}

function isIndex(v: readonly Vendor[] | VendorIndex): v is VendorIndex {
  return !Array.isArray(v);
}

function push(map: Map<string, Vendor[]>, key: string, v: Vendor): void {
  const list = map.get(key);
  if (list) list.push(v);
  else map.set(key, [v]);
}

/** In place: by normalised name, then id. */
function sortCandidates(vendors: Vendor[]): void {
  const keys = new Map(vendors.map((v) => [v, normaliseName(v.name)]));
  vendors.sort((a, b) => {
    const ka = keys.get(a)!;
    const kb = keys.get(b)!;
    return ka < kb ? -1 : ka > kb ? 1 : compareIds(a.id, b.id);
  });
}
