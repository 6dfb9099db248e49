/**
 * Payments on an invoice: applied from a `PUT /api/invoices/{id}` (the connector, an ERP) or
 * recorded through the control API (as Coupa Pay or an ERP would). New entries are appended;
 * entries naming an existing payment id change that payment.
 */
import { Decimal } from '../../../lib/decimal.js';
import { CoupaApiError } from '../errors.js';
import { invoiceTotals } from '../invoice-totals.js';
import { checkPrecision, formatMoney, readDecimal } from '../money.js';
import type { InvoiceUpdate, PaymentEntry } from '../payments.js';
import type { CoupaState } from '../state.js';
import { parseCoupaTime } from '../time.js';
import type { InvoiceRecord, PaymentRecord } from '../types.js';
import { actorId, changeTime, type OpOptions } from './context.js';
import { getInvoice, touchInvoice } from './invoices.js';

const NOT_PAYABLE = new Set(['draft', 'new', 'voided', 'abandoned']);

function checkEntries(invoice: InvoiceRecord, entries: PaymentEntry[], decimals: number): void {
  // Choice CP-29 (docs/api-notes.md): drafts and voided/abandoned invoices take no payments.
  if (entries.length > 0 && NOT_PAYABLE.has(invoice.status)) {
    throw CoupaApiError.invalid('invoice', `Payments can't be recorded on a ${invoice.status} invoice`);
  }
  for (const entry of entries) {
    if (entry.id !== undefined && !invoice.payments.some((p) => p.id === entry.id)) {
      throw CoupaApiError.invalid('invoice', `Payment ${entry.id} does not belong to invoice ${invoice.invoiceNumber}`);
    }
    if (entry.amountPaid) {
      checkPrecision(entry.amountPaid, decimals, 'invoice', 'Payments amount paid');
      // Choice CP-30 (docs/api-notes.md): zero and negative payments refused, overpayment accepted.
      if (!entry.amountPaid.gt(Decimal.ZERO)) throw CoupaApiError.invalid('invoice', 'Payments amount paid must be greater than 0');
    }
  }
}

/**
 * Applies a PUT body. Validation happens first, so a bad entry changes nothing.
 * Choice CP-31 (docs/api-notes.md): entries without an id are appended (Rails nested
 * attributes), and `paid` changes only when the caller sends it.
 */
export function applyInvoiceUpdate(state: CoupaState, id: number, update: InvoiceUpdate, opts: OpOptions = {}): InvoiceRecord {
  const invoice = getInvoice(state, id);
  const decimals = state.currencies.get(invoice.currencyId)?.decimals ?? 2;
  const entries = update.payments ?? [];
  checkEntries(invoice, entries, decimals);
  const at = changeTime(state, opts);
  const wasPaid = invoice.paid;
  let changed = false;
  for (const entry of entries) {
    const existing = entry.id === undefined ? undefined : invoice.payments.find((p) => p.id === entry.id);
    if (existing) {
      if (entry.amountPaid) existing.amountPaid = formatMoney(entry.amountPaid, decimals);
      if (entry.paymentDate !== undefined) existing.paymentDate = entry.paymentDate;
      if (entry.notes !== undefined) existing.notes = entry.notes;
      if (entry.checkNumber !== undefined) existing.checkNumber = entry.checkNumber;
      existing.updatedAt = at;
      existing.updatedById = actorId(opts);
    } else {
      // readInvoiceUpdate refuses a new payment without an amount; recordPayment always has one.
      if (!entry.amountPaid) throw CoupaApiError.invalid('invoice', "Payments amount paid can't be blank");
      const payment: PaymentRecord = {
        id: state.nextId('payment'),
        invoiceHeaderId: invoice.id,
        amountPaid: formatMoney(entry.amountPaid, decimals),
        paymentDate: entry.paymentDate ?? null,
        notes: entry.notes ?? null,
        checkNumber: entry.checkNumber ?? null,
        createdAt: at,
        updatedAt: at,
        createdById: actorId(opts),
        updatedById: actorId(opts),
      };
      invoice.payments.push(payment);
    }
    changed = true;
  }
  if (update.paid !== undefined && update.paid !== invoice.paid) {
    invoice.paid = update.paid;
    changed = true;
  }
  if (update.paymentDate !== undefined) {
    invoice.paymentDate = update.paymentDate;
    changed = true;
  }
  if (update.paymentNotes !== undefined) {
    invoice.paymentNotes = update.paymentNotes;
    changed = true;
  }
  if (update.customFields !== undefined) {
    invoice.customFields = { ...invoice.customFields, ...update.customFields };
    changed = true;
  }
  // One push per change: `invoice.paid` when this change made it paid, else `invoice.updated`.
  if (changed) touchInvoice(state, invoice, { ...opts, at }, !wasPaid && invoice.paid ? 'invoice.paid' : 'invoice.updated');
  return invoice;
}

