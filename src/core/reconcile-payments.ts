/**
 * Reconciliation of one invoice's payments: the payments Coupa lists on the invoice against
 * the active payments FreshBooks holds on its bill, read live from both.
 *
 * Pairing, in order of proof: the link the connector saved (it only says which is which, the
 * amounts are read live), the markers the connector writes into notes, then one entered by
 * hand on both sides (same amount, near date). A negative Coupa payment reverses an earlier one
 * of the same amount, so the two leave the comparison together (FreshBooks deletes instead).
 *
 * The cost-centre split of the payments written to Coupa is checked too: the split written in
 * their notes, per cost centre, must be the split of what they add up to over the invoice's
 * lines as they are now (allocation.ts computes splits cumulatively, so the two agree unless
 * the lines changed after a payment or a person edited the notes).
 */
import { Decimal } from '../lib/decimal.js';
import { allocatePayment, type AllocationLine } from './allocation.js';
import { allocationsInNotes, coupaPaymentKey, coupaPaymentRef, originOf, sameAmountNear } from './payments.js';
import type { BillPayment, CoupaPayment, Invoice } from './records.js';

/** A payment pair the connector saved: which Coupa payment is which FreshBooks payment. */
export interface PaymentPairLink {
  coupaKey: string | null;
  billPaymentId: string | null;
}

export interface PaymentComparison {
  /** Pairs whose amounts agree. */
  agreed: Array<{ coupa: CoupaPayment; freshbooks: BillPayment }>;
  /** Pairs whose amounts differ. */
  differing: Array<{ coupa: CoupaPayment; freshbooks: BillPayment }>;
  /** On the Coupa invoice only. */
  coupaOnly: CoupaPayment[];
  /** On the FreshBooks bill only. */
  freshbooksOnly: BillPayment[];
  coupaPaid: Decimal;
  freshbooksPaid: Decimal;
}

/** What Coupa's payments add up to (reversals included). */
export function coupaPaidOf(invoice: Pick<Invoice, 'payments'>): Decimal {
  return Decimal.sum(invoice.payments.map((p) => p.amount));
}

/** Positive payments still standing: each negative one takes out the latest earlier one of its amount. */
function standing(payments: readonly CoupaPayment[]): CoupaPayment[] {
  const out: CoupaPayment[] = [];
  for (const p of payments) {
    if (p.amount.isZero()) continue;
    if (!p.amount.isNegative()) {
      out.push(p);
      continue;
    }
    const at = out.map((q) => q.amount.eq(p.amount.neg())).lastIndexOf(true);
    // A reversal of nothing stays in the comparison as a negative payment (a person must look).
    if (at >= 0) out.splice(at, 1);
    else out.push(p);
  }
  return out;
}

export function comparePayments(
  invoice: Pick<Invoice, 'id' | 'invoiceNumber' | 'payments'>,
  billPayments: readonly BillPayment[],
  links: readonly PaymentPairLink[],
): PaymentComparison {
  const coupa = standing(invoice.payments);
  const fb = billPayments.filter((p) => (p.visState ?? 0) === 0);
  const pairs: Array<{ coupa: CoupaPayment; freshbooks: BillPayment }> = [];
  const take = (c: CoupaPayment, f: BillPayment) => {
    pairs.push({ coupa: c, freshbooks: f });
    coupa.splice(coupa.indexOf(c), 1);
    fb.splice(fb.indexOf(f), 1);
  };
  for (const link of links) {
    const c = coupa.find((p) => link.coupaKey !== null && coupaPaymentKey(invoice.id, p) === link.coupaKey);
    const f = fb.find((p) => p.id === link.billPaymentId);
    if (c && f) take(c, f);
  }
  for (const f of [...fb]) {
    const o = originOf(f.note);
    const c = o.origin === 'coupa' ? coupa.find((p) => coupaPaymentRef(p) === o.coupaPaymentRef) : undefined;
    if (c) take(c, f);
  }
  for (const c of [...coupa]) {
    const o = originOf(c.notes);
    const f = o.origin === 'freshbooks' ? fb.find((p) => p.id === o.billPaymentId) : undefined;
    if (f) take(c, f);
  }
  for (const c of [...coupa]) {
    const f = sameAmountNear(
      fb.map((p) => ({ payment: p, amount: p.amount, date: p.paidDate })),
      { amount: c.amount, date: c.date },
    );
    if (f) take(c, f.payment);
  }
  return {
    agreed: pairs.filter((p) => p.coupa.amount.eq(p.freshbooks.amount)),
    differing: pairs.filter((p) => !p.coupa.amount.eq(p.freshbooks.amount)),
    coupaOnly: coupa,
    freshbooksOnly: fb,
    coupaPaid: coupaPaidOf(invoice),
    freshbooksPaid: Decimal.sum(billPayments.filter((p) => (p.visState ?? 0) === 0).map((p) => p.amount)),
  };
}

export interface CostCentreAmount {
  costCentre: string | null;
  amount: Decimal;
}

/**
 * The split written in the notes of the payments the connector recorded from FreshBooks, against
 * the split of their sum over the invoice's lines now. Undefined when they agree, or when a
 * note was cut short (the whole split is then only in `ml-connector allocations`).
 */
export function allocationDifference(
  invoice: Pick<Invoice, 'payments' | 'currency'> & { lines: readonly AllocationLine[] },
  segmentIndex: number,
): { written: CostCentreAmount[]; expected: CostCentreAmount[] } | undefined {
  const fromFreshBooks = invoice.payments.filter((p) => originOf(p.notes).origin === 'freshbooks');
  if (fromFreshBooks.length === 0) return undefined;
  if (fromFreshBooks.some((p) => / more: ml-connector allocations\)$/.test(p.notes ?? ''))) return undefined;
  const written = new Map<string | null, Decimal>();
  for (const p of fromFreshBooks) {
    for (const part of allocationsInNotes(p.notes)) {
      written.set(part.costCentre, (written.get(part.costCentre) ?? Decimal.ZERO).add(Decimal.parse(part.amount)));
    }
  }
  const total = Decimal.sum(fromFreshBooks.map((p) => p.amount));
  const expected = total.isZero() ? [] : allocatePayment(total, invoice.currency, invoice.lines, segmentIndex);
  const want = new Map(expected.map((a) => [a.costCentre, a.amount]));
  const keys = new Set([...written.keys(), ...want.keys()]);
  const same = [...keys].every((k) => (written.get(k) ?? Decimal.ZERO).eq(want.get(k) ?? Decimal.ZERO));
  if (same) return undefined;
  return {
    written: [...written].map(([costCentre, amount]) => ({ costCentre, amount })),
    expected: expected.map((a) => ({ costCentre: a.costCentre, amount: a.amount })),
  };
}

/** Every payment on the invoice split over its cost centres (for the totals per cost centre). */
export function paidByCostCentre(
  invoice: Pick<Invoice, 'payments' | 'currency'> & { lines: readonly AllocationLine[] },
  segmentIndex: number,
): CostCentreAmount[] {
  const paid = coupaPaidOf(invoice);
  if (paid.isZero()) return [];
  return allocatePayment(paid, invoice.currency, invoice.lines, segmentIndex).map((a) => ({ costCentre: a.costCentre, amount: a.amount }));
}
