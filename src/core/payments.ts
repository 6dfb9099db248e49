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
import { FRESHBOOKS_MONEY_SCALE } from './bill-mapping.js';
import { fromMinorUnits, minorUnits, MoneyError, toMinorUnits } from './money.js';
import {
  daysBetween,
  type Allocation,
  type BillPayment,
  type BillPaymentDraft,
  type CoupaPayment,
  type CoupaPaymentDraft,
  type Invoice,
  type IsoDate,
} from './records.js';
import type { Decimal } from '../lib/decimal.js';

/** Coupa payments carry no method; FreshBooks requires a payment_type, and 'Other' claims nothing false. */
const FRESHBOOKS_PAYMENT_TYPE = 'Other';

type PaymentErrorCode = 'currency-mismatch' | 'unrepresentable-amount';

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
 * What a Coupa payment's identity rests on. A payment row has an id. A payment known only from
 * the invoice's header fields (`paid` + `payment-date`, the original way) has none: there is
 * at most one such payment per invoice, so its reference is the fixed word `header` — editing
 * its notes or date does not make it another payment. When Coupa later lists it as a row with
 * an id, the engine recognises it by amount and date (`sameAmountNear`) and keeps one link.
 */
export const HEADER_PAYMENT_REF = 'header';

export function coupaPaymentRef(payment: Pick<CoupaPayment, 'id'>): string {
  const id = payment.id?.trim();
  return id ? id : HEADER_PAYMENT_REF;
}

/** The key under which a Coupa payment's FreshBooks bill payment is linked: written once per key. */
export function coupaPaymentKey(invoiceId: string, payment: Pick<CoupaPayment, 'id'>): string {
  return `${invoiceId}:${coupaPaymentRef(payment)}`;
}

/** The note on a FreshBooks bill payment written from a Coupa payment. */
export function freshBooksNoteFor(invoice: Pick<Invoice, 'invoiceNumber'>, payment: Pick<CoupaPayment, 'id'>): string {
  return `Coupa payment ${coupaPaymentRef(payment)} on invoice ${invoice.invoiceNumber.trim()}`;
}

/** Coupa keeps at most this many characters of a payment's notes. */
export const COUPA_NOTES_MAX = 255;
const UNASSIGNED = 'unassigned';

/**
 * The notes on a Coupa invoice payment written from a FreshBooks bill payment: the marker, then
 * the payment's split over cost centres, parseable as `<centre> <amount>` pairs:
 *   `FreshBooks bill payment 1490 | CC-100 60.00; CC-200 40.00`
 * Lines without a cost centre are `unassigned`. When the split does not fit in 255 characters,
 * the first parts are kept and the note ends with how many more there are and where the whole
 * split is (`ml-connector allocations`).
 */
export function coupaNotesFor(
  billPayment: Pick<BillPayment, 'id'>,
  allocations: readonly Pick<Allocation, 'costCentre' | 'amount'>[] = [],
): string {
  const marker = `FreshBooks bill payment ${billPayment.id}`;
  if (allocations.length === 0) return marker;
  const parts = allocations.map((a) => `${a.costCentre ?? UNASSIGNED} ${a.amount.toString()}`);
  const whole = `${marker} | ${parts.join('; ')}`;
  if (whole.length <= COUPA_NOTES_MAX) return whole;
  for (let keep = parts.length - 1; keep >= 0; keep--) {
    const more = ` (+${parts.length - keep} more: ml-connector allocations)`;
    const text = `${marker} | ${parts.slice(0, keep).join('; ')}${more}`;
    if (text.length <= COUPA_NOTES_MAX) return text;
  }
  return marker;
}

/** The split written in a payment's notes by `coupaNotesFor` (what fitted), read back. */
export function allocationsInNotes(notes: string | null | undefined): Array<{ costCentre: string | null; amount: string }> {
  const at = (notes ?? '').indexOf(' | ');
  if (at < 0) return [];
  return (notes ?? '')
    .slice(at + 3)
    .replace(/ \(\+\d+ more: ml-connector allocations\)$/, '')
    .split('; ')
    .map((part) => /^(.*) (-?\d+(?:\.\d+)?)$/.exec(part.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ costCentre: m[1] === UNASSIGNED ? null : (m[1] ?? null), amount: m[2] ?? '0' }));
}

type PaymentOrigin =
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
  const [, billPaymentId] = fb ?? [];
  if (billPaymentId !== undefined) return { origin: 'freshbooks', billPaymentId };
  const [, coupaPaymentRef, invoiceNumber] = FROM_COUPA.exec(text) ?? [];
  if (coupaPaymentRef !== undefined && invoiceNumber !== undefined) return { origin: 'coupa', coupaPaymentRef, invoiceNumber };
  return { origin: 'native' };
}

/** True when the note carries one of the connector's markers: never mirror such a payment back. */
export function isOwnWrite(note: string | null | undefined): boolean {
  return originOf(note).origin !== 'native';
}

type CoupaPaymentDecision =
  | { action: 'write' }
  /** A negative payment: it reverses one of this amount written before. */
  | { action: 'reverse' }
  | { action: 'skip'; reason: 'echo' | 'zero' };

/**
 * What a Coupa payment asks for: a positive one is written to FreshBooks; a negative one
 * reverses an earlier payment of that amount (FreshBooks bill payments are positive, so the
 * earlier one is deleted); one the connector wrote from FreshBooks is never sent back (echo).
 */
