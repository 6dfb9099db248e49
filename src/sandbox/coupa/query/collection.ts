/**
 * One index or show over a resource: filters, order, paging, then shaping. A scan in natural
 * order stops as soon as the page is full, so the first pages of a 100,000-record tenant stay
 * cheap; any other order sorts the matches first.
 */
import { CoupaApiError } from '../errors.js';
import { render, type Kind, type ModelContext, type Projection, type RenderMode, type WireObject } from '../model/index.js';
import { parseFields, parseReturnObject } from './fields.js';
import { matchesAll, parseFilter } from './filters.js';
import { isNaturalOrder, parseOrder, parsePaging, sortRecords } from './paging.js';
import { queryArgs } from './params.js';

interface Shape {
  mode: RenderMode;
  projection?: Projection;
  none: boolean;
}

export function shapeOf(url: string): Shape {
  const args = queryArgs(url);
  const ro = parseReturnObject(args.returnObject);
  // Choice CP-19 (docs/api-notes.md): return_object=none is ignored on a GET.
  return { mode: ro === 'none' ? 'full' : ro, projection: parseFields(args.fields), none: ro === 'none' };
}

export function shapeRecord(kind: Kind, record: unknown, ctx: ModelContext, shape: Shape): WireObject {
  return render(kind, record, ctx, shape.mode, shape.projection);
}

export function runIndex<R extends { id: number }>(kind: Kind, records: Map<number, R>, url: string, ctx: ModelContext): WireObject[] {
  const args = queryArgs(url);
  const filters = args.filters.map(([k, v]) => parseFilter(k, v, kind));
  const order = parseOrder(kind, args.orderBy, args.dir);
  const { limit, offset } = parsePaging(args.limit, args.offset);
  const shape = shapeOf(url);

  let page: R[];
  if (order === undefined || isNaturalOrder(order)) {
    page = [];
    let skipped = 0;
    for (const record of records.values()) {
      if (!matchesAll(record, filters, ctx)) continue;
      if (skipped < offset) {
        skipped += 1;
        continue;
      }
      page.push(record);
      if (page.length >= limit) break;
    }
  } else {
    const matches: R[] = [];
    for (const record of records.values()) if (matchesAll(record, filters, ctx)) matches.push(record);
    page = sortRecords(matches, order, ctx).slice(offset, offset + limit);
  }
  return page.map((r) => shapeRecord(kind, r, ctx, shape));
}

/** The record for `/api/{resource}/{id}`; 404 for a missing or non-numeric id. */
export function findById<R>(records: Map<number, R>, rawId: string): R {
  if (!/^\d+$/.test(rawId)) throw CoupaApiError.notFound();
  const record = records.get(Number(rawId));
  if (!record) throw CoupaApiError.notFound();
  return record;
}
