/**
 * Coupa JSON (hyphenated keys, money as decimal strings, ISO instants with the instance's
 * offset) → core records. Nothing numeric passes through a float: decimals are parsed from
 * their strings with `Decimal`, and a money field that arrives as a fractional JSON number is
 * refused rather than guessed. Calendar dates are taken as written (the instance's local
 * date), never shifted through UTC.
 */
import { Decimal } from '../../lib/decimal.js';
import {
  isIsoDate,
  normalisePoStatus,
  poNumbersOf,
  type Address,
  type Contact,
  type CoupaPayment,
  type Invoice,
  type InvoiceLine,
  type IsoDate,
  type PoLine,
  type PurchaseOrder,
  type Supplier,
  type Timestamp,
} from '../../core/records.js';
import { isRecord } from '../json.js';
import { CoupaResponseError } from './errors.js';
import { allocationsOf, chargesOf } from './parse-charges.js';
import {
  arrayOf,
  At,
  codeOf,
  decimalOf,
  idOf,
  nonEmpty,
  obj,
  optionalDecimal,
  recordOf,
  requiredText,
  segmentsOf,
  text,
} from './parse-values.js';

export { segmentsOf } from './parse-values.js';

/** 'YYYY-MM-DD' from a date or an instant, as written (the instance's local date). */
function dateOf(at: At, v: unknown, field: string): IsoDate {
  const t = text(v)?.trim() ?? '';
  const date = t.slice(0, 10);
  if (!isIsoDate(date) || (t.length > 10 && !/^[T ]/.test(t.slice(10)))) at.fail(field, `is not a date (got ${JSON.stringify(v ?? null)})`);
  return date;
}

function timestampOf(at: At, v: unknown, field: string): Timestamp {
  const t = text(v)?.trim();
  if (!t || Number.isNaN(Date.parse(t))) at.fail(field, `is not a timestamp (got ${JSON.stringify(v ?? null)})`);
  return t;
}

function daysOf(v: unknown): number | undefined {
  const term = obj(v);
  const days = term?.['days-for-net-payment'];
  if (typeof days === 'number' && Number.isSafeInteger(days) && days >= 0) return days;
  if (typeof days === 'string' && /^\d+$/.test(days.trim())) return Number(days.trim());
  return undefined;
}

function commodityOf(v: unknown): string | undefined {
  const c = obj(v);
  return c ? (nonEmpty(c.name) ?? nonEmpty(c.code)) : nonEmpty(v);
}

/** "+1 480 555 0100 ext. 12" from Coupa's phone-work parts. */
function phoneOf(v: unknown): string | undefined {
  const p = obj(v);
  if (!p) return nonEmpty(v);
  const cc = nonEmpty(p['country-code']);
  const parts = [cc ? (cc.startsWith('+') ? cc : `+${cc}`) : undefined, nonEmpty(p['area-code']), nonEmpty(p.number)].filter(Boolean);
  if (parts.length === 0) return undefined;
  const ext = nonEmpty(p.extension);
  return parts.join(' ') + (ext ? ` ext. ${ext}` : '');
}

function contactOf(v: unknown): Contact | undefined {
  const c = obj(v);
  if (!c) return undefined;
  const contact: Contact = {};
  const first = nonEmpty(c['name-given']);
  const last = nonEmpty(c['name-family']);
  const email = nonEmpty(c.email);
  const phone = phoneOf(c['phone-work']) ?? phoneOf(c['phone-mobile']);
  if (first) contact.firstName = first;
  if (last) contact.lastName = last;
  if (email) contact.email = email;
  if (phone) contact.phone = phone;
  return Object.keys(contact).length > 0 ? contact : undefined;
}

function addressOf(v: unknown): Address | undefined {
  const a = obj(v);
  if (!a) return undefined;
  const country = obj(a.country);
  const address: Address = {
    street1: nonEmpty(a.street1) ?? '',
    city: nonEmpty(a.city) ?? '',
    state: nonEmpty(a.state) ?? '',
    postalCode: nonEmpty(a['postal-code']) ?? '',
    country: (country ? (nonEmpty(country.name) ?? nonEmpty(country.code)) : nonEmpty(a.country)) ?? '',
  };
  const street2 = [a.street2, a.street3, a.street4].map(nonEmpty).filter(Boolean).join(', ');
  if (street2) address.street2 = street2;
  const anything = Object.values(address).some((x) => x !== '');
  return anything ? address : undefined;
}

