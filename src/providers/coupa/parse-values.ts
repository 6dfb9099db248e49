/**
 * The small readers every Coupa record parser shares: where a value sits (for the error),
 * text, ids, exact decimals, accounts' segments. A value that is there but wrong is refused
 * with a CoupaResponseError naming the record and field; nothing passes through a float.
 */
import { Decimal } from '../../lib/decimal.js';
import { isRecord } from '../json.js';
import { CoupaResponseError } from './errors.js';

export type Json = Record<string, unknown>;

/** Where in the answer a value sits, for the error message: "invoice 92010, invoice-lines[0].price". */
export class At {
  constructor(readonly what: string) {}
  fail(field: string, problem: string): never {
    throw new CoupaResponseError(this.what, `${field} ${problem}`);
  }
}

export function obj(v: unknown): Json | undefined {
  return isRecord(v) ? v : undefined;
}

export function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  return undefined;
}

export function nonEmpty(v: unknown): string | undefined {
  const t = text(v)?.trim();
  return t ? t : undefined;
}

export function requiredText(at: At, record: Json, key: string): string {
  const t = nonEmpty(record[key]);
  if (t === undefined) at.fail(key, `is missing or empty (got ${JSON.stringify(record[key] ?? null)})`);
  return t;
}

/** Coupa ids are integers; kept as strings so no digit is ever lost. */
export function idOf(at: At, v: unknown, field: string): string {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return v.trim();
  return at.fail(field, `is not an id (got ${JSON.stringify(v ?? null)})`);
}

/** A decimal from its string ("100.00", "2.0"); integers are exact too; fractional JSON numbers are refused. */
export function decimalOf(at: At, v: unknown, field: string): Decimal {
  if (typeof v === 'number' && !Number.isSafeInteger(v))
    at.fail(field, `is the JSON number ${v}, which may already have lost digits; Coupa sends money as decimal strings`);
  const d = Decimal.tryParse(v);
  if (d === undefined) at.fail(field, `is not a decimal (got ${JSON.stringify(v ?? null)})`);
  return d;
}

export function optionalDecimal(at: At, v: unknown, field: string): Decimal | null {
  if (v === null || v === undefined || v === '') return null;
  return decimalOf(at, v, field);
}

export function codeOf(v: unknown): string | undefined {
  return nonEmpty(obj(v)?.code);
}

/** segment-1..segment-20 of an account; index 0 is segment-1, trailing empty segments dropped. */
export function segmentsOf(account: unknown): string[] {
  const a = obj(account);
  if (!a) return [];
  const out: string[] = [];
  for (let i = 1; i <= 20; i++) out.push(text(a[`segment-${i}`])?.trim() ?? '');
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

export function arrayOf(at: At, v: unknown, field: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) at.fail(field, 'is not a list');
  return v;
}

export function recordOf(v: unknown, what: string): Json {
  if (!isRecord(v))
    throw new CoupaResponseError(what, `expected a JSON object, got ${Array.isArray(v) ? 'a list' : JSON.stringify(v ?? null)}`);
  return v;
}
