/**
 * A stable fingerprint of what the connector would write, kept in the links table: when the
 * fingerprint of the new draft equals the stored one, nothing that maps has changed and the
 * write is skipped (a second `sync` writes nothing).
 *
 * Canonical JSON: object keys sorted (by UTF-16 code units, like `Array.prototype.sort`),
 * `undefined` properties left out (an absent field and an undefined one are the same draft),
 * decimals without trailing zeros ("2.50" and "2.5" are the same amount), bigints as digit
 * strings, arrays in their order (line order is meaningful). Strings are taken as they are: a
 * change of spelling is a change. Anything else (Map, Date, functions, NaN, cycles) throws: a
 * draft is plain data, and a silently unstable fingerprint would make every pass write.
 */
import { createHash } from 'node:crypto';
import { Decimal } from '../lib/decimal.js';
import type { Bill } from './records.js';

/** Bumped if the canonical form ever changes (then every record is rewritten once). */
const VERSION = 'ml-connector/fingerprint/v1\n';

export function canonicalJson(value: unknown): string {
  return encode(value, new Set());
}

/** sha256 (hex) of the canonical JSON. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(VERSION).update(canonicalJson(value), 'utf8').digest('hex');
}

/**
 * What a FreshBooks bill holds (vendor, number, dates, currency, lines), hashed as FreshBooks
 * returned it, not as the connector asked: stored when the connector writes a bill, it tells a
 * later read whether a person has edited the bill since. Payments are left out (they change
 * what is paid, not what is owed).
 */
export function billHash(bill: Pick<Bill, 'vendorId' | 'billNumber' | 'issueDate' | 'dueOffsetDays' | 'currency' | 'lines'>): string {
  return fingerprint({
    vendorId: bill.vendorId,
    billNumber: bill.billNumber?.trim() ?? null,
    issueDate: bill.issueDate,
    dueOffsetDays: bill.dueOffsetDays,
    currency: bill.currency,
    lines: bill.lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unitCost: l.unitCost,
      categoryId: l.categoryId,
      tax: l.tax ? { name: l.tax.name, percent: l.tax.percent } : null,
    })),
  });
}

function encode(value: unknown, open: Set<object>): string {
  if (value === null) return 'null';
  if (value instanceof Decimal) return JSON.stringify(value.normalize().toString());
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Cannot fingerprint the number ${value}`);
      return JSON.stringify(Object.is(value, -0) ? 0 : value);
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object':
      break;
    default:
      throw new TypeError(`Cannot fingerprint a ${typeof value}`);
  }
  const obj: object = value;
  if (open.has(obj)) throw new TypeError('Cannot fingerprint a value that contains itself');
  const proto: unknown = Object.getPrototypeOf(obj);
  if (!Array.isArray(obj) && proto !== Object.prototype && proto !== null) {
    throw new TypeError(`Cannot fingerprint a ${obj.constructor.name || 'non-plain object'}; drafts are plain data`);
  }
  open.add(obj);
  try {
    if (Array.isArray(obj)) return `[${obj.map((v: unknown) => (v === undefined ? 'null' : encode(v, open))).join(',')}]`;
    const entries = Object.entries(obj)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${encode(v, open)}`);
    return `{${entries.join(',')}}`;
  } finally {
    open.delete(obj);
  }
}
