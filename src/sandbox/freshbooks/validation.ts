/**
 * Reading request bodies the way the accounting API does: ids as strings or numbers, money as
 * `{amount, code}` with string or number amounts, dates as "YYYY-MM-DD". Problems are collected
 * per field (errno + field + message) and thrown together as one ValidationError.
 */
import { Decimal } from '../../lib/decimal.js';
import { ERRNO, ValidationError, type FieldError } from './errors.js';
import { CURRENCY, decimalFromInput } from './money.js';
import type { VisState } from './state.js';
import { parseDay } from './time.js';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `{"bill": {...}}` wrapper every accounting write carries. */
export function unwrap(body: unknown, key: string): Json {
  const inner = isObject(body) ? body[key] : undefined;
  if (!isObject(inner)) {
    throw new ValidationError([
      { errno: ERRNO.RequiredField, field: key, message: `The body must contain a '${key}' object.`, object: key },
    ]);
  }
  return inner;
}

const INT = /^-?\d+$/;
const HUNDRED = Decimal.parse(100);

export class BodyReader {
  readonly errors: FieldError[] = [];

  constructor(
    readonly object: string,
    readonly data: Json,
    /** Prefix for nested fields, e.g. "lines[0]." */
    readonly prefix = '',
  ) {}

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.data, key);
  }

  fail(errno: number, key: string, message: string, value?: unknown): undefined {
    const error: FieldError = { errno, field: this.prefix + key, message, object: this.object };
    if (value !== undefined) error.value = typeof value === 'string' ? value : JSON.stringify(value);
    this.errors.push(error);
    return undefined;
  }

  private missing(key: string, required: boolean): boolean {
    const value = this.data[key];
    if (value !== undefined && value !== null && value !== '') return false;
    if (required) this.fail(ERRNO.RequiredField, key, 'This field is required.');
    return true;
  }

  /** A string field; `null` when explicitly nulled, undefined when absent. */
  string(key: string, opts: { required?: boolean; maxLength?: number } = {}): string | null | undefined {
    if (this.missing(key, opts.required ?? false)) return this.data[key] === undefined ? undefined : null;
    const value = this.data[key];
    if (typeof value !== 'string' && typeof value !== 'number') {
      this.fail(ERRNO.InvalidValue, key, 'Must be a string.', value);
      return;
    }
    const text = String(value);
    // Characters as a MySQL column counts them (code points), not UTF-16 units: an emoji is one.
    const length = Array.from(text).length;
    if (opts.maxLength !== undefined && length > opts.maxLength) {
      this.fail(ERRNO.MaxLengthExceeded, key, `Must be at most ${opts.maxLength} characters (got ${length}).`, text);
      return;
    }
    return text;
  }

  /** An integer that clients send as a number or a numeric string ("5" and 5 alike). */
  int(key: string, opts: { required?: boolean; min?: number } = {}): number | undefined {
    if (this.missing(key, opts.required ?? false)) return undefined;
    const value = this.data[key];
    const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
    if (!INT.test(text) || !Number.isSafeInteger(Number(text))) {
      this.fail(ERRNO.InvalidValue, key, 'Must be an integer.', value);
      return;
    }
    const n = Number(text);
    if (opts.min !== undefined && n < opts.min) {
      this.fail(n < 0 ? ERRNO.InvalidNegativeValue : ERRNO.InvalidValue, key, `Must be at least ${opts.min}.`, value);
      return;
    }
    return n;
  }

  bool(key: string): boolean | undefined {
    const value = this.data[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === '1' || value === 1) return true;
    if (value === 'false' || value === '0' || value === 0) return false;
    this.fail(ERRNO.InvalidValue, key, 'Must be a boolean.', value);
  }

  date(key: string, opts: { required?: boolean } = {}): string | undefined {
    if (this.missing(key, opts.required ?? false)) return undefined;
    const value = this.data[key];
    const day = typeof value === 'string' ? parseDay(value) : undefined;
    if (day === undefined) this.fail(ERRNO.MappingErrorDate, key, 'Must be a date formatted YYYY-MM-DD.', value);
    return day;
  }

  currency(key: string, opts: { required?: boolean } = {}): string | undefined {
    if (this.missing(key, opts.required ?? false)) return undefined;
    const value = this.data[key];
    if (typeof value === 'string' && CURRENCY.test(value)) return value;
    this.fail(ERRNO.InvalidValue, key, 'Must be a three-letter ISO 4217 currency code.', value);
  }

  decimal(key: string, opts: { required?: boolean; nonNegative?: boolean } = {}): Decimal | undefined {
    if (this.missing(key, opts.required ?? false)) return undefined;
    const value = this.data[key];
    const d = decimalFromInput(value);
    if (!d) {
      this.fail(ERRNO.InvalidValue, key, 'Must be a decimal number.', value);
      return;
    }
    if (opts.nonNegative && d.isNegative()) {
      this.fail(ERRNO.InvalidNegativeValue, key, 'Must not be negative.', value);
      return;
    }
    return d;
  }

  /** A percentage from 0 to 100 (a decimal string, or a number); null when absent or empty. */
  percent(key: string, opts: { required?: boolean } = {}): Decimal | null {
    if (this.missing(key, opts.required ?? false)) return null;
    const d = this.decimal(key);
    if (d && (d.isNegative() || d.gt(HUNDRED))) {
      this.fail(ERRNO.InvalidPercentValue, key, 'Must be a percentage between 0 and 100.', this.data[key]);
      return null;
    }
    return d ?? null;
  }

  /** `{amount, code}`; the code may be left off (the caller supplies the default). */
  money(key: string, opts: { required?: boolean } = {}): { amount: Decimal; code: string | undefined } | undefined {
    if (this.missing(key, opts.required ?? false)) return undefined;
    const value = this.data[key];
    if (!isObject(value)) {
      this.fail(ERRNO.InvalidValue, key, 'Must be an object with amount and code.', value);
      return;
    }
    const inner = new BodyReader(this.object, value, `${this.prefix}${key}.`);
    const amount = inner.decimal('amount', { required: true });
    const code = inner.currency('code');
    this.errors.push(...inner.errors);
    return amount ? { amount, code } : undefined;
  }

  throwIfErrors(): void {
    if (this.errors.length > 0) throw new ValidationError(this.errors);
  }
}

/** The phase rule of /api/active_deleted: a PUT carrying `vis_state` changes only that. */
const isVisState = (n: number): n is VisState => n === 0 || n === 1 || n === 2;

export function readVisState(data: Json, object: string): VisState | undefined {
  if (!Object.prototype.hasOwnProperty.call(data, 'vis_state')) return undefined;
  const reader = new BodyReader(object, data);
  const vis = reader.int('vis_state', { required: true });
  if (vis !== undefined && !isVisState(vis))
    reader.fail(ERRNO.InvalidValue, 'vis_state', 'Must be 0 (active), 1 (deleted) or 2 (archived).', vis);
  reader.throwIfErrors();
  return vis !== undefined && isVisState(vis) ? vis : undefined;
}

/**
 * A field the reader was told is required, read after `throwIfErrors()`: a missing one was
 * reported there, so reaching this without it is a bug in the reading code.
 */
export function present<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new Error(`BodyReader accepted a body without ${field}`);
  return value;
}

/** An id from the URL path; a non-numeric id is simply not found. */
export function pathId(raw: string): number | undefined {
  return INT.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : undefined;
}
