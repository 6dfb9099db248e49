/**
 * Reading `PUT /api/invoices/{id}` bodies. Coupa's own examples disagree on spelling and
 * shape, so all documented forms are accepted: `"payments": [ {...} ]`,
 * `"payments": {"payment": {...}}`, `"payments": {"payment": [ ... ]}`; keys with hyphens or
 * underscores (`amount-paid` / `amount_paid`); `check-number` (deprecated) lands in notes.
 */
import type { Decimal } from '../../lib/decimal.js';
import { asText, isRecord, type JsonObject } from '../guards.js';
import { CoupaApiError, type ErrorKey } from './errors.js';
import { readDecimal } from './money.js';
import { hyphenate } from './query/params.js';
import { parseCoupaTime } from './time.js';
import type { CustomFields } from './types.js';

export interface PaymentEntry {
  /** An existing payment to change; absent → a new payment. */
  id?: number;
  amountPaid?: Decimal;
  paymentDate?: number | null;
  notes?: string | null;
  checkNumber?: string | null;
}

export interface InvoiceUpdate {
  paid?: boolean;
  paymentDate?: number | null;
  paymentNotes?: string | null;
  payments?: PaymentEntry[];
  customFields?: CustomFields;
}

/** Hyphenates every key, recursively (`amount_paid` → `amount-paid`). */
function hyphenateKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hyphenateKeys);
  if (isRecord(value)) return hyphenateObject(value);
  return value;
}

function hyphenateObject(value: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [hyphenate(k), hyphenateKeys(v)]));
}

/**
 * The body's object, unwrapped from a root element (`{"invoice-header": {...}}`) if one was sent.
 * Choice CP-11 (docs/api-notes.md): the root wrapper is accepted as well as the bare object.
 */
export function bodyObject(body: unknown, roots: string[]): JsonObject {
  if (body === undefined || body === null || body === '') return {};
  if (!isRecord(body)) throw CoupaApiError.invalid('base', 'The request body must be a JSON object (send Content-Type: application/json).');
  const obj = hyphenateObject(body);
  const [only, ...others] = Object.keys(obj);
  const inner = only === undefined || others.length > 0 || !roots.includes(only) ? undefined : obj[only];
  return isRecord(inner) ? inner : obj;
}

export function readBoolean(value: unknown, label: string, key: ErrorKey = 'invoice'): boolean {
  if (value === true || value === false) return value;
  if (value === 1 || value === '1' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'false') return false;
  throw CoupaApiError.invalid(key, `${label} must be true or false`);
}

function readText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return asText(value);
}

function readDate(value: unknown, label: string): number | null {
  if (value === null || value === undefined || value === '') return null;
  return parseCoupaTime(asText(value), label, 'invoice');
}

function paymentList(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (isRecord(raw) && 'payment' in raw) {
    const inner = raw.payment;
    return Array.isArray(inner) ? inner : [inner];
  }
  throw CoupaApiError.invalid('invoice', 'payments must be a list of payments, or {"payment": {...}} / {"payment": [...]}');
}

function readPayment(p: unknown, n: number): PaymentEntry {
  if (!isRecord(p)) throw CoupaApiError.invalid('invoice', `Payment ${n} must be an object`);
  const entry: PaymentEntry = {};
  if (p.id !== undefined && p.id !== null) {
    if (!/^\d+$/.test(asText(p.id))) throw CoupaApiError.invalid('invoice', `Payment ${n}: id must be an integer`);
    entry.id = Number(p.id);
  }
  if (p['amount-paid'] !== undefined && p['amount-paid'] !== null)
    entry.amountPaid = readDecimal(p['amount-paid'], 'invoice', `Payments amount paid`);
  else if (entry.id === undefined) throw CoupaApiError.invalid('invoice', "Payments amount paid can't be blank");
  if ('payment-date' in p) entry.paymentDate = readDate(p['payment-date'], 'payment-date');
  if ('notes' in p) entry.notes = readText(p.notes);
  if ('check-number' in p) {
    entry.checkNumber = readText(p['check-number']);
    // Deprecated field: Coupa keeps the value in notes.
    if (entry.notes === undefined || entry.notes === null) entry.notes = entry.checkNumber;
  }
  return entry;
}

/** What a `PUT /api/invoices/{id}` body asks for. Read-only or unknown fields are ignored, as Coupa ignores them. */
export function readInvoiceUpdate(body: unknown): InvoiceUpdate {
  const obj = bodyObject(body, ['invoice-header', 'invoice']);
  const update: InvoiceUpdate = {};
  if ('paid' in obj) update.paid = readBoolean(obj.paid, 'Paid');
  if ('payment-date' in obj) update.paymentDate = readDate(obj['payment-date'], 'payment-date');
  if ('payment-notes' in obj) update.paymentNotes = readText(obj['payment-notes']);
  if ('payments' in obj && obj.payments !== null) update.payments = paymentList(obj.payments).map((p, i) => readPayment(p, i + 1));
  const customFields = readCustomFields(obj['custom-fields'], 'invoice');
  if (customFields) update.customFields = customFields;
  return update;
}

/**
 * `custom-fields` of a write: an object of text, number, true/false or null values. Anything
 * else under the key is ignored, like other fields the API does not take; a value of another
 * type is refused (the simulator stores only what it can show back).
 */
export function readCustomFields(value: unknown, key: ErrorKey): CustomFields | undefined {
  if (!isRecord(value)) return undefined;
  const fields: CustomFields = {};
  for (const [name, v] of Object.entries(value)) {
    if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw CoupaApiError.invalid(key, `Custom field ${name} must be text, a number, true/false or null`);
    }
    fields[name] = v;
  }
  return fields;
}
