/**
 * Reading `PUT /api/invoices/{id}` bodies. Coupa's own examples disagree on spelling and
 * shape, so all documented forms are accepted: `"payments": [ {...} ]`,
 * `"payments": {"payment": {...}}`, `"payments": {"payment": [ ... ]}`; keys with hyphens or
 * underscores (`amount-paid` / `amount_paid`); `check-number` (deprecated) lands in notes.
 */
import type { Decimal } from '../../lib/decimal.js';
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

type Json = Record<string, unknown>;

/** Hyphenates every key, recursively (`amount_paid` → `amount-paid`). */
export function hyphenateKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hyphenateKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [hyphenate(k), hyphenateKeys(v)]));
  }
  return value;
}

/**
 * The body's object, unwrapped from a root element (`{"invoice-header": {...}}`) if one was sent.
 * UNCONFIRMED: Coupa's JSON bodies are unwrapped; we also accept the wrapper (Rails' params wrapping).
 */
export function bodyObject(body: unknown, roots: string[]): Json {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw CoupaApiError.invalid('base', 'The request body must be a JSON object (send Content-Type: application/json).');
  const obj = hyphenateKeys(body) as Json;
  const keys = Object.keys(obj);
  if (keys.length === 1 && roots.includes(keys[0]!) && obj[keys[0]!] !== null && typeof obj[keys[0]!] === 'object')
    return obj[keys[0]!] as Json;
  return obj;
}

export function readBoolean(value: unknown, label: string, key: ErrorKey = 'invoice'): boolean {
  if (value === true || value === false) return value;
  if (value === 1 || value === '1' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'false') return false;
  throw CoupaApiError.invalid(key, `${label} must be true or false`);
}

function readText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}

function readDate(value: unknown, label: string): number | null {
  if (value === null || value === undefined || value === '') return null;
  return parseCoupaTime(String(value), label, 'invoice');
}

function paymentList(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (raw !== null && typeof raw === 'object' && 'payment' in (raw as Json)) {
    const inner = (raw as Json).payment;
    return Array.isArray(inner) ? inner : [inner];
  }
  throw CoupaApiError.invalid('invoice', 'payments must be a list of payments, or {"payment": {...}} / {"payment": [...]}');
}

function readPayment(raw: unknown, n: number): PaymentEntry {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw CoupaApiError.invalid('invoice', `Payment ${n} must be an object`);
  const p = raw as Json;
  const entry: PaymentEntry = {};
  if (p.id !== undefined && p.id !== null) {
    if (!/^\d+$/.test(String(p.id))) throw CoupaApiError.invalid('invoice', `Payment ${n}: id must be an integer`);
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
  if ('custom-fields' in obj && obj['custom-fields'] !== null && typeof obj['custom-fields'] === 'object') {
    update.customFields = obj['custom-fields'] as CustomFields;
  }
  return update;
}