export interface PaymentInput {
  amount: string;
  /** Date or datetime; default: now. */
  date?: string;
  notes?: string | null;
}

/**
 * A payment made outside the connector (Coupa Pay, an ERP). Like an ERP integration, it sets
 * `paid` (and the header payment date) once the payments reach the invoice's gross total.
 */
export function recordPayment(state: CoupaState, id: number, input: PaymentInput, opts: OpOptions = {}): InvoiceRecord {
  const invoice = getInvoice(state, id);
  const amount = readDecimal(input.amount, 'invoice', 'Payments amount paid');
  const date = input.date ? parseCoupaTime(input.date, 'payment-date', 'invoice') : changeTime(state, opts);
  const totals = invoiceTotals(invoice);
  const willBePaid = totals.paid.add(amount).cmp(totals.grossTotal) >= 0;
  const update: InvoiceUpdate = { payments: [{ amountPaid: amount, paymentDate: date, notes: input.notes ?? null }] };
  if (willBePaid && !invoice.paid) {
    update.paid = true;
    update.paymentDate = date;
  }
  return applyInvoiceUpdate(state, id, update, { actor: 'erp', ...opts });
}

/**
 * A payment taken back in Coupa's UI (a bounced cheque, a returned transfer): recorded as a
 * negative payment row, and the invoice is no longer paid. The API refuses negative amounts
 * from integrations (see checkEntries); a person in the UI may record one.
 * Choice CP-41 (docs/api-notes.md): a reversal is a negative payment row.
 */
export function reversePayment(state: CoupaState, id: number, input: PaymentInput, opts: OpOptions = {}): InvoiceRecord {
  const invoice = getInvoice(state, id);
  const decimals = state.currencies.get(invoice.currencyId)?.decimals ?? 2;
  const amount = checkPrecision(readDecimal(input.amount, 'invoice', 'Payments amount paid'), decimals, 'invoice', 'Payments amount paid');
  if (!amount.gt(Decimal.ZERO)) throw CoupaApiError.invalid('invoice', 'A reversal takes back a positive amount');
  const at = changeTime(state, opts);
  invoice.payments.push({
    id: state.nextId('payment'),
    invoiceHeaderId: invoice.id,
    amountPaid: formatMoney(amount.neg(), decimals),
    paymentDate: input.date ? parseCoupaTime(input.date, 'payment-date', 'invoice') : at,
    notes: input.notes ?? null,
    checkNumber: null,
    createdAt: at,
    updatedAt: at,
    createdById: actorId(opts),
    updatedById: actorId(opts),
  });
  invoice.paid = false;
  touchInvoice(state, invoice, { ...opts, at });
  return invoice;
}

/**
 * Paid the original way: only the header fields (`paid`, `payment-date`, `payment-notes`), no
 * payment row — as an older ERP integration records a payment.
 */
export function markPaidByHeader(
  state: CoupaState,
  id: number,
  input: { date: string; notes?: string | null },
  opts: OpOptions = {},
): InvoiceRecord {
  const date = parseCoupaTime(input.date, 'payment-date', 'invoice');
  return applyInvoiceUpdate(
    state,
    id,
    { paid: true, paymentDate: date, ...(input.notes !== undefined ? { paymentNotes: input.notes } : {}) },
    { actor: 'erp', ...opts },
  );
}
