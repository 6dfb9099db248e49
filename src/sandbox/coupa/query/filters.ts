/**
 * Coupa's query filters: `attr[op]=value`, all ANDed, walking associations
 * (`supplier[name]=…`, `order-lines[account][code]=…`). Attributes resolve against the wire
 * kinds, so anything a response shows can be filtered on, with its type deciding how values
 * compare (integers, exact decimals, datetimes, booleans, strings).
 */
import { Decimal } from '../../../lib/decimal.js';
import { asText } from '../../guards.js';
import { CoupaApiError } from '../errors.js';
import { kindOf, type Kind, type ModelContext } from '../model/index.js';
import type { Attr, ScalarType } from '../model/kind.js';
import { parseCoupaTime } from '../time.js';
import { hyphenate, splitKey } from './params.js';

const OPERATORS = ['contains', 'starts_with', 'ends_with', 'gt', 'lt', 'gt_or_eq', 'lt_or_eq', 'not_eq', 'in', 'not_in', 'blank'] as const;
type Operator = 'eq' | (typeof OPERATORS)[number];

interface Step {
  attr: Attr<unknown>;
  /** For a custom-fields map: the field name. */
  mapKey?: string;
}

type Comparable = number | string | Decimal;

interface Filter {
  key: string;
  steps: Step[];
  op: Operator;
  type: ScalarType;
  values: Comparable[];
  blank?: boolean;
}

const STRING_OPS = new Set<Operator>(['contains', 'starts_with', 'ends_with']);
const ORDER_OPS = new Set<Operator>(['gt', 'lt', 'gt_or_eq', 'lt_or_eq']);

function asOperator(segment: string): Operator | undefined {
  const s = segment.replace(/-/g, '_');
  return OPERATORS.find((o) => o === s);
}

function unknownAttribute(key: string, name: string, kind: Kind): CoupaApiError {
  // Choice CP-12 (docs/api-notes.md): a 400 that names the unknown attribute.
  const known = Object.keys(kind.attrs).slice(0, 12).join(', ');
  return CoupaApiError.invalid('base', `Unknown attribute '${name}' in query parameter '${key}'. Known attributes include: ${known}.`);
}

export function parseFilter(key: string, raw: string, root: Kind): Filter {
  const segments = splitKey(key);
  if (!segments) throw CoupaApiError.invalid('base', `Malformed query parameter '${key}'.`);
  const steps: Step[] = [];
  let kind: Kind | undefined = root;
  let type: ScalarType | undefined;
  let op: Operator = 'eq';
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (seg === undefined) break;
    const last = i === segments.length - 1;
    if (type !== undefined) {
      // A scalar has been reached: only an operator may follow, and only at the end.
      const maybeOp = asOperator(seg);
      if (!maybeOp || !last)
        throw CoupaApiError.invalid('base', `Unknown operator '${seg}' in query parameter '${key}'. Operators: ${OPERATORS.join(', ')}.`);
      op = maybeOp;
      break;
    }
    const name = hyphenate(seg);
    const attr: Attr<unknown> | undefined = kind?.attrs[name];
    if (!attr) {
      if (kind && asOperator(seg))
        throw CoupaApiError.invalid(
          'base',
          `Query parameter '${key}' must name an attribute of the association, e.g. ${segments.slice(0, i).join('')}[id].`,
        );
      throw unknownAttribute(key, name, kind ?? root);
    }
    if (attr.type === 'map') {
      const field = segments[i + 1];
      if (field === undefined)
        throw CoupaApiError.invalid('base', `Query parameter '${key}' must name a custom field, e.g. ${seg}[field-name].`);
      steps.push({ attr, mapKey: hyphenate(field) });
      type = 'string';
      i += 1;
      kind = undefined;
      continue;
    }
    steps.push({ attr });
    if (attr.type === 'object' || attr.type === 'array') {
      kind = kindOf(attr.kind);
      if (last) throw CoupaApiError.invalid('base', `Query parameter '${key}' must name an attribute of '${name}', e.g. ${key}[id].`);
    } else {
      type = attr.type;
      kind = undefined;
    }
  }
  if (type === undefined) throw CoupaApiError.invalid('base', `Query parameter '${key}' does not name an attribute.`);

  const filter: Filter = { key, steps, op, type, values: [] };
  if (op === 'blank') {
    if (!/^(true|false|1|0)$/i.test(raw)) throw CoupaApiError.invalid('base', `'${key}' takes true or false.`);
    filter.blank = /^(true|1)$/i.test(raw);
    return filter;
  }
  if (STRING_OPS.has(op) && type !== 'string') {
    throw CoupaApiError.invalid('base', `Operator '${op}' only applies to text attributes, not to '${key}' (${type}).`);
  }
  if (ORDER_OPS.has(op) && type === 'boolean')
    throw CoupaApiError.invalid('base', `Operator '${op}' does not apply to true/false attribute '${key}'.`);
  const parts = op === 'in' || op === 'not_in' ? raw.split(',') : [raw];
  const isStatus = steps.length === 1 && segments[0] === 'status';
  filter.values = parts.map((p) => comparable(type, isStatus ? statusAlias(p.trim()) : p, key));
  return filter;
}