/** A JSON index answer: a bare array (JSON has no root element). */
export function listOf(v: unknown, what: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new CoupaResponseError(what, `expected a JSON list, got ${isRecord(v) ? 'an object' : JSON.stringify(v)}`);
  return v;
}

export function parseSupplier(v: unknown): Supplier {
  const raw = recordOf(v, 'a supplier');
  const at = new At(`supplier ${text(raw.id) ?? '?'}`);
  const supplier: Supplier = {
    id: idOf(at, raw.id, 'id'),
    name: requiredText(at, raw, 'name'),
    status: nonEmpty(raw.status)?.toLowerCase() ?? 'draft',
    updatedAt: timestampOf(at, raw['updated-at'], 'updated-at'),
  };
  const number = nonEmpty(raw.number);
  const contact = contactOf(raw['primary-contact']);
  const address = addressOf(raw['primary-address']);
  const currency = codeOf(raw.currency);
  const website = nonEmpty(raw.website);
  const days = daysOf(raw['payment-term']);
  if (number) supplier.number = number;
  if (contact) supplier.contact = contact;
  if (address) supplier.address = address;
  if (currency) supplier.currency = currency;
  if (website) supplier.website = website;
  if (days !== undefined) supplier.paymentTermDays = days;
  return supplier;
}

/** What PO and invoice lines share: amounts (an amount line has no quantity), description, account. */
function lineBasics(at: At, raw: Record<string, unknown>, field: (k: string) => string) {
  const quantity = optionalDecimal(at, raw.quantity, field('quantity'));
  const price = optionalDecimal(at, raw.price, field('price'));
  const total = optionalDecimal(at, raw.total, field('total'));
  // Amount lines carry the amount in price/total and no quantity.
  const unitPrice = price ?? (quantity === null ? total : null) ?? at.fail(field('price'), 'is missing');
  return {
    description: nonEmpty(raw.description) ?? '',
    quantity,
    unitPrice,
    total: total ?? (quantity === null ? unitPrice : quantity.mul(unitPrice)),
    segments: segmentsOf(raw.account),
  };
}

function poLineOf(at: At, v: unknown, index: number): PoLine {
  const field = (k: string) => `order-lines[${index}].${k}`;
  const raw = recordOf(v, `${at.what}, order line ${index}`);
  // PO line-num is a string in Coupa's schema (an integer is accepted all the same).
  const lineNum = nonEmpty(raw['line-num']) ?? at.fail(field('line-num'), 'is missing');
  const line: PoLine = { lineNum, ...lineBasics(at, raw, field) };
  const account = codeOf(raw.account);
  const commodity = commodityOf(raw.commodity);
  if (account) line.accountCode = account;
  if (commodity) line.commodity = commodity;
  return line;
}

export function parsePurchaseOrder(v: unknown): PurchaseOrder {
  const raw = recordOf(v, 'a purchase order');
  const at = new At(`purchase order ${text(raw['po-number']) ?? text(raw.id) ?? '?'}`);
  const supplier = obj(raw.supplier) ?? at.fail('supplier', 'is missing');
  const version = raw.version;
  const po: PurchaseOrder = {
    id: idOf(at, raw.id, 'id'),
    poNumber: requiredText(at, raw, 'po-number'),
    supplierId: idOf(at, supplier.id, 'supplier.id'),
    supplierName: nonEmpty(supplier.name) ?? '',
    status: normalisePoStatus(requiredText(at, raw, 'status')),
    version:
      typeof version === 'number' && Number.isSafeInteger(version)
        ? version
        : typeof version === 'string' && /^\d+$/.test(version)
          ? Number(version)
          : 0,
    currency: codeOf(raw.currency) ?? at.fail('currency.code', 'is missing'),
    // Coupa POs have no order date of their own: the day the PO was created, as the instance wrote it.
    issueDate: dateOf(at, raw['created-at'], 'created-at'),
    lines: arrayOf(at, raw['order-lines'], 'order-lines').map((l, i) => poLineOf(at, l, i)),
    updatedAt: timestampOf(at, raw['updated-at'], 'updated-at'),
    exported: raw.exported === true,
  };
  const days = daysOf(raw['payment-term']);
  if (days !== undefined) po.paymentTermDays = days;
  return po;
}

