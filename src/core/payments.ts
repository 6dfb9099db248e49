/**
 * Payment identity and echo suppression, both directions.
 *
 * Coupa payment → FreshBooks bill payment, once per Coupa payment; FreshBooks bill payment →
 * Coupa invoice payment (PUT on the invoice), once per bill payment. Each write carries a
 * marker in its note naming where it came from. The links table is the first defence against
 * writing twice or echoing; the marker is the second (it survives a lost link row, and lets a
 * freshly read payment be recognised as the connector's own):
 * - FreshBooks note: `Coupa payment 55 on invoice INV-10`
 * - Coupa notes:     `FreshBooks bill payment 1490`
 * Markers contain only stable identities (never the user's note or the amount), so the same
 * payment always produces the same text and the read-before-PUT comparison stays exact.
 * Markers are found anywhere in a note and case-insensitively: should someone append text,
 * the payment is still recognised; an echo is worse than a missed mirror.
 */
import { createHash } from 'node:crypto';
import { allocatePayment } from './allocation.js';
import { FRESHBOOKS_MONEY_SCALE } from './bill-mapping.js';
import { canonicalJson } from './fingerprint.js';
import { fromMinorUnits, minorUnits, MoneyError, toMinorUnits } from './money.js';
import type { BillPayment, BillPaymentDraft, CoupaPayment, CoupaPaymentDraft, Invoice } from './records.js';
import type { Decimal } from '../lib/decimal.js';

/** Coupa payments carry no method; FreshBooks requires a payment_type, and 'Other' claims nothing false. */
export const FRESHBOOKS_PAYMENT_TYPE = 'Other';

export type PaymentErrorCode = 'currency-mismatch' | 'unrepresentable-amount';

export class PaymentError extends Error {
  constructor(
    readonly code: PaymentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PaymentError';
  }
}

/**
 * A Coupa payment's reference: its id, or — for a payment without one — 'h' + 16 hex digits
 * of a SHA-256 over (invoice id, amount, date, notes). Ids are digits, so the two never meet.
 */
export function coupaPaymentRef(invoiceId: string, payment: CoupaPayment): string {
  if (payment.id !== undefined && payment.id.trim() !== '') return payment.id.trim();
  const basis = canonicalJson({ invoiceId, amount: payment.amount, date: payment.date, notes: payment.notes?.trim() ?? null });
  return 'h' + createHash('sha256').update(basis, 'utf8').digest('hex').slice(0, 16);
}

/**
 * The key under which a Coupa payment's FreshBooks bill payment is linked: written once per key.
 * A payment first seen without an id and later with one gets a new key: Coupa gives ids to
 * every row of `payments`, so only header-level payments (`paid` + `payment-date`) lack one.
 */
export function coupaPaymentKey(invoiceId: string, payment: CoupaPayment): string {
  return `${invoiceId}:${coupaPaymentRef(invoiceId, payment)}`;
}

/** The note on a FreshBooks bill payment written from a Coupa payment. */
export function freshBooksNoteFor(invoice: Pick<Invoice, 'id' | 'invoiceNumber'>, payment: CoupaPayment): string {
  return `Coupa payment ${coupaPaymentRef(invoice.id, payment)} on invoice ${invoice.invoiceNumber.trim()}`;
}

/** The notes on a Coupa invoice payment written from a FreshBooks bill payment. */
export function coupaNotesFor(billPayment: Pick<BillPayment, 'id'>): string {
  return `FreshBooks bill payment ${billPayment.id}`;
}

export type PaymentOrigin =
  /** A FreshBooks bill payment the connector wrote from a Coupa payment. */
  | { origin: 'coupa'; coupaPaymentRef: string; invoiceNumber: string }
  /** A Coupa payment the connector wrote from a FreshBooks bill payment. */
  | { origin: 'freshbooks'; billPaymentId: string }
  /** Entered by a person or another system. */
  | { origin: 'native' };

const FROM_COUPA = /\bCoupa payment (\S+) on invoice (.+?)\s*$/i;
const FROM_FRESHBOOKS = /\bFreshBooks bill payment ([0-9A-Za-z_-]+)/i;

/** Who made a payment, from its note (FreshBooks `note` or Coupa `notes`). */
export function originOf(note: string | null | undefined): PaymentOrigin {
  const text = note ?? '';
  const fb = FROM_FRESHBOOKS.exec(text);
  if (fb) return { origin: 'freshbooks', billPaymentId: fb[1]! };
  const coupa = FROM_COUPA.exec(text);
  if (coupa) return { origin: 'coupa', coupaPaymentRef: coupa[1]!, invoiceNumber: coupa[2]! };
  return { origin: 'native' };
}

/** True when the note carries one of the connector's markers: never mirror such a payment back. */
export function isOwnWrite(note: string | null | undefined): boolean {
  return originOf(note).origin !== 'native';
}

export type MirrorDecision = { mirror: true } | { mirror: false; reason: 'echo' | 'not-positive' | 'removed' };

/**
 * Whether a Coupa payment goes to FreshBooks: not if the connector wrote it from FreshBooks
 * (echo), and not if it is zero or negative (a reversal or refund: FreshBooks bill payments
 * are positive; a person reverses the FreshBooks side).
 */
