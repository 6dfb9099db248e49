/**
 * Paging and order: `limit` (default and maximum 50), `offset` (records to skip), and
 * `order_by` / `dir` (default: id ascending). No totals, no cursors, no next links.
 */
import { Decimal } from '../../../lib/decimal.js';
import { CoupaApiError } from '../errors.js';
import type { Kind, ModelContext } from '../model/index.js';
import type { Attr, ScalarType } from '../model/kind.js';
import { hyphenate } from './params.js';

const MAX_LIMIT = 50;

interface Paging {
  limit: number;
  offset: number;
}

function nonNegativeInt(raw: string, name: string): number {
  if (!/^\d+$/.test(raw.trim())) throw CoupaApiError.invalid('base', `${name} must be a non-negative integer, got '${raw}'.`);
  return Number(raw);
}

export function parsePaging(limit: string | undefined, offset: string | undefined): Paging {
  // Choice CP-16 (docs/api-notes.md): limit above 50 is clamped to 50; limit=0 means unset.
  let n = limit === undefined || limit === '' ? MAX_LIMIT : nonNegativeInt(limit, 'limit');
  if (n === 0 || n > MAX_LIMIT) n = MAX_LIMIT;
  const skip = offset === undefined || offset === '' ? 0 : nonNegativeInt(offset, 'offset');
  return { limit: n, offset: skip };
}

/** Only scalar attributes can be ordered by. */
type ScalarAttr = Extract<Attr<unknown>, { type: ScalarType }>;

interface Order {
  name: string;
  attr: ScalarAttr;
  desc: boolean;
}

export function parseOrder(kind: Kind, orderBy: string | undefined, dir: string | undefined): Order | undefined {
  let desc = false;
  if (dir !== undefined && dir !== '') {
    const d = dir.toLowerCase();
    if (d !== 'asc' && d !== 'desc') throw CoupaApiError.invalid('base', `dir must be asc or desc, got '${dir}'.`);
    desc = d === 'desc';
  }
  const by = orderBy === undefined || orderBy === '' ? (desc ? 'id' : undefined) : orderBy;
  if (by === undefined) return undefined;
  const name = hyphenate(by);
  const attr = kind.attrs[name];
  if (!attr || attr.type === 'object' || attr.type === 'array' || attr.type === 'map') {
    throw CoupaApiError.invalid('base', `Cannot order by '${orderBy}': not an attribute of this resource.`);
  }
  return { name, attr, desc };
}

/** True when the order is the natural one (id ascending), so a scan can stop early. */
export function isNaturalOrder(order: Order | undefined): boolean {
  return order === undefined || (order.name === 'id' && !order.desc);
}

function sortKey(attr: ScalarAttr, record: unknown, ctx: ModelContext): number | string | Decimal | null {
  const v = attr.get(record, ctx);
  if (v === null) return null;
  if (attr.type === 'decimal' || attr.type === 'float') return Decimal.tryParse(typeof v === 'string' ? v : String(v)) ?? null;
  if (attr.type === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return v.toLowerCase();
  return Number(v);
}

/** Sorts in place. NULLs sort first ascending (MySQL); ties keep id order. */
export function sortRecords<R extends { id: number }>(records: R[], order: Order, ctx: ModelContext): R[] {
  const keyed = records.map((r) => ({ r, k: sortKey(order.attr, r, ctx) }));
  const sign = order.desc ? -1 : 1;
  keyed.sort((a, b) => {
    let c: number;
    if (a.k === null || b.k === null) c = a.k === b.k ? 0 : a.k === null ? -1 : 1;
    else if (a.k instanceof Decimal && b.k instanceof Decimal) c = a.k.cmp(b.k);
    else c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
    return c !== 0 ? c * sign : a.r.id - b.r.id;
  });
  return keyed.map((x) => x.r);
}