function invoiceLineOf(at: At, v: unknown, index: number): InvoiceLine {
  const field = (k: string) => `invoice-lines[${index}].${k}`;
  const raw = recordOf(v, `${at.what}, invoice line ${index}`);
  // Invoice line-num is an integer in Coupa's schema: one string type in core.
  const lineNum = nonEmpty(raw['line-num']) ?? String(index + 1);
  const line: InvoiceLine = { lineNum, ...lineBasics(at, raw, field) };
  const po = nonEmpty(raw['po-number']) ?? nonEmpty(raw['order-header-num']);
  const orderLine = nonEmpty(raw['order-line-num']);
  const account = codeOf(raw.account);
  const commodity = commodityOf(raw.commodity);
  const split = allocationsOf(at, raw['account-allocations'], field('account-allocations'));
  if (po) line.poNumber = po;
  if (orderLine) line.orderLineNum = orderLine;
  if (account) line.accountCode = account;
  if (commodity) line.commodity = commodity;
  if (split.length > 0) line.accountAllocations = split;
  return line;
}

function parsePayment(at: At, v: unknown, index: number): CoupaPayment {
  const raw = recordOf(v, `${at.what}, payment ${index}`);
  const field = (k: string) => `payments[${index}].${k}`;
  const amount = raw['amount-paid'] ?? raw.amount_paid;
  // A payment entered without a date (Coupa allows it) counts from the day it was recorded.
  const date = raw['payment-date'] ?? raw.payment_date ?? raw['created-at'];
  const notes = raw.notes ?? raw['check-number'];
  const payment: CoupaPayment = {
    amount: decimalOf(at, amount, field('amount-paid')),
    date: dateOf(at, date, field('payment-date')),
    notes: typeof notes === 'string' ? notes : null,
  };
  if (raw.id !== undefined && raw.id !== null) payment.id = idOf(at, raw.id, field('id'));
  return payment;
}

/** The invoice's raw `paid` flag, which core's Invoice does not carry (the client needs it to set paid once). */
export function invoicePaidFlag(v: unknown): boolean {
  return isRecord(v) && v.paid === true;
}

export function parseInvoice(v: unknown): Invoice {
  const raw = recordOf(v, 'an invoice');
  const at = new At(`invoice ${text(raw['invoice-number']) ?? text(raw.id) ?? '?'}`);
  const supplier = obj(raw.supplier) ?? at.fail('supplier', 'is missing');
  const lines = arrayOf(at, raw['invoice-lines'], 'invoice-lines').map((l, i) => invoiceLineOf(at, l, i));
  const totalRaw = raw['total-with-taxes'] ?? raw['gross-total'];
  const total =
    totalRaw === undefined || totalRaw === null
      ? Decimal.sum(lines.map((l) => l.total))
      : decimalOf(at, totalRaw, raw['total-with-taxes'] != null ? 'total-with-taxes' : 'gross-total');
  const payments = arrayOf(at, raw.payments, 'payments').map((p, i) => parsePayment(at, p, i));
  if (payments.length === 0 && raw.paid === true && raw['payment-date']) {
    // Paid the original way (header fields only): one payment of the whole invoice, no id.
    payments.push({
      amount: total,
      date: dateOf(at, raw['payment-date'], 'payment-date'),
      notes: typeof raw['payment-notes'] === 'string' ? raw['payment-notes'] : null,
    });
  }
  const docType = nonEmpty(raw['document-type']);
  const invoice: Invoice = {
    id: idOf(at, raw.id, 'id'),
    invoiceNumber: requiredText(at, raw, 'invoice-number'),
    supplierId: idOf(at, supplier.id, 'supplier.id'),
    supplierName: nonEmpty(supplier.name) ?? '',
    status: requiredText(at, raw, 'status').toLowerCase(),
    currency: codeOf(raw.currency) ?? at.fail('currency.code', 'is missing'),
    invoiceDate: dateOf(at, raw['invoice-date'], 'invoice-date'),
    lines,
    poNumbers: poNumbersOf(lines),
    payments,
    total,
    updatedAt: timestampOf(at, raw['updated-at'], 'updated-at'),
  };
  if (raw['is-credit-note'] === true || docType?.toLowerCase() === 'credit note') invoice.isCreditNote = true;
  else if (raw['is-credit-note'] === false || docType) invoice.isCreditNote = false;
  const days = daysOf(raw['payment-term']);
  if (days !== undefined) invoice.paymentTermDays = days;
  const charges = chargesOf(at, raw);
  if (charges !== undefined) invoice.charges = charges;
  return invoice;
}