export function shouldMirrorCoupaPayment(payment: CoupaPayment): MirrorDecision {
  if (originOf(payment.notes).origin === 'freshbooks') return { mirror: false, reason: 'echo' };
  if (payment.amount.isNegative() || payment.amount.isZero()) return { mirror: false, reason: 'not-positive' };
  return { mirror: true };
}

/** Whether a FreshBooks bill payment goes to Coupa: not if deleted/archived, not if the connector wrote it from Coupa (echo), not if ≤ 0. */
export function shouldMirrorBillPayment(billPayment: BillPayment): MirrorDecision {
  if (billPayment.visState !== undefined && billPayment.visState !== 0) return { mirror: false, reason: 'removed' };
  if (originOf(billPayment.note).origin === 'coupa') return { mirror: false, reason: 'echo' };
  if (billPayment.amount.isNegative() || billPayment.amount.isZero()) return { mirror: false, reason: 'not-positive' };
  return { mirror: true };
}

/** The FreshBooks bill payment for a Coupa payment (currency = the invoice's: Coupa payments carry none). */
export function billPaymentFromCoupa(
  invoice: Pick<Invoice, 'id' | 'invoiceNumber' | 'currency'>,
  payment: CoupaPayment,
  billId: string,
): BillPaymentDraft {
  return {
    billId,
    amount: exact(payment.amount, invoice.currency, `Coupa payment on invoice ${invoice.invoiceNumber}`),
    currency: invoice.currency,
    paidDate: payment.date,
    paymentType: FRESHBOOKS_PAYMENT_TYPE,
    note: freshBooksNoteFor(invoice, payment),
  };
}

/**
 * The Coupa invoice payment for a FreshBooks bill payment, with its allocation to cost
 * centres (segment `segmentIndex`, 1-based) kept beside it for the payment record.
 */
export function coupaPaymentFromBillPayment(
  invoice: Pick<Invoice, 'id' | 'invoiceNumber' | 'currency' | 'lines'>,
  billPayment: BillPayment,
  segmentIndex: number,
): CoupaPaymentDraft {
  if (billPayment.currency !== invoice.currency) {
    throw new PaymentError(
      'currency-mismatch',
      `FreshBooks bill payment ${billPayment.id} is in ${billPayment.currency} but invoice ${invoice.invoiceNumber} is in ${invoice.currency}; not converted`,
    );
  }
  const amount = exact(billPayment.amount, invoice.currency, `FreshBooks bill payment ${billPayment.id}`);
  return {
    invoiceId: invoice.id,
    amount,
    date: billPayment.paidDate,
    notes: coupaNotesFor(billPayment),
    allocations: allocatePayment(amount, invoice.currency, invoice.lines, segmentIndex),
  };
}

/**
 * The payment already on the Coupa invoice that IS this draft: same amount (as a number:
 * "100.0" = "100.00"), same date, same notes (trimmed). Read the invoice's payments before the
 * PUT and skip it when this finds one (Coupa's PUT may append; retries must not).
 */
export function sameCoupaPayment(
  existing: readonly CoupaPayment[],
  draft: Pick<CoupaPaymentDraft, 'amount' | 'date' | 'notes'>,
): CoupaPayment | undefined {
  const notes = draft.notes.trim();
  return existing.find((p) => p.amount.eq(draft.amount) && p.date === draft.date && (p.notes ?? '').trim() === notes);
}

/**
 * A payment on the Coupa invoice that the connector wrote from this bill payment, whatever its
 * amount and date now. Found with no `sameCoupaPayment` match: a conflict (someone edited one
 * side) for a person, not a second write.
 */
export function coupaPaymentWrittenFor(existing: readonly CoupaPayment[], billPaymentId: string): CoupaPayment | undefined {
  return existing.find((p) => {
    const o = originOf(p.notes);
    return o.origin === 'freshbooks' && o.billPaymentId === billPaymentId;
  });
}

/** The FreshBooks bill payment the connector already wrote for this Coupa payment (find before create; deleted ones don't count). */
export function billPaymentWrittenFor(
  existing: readonly BillPayment[],
  invoice: Pick<Invoice, 'id'>,
  payment: CoupaPayment,
): BillPayment | undefined {
  const ref = coupaPaymentRef(invoice.id, payment);
  return existing.find((bp) => {
    if (bp.visState === 1) return false;
    const o = originOf(bp.note);
    return o.origin === 'coupa' && o.coupaPaymentRef === ref;
  });
}

function exact(amount: Decimal, currency: string, where: string): Decimal {
  let value: Decimal;
  try {
    value = fromMinorUnits(toMinorUnits(amount, currency), currency);
  } catch (err) {
    if (err instanceof MoneyError) throw new PaymentError('unrepresentable-amount', `${where}: ${err.message}`);
    throw err;
  }
  if (minorUnits(currency) > FRESHBOOKS_MONEY_SCALE) {
    try {
      value.unitsAt(FRESHBOOKS_MONEY_SCALE);
    } catch {
      throw new PaymentError(
        'unrepresentable-amount',
        `${where}: ${value.toString()} ${currency} needs more than the ${FRESHBOOKS_MONEY_SCALE} places FreshBooks keeps`,
      );
    }
  }
  return value;
}
