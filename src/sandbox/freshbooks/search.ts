/**
 * Accounting list filters and sorting (docs/api-notes.md#freshbooks-paging-filters-and-sorting):
 *   search[key]=v            equals
 *   search[key_like]=v       substring
 *   search[keys][]=a&…       in-list (plural key: ids, vendorids, statuses)
 *   search[key_min|_max]=v   between; timestamps at DAY granularity (YYYY-MM-DD)
 *   sort=<field>_asc|_desc
 * Each resource declares which fields it supports; unknown search keys are ignored
 * (Choice FB-42, docs/api-notes.md).
 */
import { Decimal } from '../../lib/decimal.js';
import { BadQueryError, ERRNO } from './errors.js';
import { parseDay, utcDay } from './time.js';

export type FieldType = 'int' | 'string' | 'date' | 'timestamp' | 'decimal';
type Value = string | number | Decimal | null | undefined;

export interface SearchField<R> {
  /** Name in `search[name]`, `search[name_like]`, `search[name_min]`. */
  name: string;
  type: FieldType;
  get(record: R): Value;
  /** Plural key of the in-list form, e.g. `ids` → `search[ids][]`. */
  plural?: string;
  equals?: boolean;
  like?: boolean;
  range?: boolean;
}

export interface SortField<R> {
  name: string;
  get(record: R): Value;
}

type Test<R> = (record: R) => boolean;

const fold = (s: string) => s.toLocaleLowerCase('en-US');
const BRACKET = /^search\[([^\]]+)\](\[\])?$/;

/**
 * Normalises a filter value to something comparable. Timestamps compare by their UTC day.
 * Choice FB-43 (docs/api-notes.md): string equality is case-insensitive.
 */
function key(type: FieldType, value: Value): string | Decimal | undefined {
  if (value === null || value === undefined) return undefined;
  switch (type) {
    case 'timestamp':
      return typeof value === 'number' ? utcDay(value) : String(value).slice(0, 10);
    case 'int':
    case 'decimal':
      return value instanceof Decimal ? value : Decimal.tryParse(typeof value === 'number' ? String(value) : value);
    case 'string':
      return fold(String(value));
    default:
      return String(value);
  }
}

function parseFilterValue(type: FieldType, raw: string, param: string, object: string): string | Decimal {
  const bad = () =>
    new BadQueryError({ errno: ERRNO.InvalidValue, field: param, message: `Invalid value for filter ${param}.`, object, value: raw });
  if (type === 'int') {
    if (!/^-?\d+$/.test(raw.trim())) throw bad();
    return Decimal.parse(raw.trim());
  }
  if (type === 'decimal') {
    const d = Decimal.tryParse(raw);
    if (!d) throw bad();
    return d;
  }
  if (type === 'date' || type === 'timestamp') {
    // Day granularity: "2024-03-01 15:00:00" is read as 2024-03-01.
    const day = parseDay(raw.trim().slice(0, 10));
    if (!day) throw bad();
    return day;
  }
  return fold(raw);
}

function compare(a: string | Decimal, b: string | Decimal): number {
  if (a instanceof Decimal && b instanceof Decimal) return a.cmp(b);
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function buildFilters<R>(query: URLSearchParams, fields: readonly SearchField<R>[], object: string): Test<R>[] {
  const tests: Test<R>[] = [];
  const lists = new Map<SearchField<R>, string[]>();
  for (const [param, raw] of query) {
    const [, name, list] = BRACKET.exec(param) ?? [];
    if (name === undefined) continue;
    if (list) {
      const field = fields.find((f) => f.plural === name);
      if (field) lists.set(field, [...(lists.get(field) ?? []), raw]);
      continue;
    }
    const exact = fields.find((f) => f.name === name && f.equals !== false);
    if (exact) {
      const want = parseFilterValue(exact.type, raw, param, object);
      tests.push((r) => {
        const have = key(exact.type, exact.get(r));
        return have !== undefined && compare(have, want) === 0;
      });
      continue;
    }
    const like = name.endsWith('_like') ? fields.find((f) => f.like && `${f.name}_like` === name) : undefined;
    if (like) {
      const want = fold(raw);
      tests.push((r) => {
        const have = like.get(r);
        return have !== null && have !== undefined && fold(String(have)).includes(want);
      });
      continue;
    }
    const bound = /_(min|max)$/.exec(name)?.[1];
    const ranged = bound ? fields.find((f) => f.range && `${f.name}_${bound}` === name) : undefined;
    if (ranged) {
      const limit = parseFilterValue(ranged.type, raw, param, object);
      tests.push((r) => {
        const have = key(ranged.type, ranged.get(r));
        if (have === undefined) return false;
        const c = compare(have, limit);
        return bound === 'min' ? c >= 0 : c <= 0;
      });
    }
  }
  for (const [field, raws] of lists) {
    const wants = raws.map((raw) => parseFilterValue(field.type, raw, `search[${field.plural}][]`, object));
    tests.push((r) => {
      const have = key(field.type, field.get(r));
      return have !== undefined && wants.some((w) => compare(have, w) === 0);
    });
  }
  return tests;
}

/**
 * Filters, then orders. Deleted records (vis_state 1) are left out unless the query asks for
 * a vis_state explicitly (/api/active_deleted: lists show active and archived by default).
 */
export function searchAndSort<R extends { vis_state: number }>(
  records: Iterable<R>,
  query: URLSearchParams,
  spec: { fields: readonly SearchField<R>[]; sorts: readonly SortField<R>[]; object: string; id(record: R): number },
): R[] {
  const tests = buildFilters(query, spec.fields, spec.object);
  const explicitVis = query.has('search[vis_state]');
  const out: R[] = [];
  for (const r of records) {
    if (!explicitVis && r.vis_state === 1) continue;
    if (tests.every((t) => t(r))) out.push(r);
  }
  // Choice FB-44 (docs/api-notes.md): id ascending by default; an unknown sort is ignored.
  const byId = (a: R, b: R) => spec.id(a) - spec.id(b);
  const [, sortName, direction] = /^(.+)_(asc|desc)$/.exec(query.get('sort') ?? '') ?? [];
  const sort = spec.sorts.find((s) => s.name === sortName);
  if (!sort) return out.sort(byId);
  const dir = direction === 'desc' ? -1 : 1;
  return out.sort((a, b) => {
    const x = sortKey(sort.get(a));
    const y = sortKey(sort.get(b));
    if (x === undefined || y === undefined) return x === y ? byId(a, b) : x === undefined ? 1 : -1;
    return dir * compare(x, y) || byId(a, b);
  });
}

function sortKey(value: Value): string | Decimal | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Decimal) return value;
  if (typeof value === 'number') return Decimal.parse(value);
  return fold(value);
}