export function coupaPaymentDecision(payment: Pick<CoupaPayment, 'amount' | 'notes'>): CoupaPaymentDecision {
  if (originOf(payment.notes).origin === 'freshbooks') return { action: 'skip', reason: 'echo' };
  if (payment.amount.isZero()) return { action: 'skip', reason: 'zero' };
  return payment.amount.isNegative() ? { action: 'reverse' } : { action: 'write' };
}

type BillPaymentDecision = { action: 'write' } | { action: 'skip'; reason: 'echo' | 'not-positive' | 'removed' };

/** Whether a FreshBooks bill payment goes to Coupa: not if deleted/archived, not if the connector wrote it from Coupa (echo), not if ≤ 0. */
export function billPaymentDecision(billPayment: Pick<BillPayment, 'visState' | 'note' | 'amount'>): BillPaymentDecision {
  if (billPayment.visState !== undefined && billPayment.visState !== 0) return { action: 'skip', reason: 'removed' };
  if (originOf(billPayment.note).origin === 'coupa') return { action: 'skip', reason: 'echo' };
  if (billPayment.amount.isNegative() || billPayment.amount.isZero()) return { action: 'skip', reason: 'not-positive' };
  return { action: 'write' };
}

/** The FreshBooks bill payment for a Coupa payment (currency = the invoice's: Coupa payments carry none). */
export function billPaymentFromCoupa(
  invoice: Pick<Invoice, 'invoiceNumber' | 'currency'>,
  payment: Pick<CoupaPayment, 'id' | 'amount' | 'date'>,
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
 * The Coupa invoice payment for a FreshBooks bill payment, with its split over cost centres
 * (worked out by the caller: allocation.ts `allocateCumulative`). A bill payment without a
 * currency is in its bill's; one in another currency than the invoice is refused, never converted.
 */
export function coupaPaymentFromBillPayment(
  invoice: Pick<Invoice, 'id' | 'invoiceNumber' | 'currency'>,
  billPayment: Pick<BillPayment, 'id' | 'amount' | 'currency' | 'paidDate'>,
  allocations: Allocation[],
): CoupaPaymentDraft {
  const currency = billPayment.currency.trim() === '' ? invoice.currency : billPayment.currency;
  if (currency !== invoice.currency) {
    throw new PaymentError(
      'currency-mismatch',
      `FreshBooks bill payment ${billPayment.id} is in ${currency} but invoice ${invoice.invoiceNumber} is in ${invoice.currency}; not converted`,
    );
  }
  const amount = exact(billPayment.amount, invoice.currency, `FreshBooks bill payment ${billPayment.id}`);
  return { invoiceId: invoice.id, amount, date: billPayment.paidDate, notes: coupaNotesFor(billPayment, allocations), allocations };
}

/**
 * The payment already on the Coupa invoice that IS this draft: same amount (as a number:
 * "100.0" = "100.00"), same date, same notes (trimmed). The client reads the invoice's payments
 * before its PUT and skips it when this finds one (Coupa's PUT appends; retries must not).
 */
export function sameCoupaPayment(
  existing: readonly CoupaPayment[],
  draft: Pick<CoupaPaymentDraft, 'amount' | 'date' | 'notes'>,
): CoupaPayment | undefined {
  const notes = draft.notes.trim();
  return existing.find((p) => p.amount.eq(draft.amount) && p.date === draft.date && (p.notes ?? '').trim() === notes);
}

/** A payment on the Coupa invoice that the connector wrote from this bill payment (found by its marker), whatever its amount now. */
export function coupaPaymentWrittenFor(existing: readonly CoupaPayment[], billPaymentId: string): CoupaPayment | undefined {
  return existing.find((p) => {
    const o = originOf(p.notes);
    return o.origin === 'freshbooks' && o.billPaymentId === billPaymentId;
  });
}

/** The FreshBooks bill payment the connector already wrote for this Coupa payment (found by its marker; deleted ones don't count). */
export function billPaymentWrittenFor(existing: readonly BillPayment[], payment: Pick<CoupaPayment, 'id'>): BillPayment | undefined {
  const ref = coupaPaymentRef(payment);
  return existing.find((bp) => {
    if (bp.visState === 1) return false;
    const o = originOf(bp.note);
    return o.origin === 'coupa' && o.coupaPaymentRef === ref;
  });
}

/** How far apart two sides may date the same hand-entered payment (a cheque written, then cashed). */
const SAME_PAYMENT_DAYS = 3;

/**
 * The payment among `candidates` that is this one entered by hand on the other side: the same
 * amount, dated within `SAME_PAYMENT_DAYS`. The closest date wins; on a tie, the first in the
 * order given (callers pass them in id order), so the same data always gives the same match.
 */
export function sameAmountNear<T extends { amount: Decimal; date: IsoDate }>(
  candidates: readonly T[],
  payment: { amount: Decimal; date: IsoDate },
  days = SAME_PAYMENT_DAYS,
): T | undefined {
  let best: { item: T; gap: number } | undefined;
  for (const item of candidates) {
    if (!item.amount.eq(payment.amount)) continue;
    const gap = daysBetween(item.date, payment.date);
    if (!Number.isFinite(gap) || gap > days) continue;
    if (!best || gap < best.gap) best = { item, gap };
  }
  return best?.item;
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