// Choice CP-13 (docs/api-notes.md): stored as "cancelled", "canceled" accepted in filters.
function statusAlias(value: string): string {
  return value.toLowerCase() === 'canceled' ? 'cancelled' : value;
}

function comparable(type: ScalarType, raw: string, key: string): Comparable {
  switch (type) {
    case 'integer': {
      if (!/^-?\d+$/.test(raw.trim())) throw CoupaApiError.invalid('base', `'${raw}' is not an integer (in '${key}').`);
      return Number(raw);
    }
    case 'float':
    case 'decimal': {
      const d = Decimal.tryParse(raw);
      if (!d) throw CoupaApiError.invalid('base', `'${raw}' is not a number (in '${key}').`);
      return d;
    }
    case 'datetime':
      return parseCoupaTime(raw, key);
    case 'boolean': {
      if (!/^(true|false|1|0)$/i.test(raw.trim())) throw CoupaApiError.invalid('base', `'${raw}' is not true or false (in '${key}').`);
      return /^(true|1)$/i.test(raw.trim()) ? 1 : 0;
    }
    default:
      // Choice CP-14 (docs/api-notes.md): text compares case-insensitively, for every operator.
      return raw.toLowerCase();
  }
}

/** The leaf values a record has at the filter's path (several through a collection). */
function leafValues(record: unknown, steps: Step[], ctx: ModelContext): unknown[] {
  let current: unknown[] = [record];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const item of current) {
      if (item === null || item === undefined) {
        next.push(null);
        continue;
      }
      const { attr, mapKey } = step;
      if (attr.type === 'array') next.push(...attr.get(item, ctx));
      else if (attr.type === 'map') next.push(mapKey === undefined ? null : (attr.get(item, ctx)[mapKey] ?? null));
      else next.push(attr.get(item, ctx));
    }
    current = next;
  }
  return current;
}

function normalise(type: ScalarType, value: unknown): Comparable | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
    case 'datetime':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return value === false ? 0 : 1;
    case 'float':
    case 'decimal':
      return Decimal.tryParse(typeof value === 'number' ? String(value) : value) ?? null;
    default:
      return asText(value).toLowerCase();
  }
}

function compare(a: Comparable, b: Comparable): number {
  if (a instanceof Decimal && b instanceof Decimal) return a.cmp(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function test(filter: Filter, raw: unknown): boolean {
  if (filter.op === 'blank') {
    const isBlank = raw === null || raw === undefined || raw === '';
    return filter.blank ? isBlank : !isBlank;
  }
  // Choice CP-39 (docs/api-notes.md): SQL semantics, NULL matches no comparison, not even not_eq / not_in.
  const value = normalise(filter.type, raw);
  if (value === null) return false;
  const [target] = filter.values;
  if (target === undefined) return false;
  switch (filter.op) {
    case 'eq':
      return compare(value, target) === 0;
    case 'not_eq':
      return compare(value, target) !== 0;
    case 'in':
      return filter.values.some((v) => compare(value, v) === 0);
    case 'not_in':
      return filter.values.every((v) => compare(value, v) !== 0);
    case 'gt':
      return compare(value, target) > 0;
    case 'lt':
      return compare(value, target) < 0;
    case 'gt_or_eq':
      return compare(value, target) >= 0;
    case 'lt_or_eq':
      return compare(value, target) <= 0;
    // parseFilter allows these on text attributes only, so both sides are strings.
    case 'contains':
      return typeof value === 'string' && typeof target === 'string' && value.includes(target);
    case 'starts_with':
      return typeof value === 'string' && typeof target === 'string' && value.startsWith(target);
    case 'ends_with':
      return typeof value === 'string' && typeof target === 'string' && value.endsWith(target);
  }
}

export function matchesAll(record: unknown, filters: Filter[], ctx: ModelContext): boolean {
  for (const filter of filters) {
    const values = leafValues(record, filter.steps, ctx);
    // Through a collection, one matching element is enough (a SQL join); an empty collection is blank.
    const ok = values.length === 0 ? filter.op === 'blank' && filter.blank === true : values.some((v) => test(filter, v));
    if (!ok) return false;
  }
  return true;
}
