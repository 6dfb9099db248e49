/**
 * Flow 5: FreshBooks bill payments → payments on the Coupa invoice whose bill they paid
 * (`PUT /api/invoices/{id}`), split over cost centres (allocation.ts, rounded on the running
 * total) and written in the payment's notes. Payments the connector wrote from Coupa are never
 * echoed back; one a person also entered in Coupa by hand is matched, not written again. A
 * payment on a PO's bill waits: the invoice that takes that bill over carries it. A payment
 * deleted in FreshBooks after it reached Coupa goes to a person (Coupa cannot delete one).
 */
import { allocateCumulative } from '../core/allocation.js';
import { attention, type AttentionRecord } from '../core/attention.js';
import {
  allocationsInNotes,
  billPaymentDecision,
  coupaPaymentFromBillPayment,
  coupaPaymentKey,
  coupaPaymentWrittenFor,
  originOf,
  sameAmountNear,
} from '../core/payments.js';
import type { Allocation, Bill, BillPayment, Invoice } from '../core/records.js';
import { Decimal } from '../lib/decimal.js';
import type { SyncContext } from './context.js';
import { record, skipped } from './report.js';
import type { InvoiceLinkRow } from './state.js';

const FLOW = 'payments-to-coupa';
const WITHDRAWN = new Set(['voided', 'abandoned', 'rejected']);

function billPaymentRecord(payment: Pick<BillPayment, 'id' | 'amount' | 'currency'>, bill: Pick<Bill, 'id'>): AttentionRecord {
  return {
    kind: 'bill-payment',
    id: payment.id,
    label: `FreshBooks bill payment ${payment.id} (${payment.amount.toString()} ${payment.currency}) on bill ${bill.id}`,
  };
}

export async function syncBillPayments(ctx: SyncContext, bill: Bill): Promise<void> {
  const owner = await ctx.state.billOwner(bill.id);
  const payments = await ctx.freshbooks.billPayments(bill.id);
  if (owner?.kind === 'invoice') await noticeDeleted(ctx, bill, owner.row, payments);
  for (const payment of payments) {
    const decision = billPaymentDecision(payment);
    if (decision.action === 'skip') {
      skipped(ctx.report, FLOW, decision.reason);
      continue;
    }
    if (!owner) {
      skipped(ctx.report, FLOW, 'bill-not-ours');
      continue;
    }
    if (owner.kind === 'po') {
      // Paid before any invoice came: no Coupa invoice to record it on yet. The invoice that
      // takes this bill over carries it (and this payment is seen again then).
      skipped(ctx.report, FLOW, 'waits-for-invoice');
      continue;
    }
    const invoiceId = owner.row.invoiceId;
    await ctx.lock(`payment-out:${payment.id}`, () => syncBillPayment(ctx, bill, payment, invoiceId));
  }
}

/** Payments the connector wrote to Coupa whose FreshBooks original is gone: Coupa cannot take them back, so a person is told. */
async function noticeDeleted(ctx: SyncContext, bill: Bill, owner: InvoiceLinkRow, active: readonly BillPayment[]): Promise<void> {
  const live = new Set(active.map((p) => p.id));
  for (const link of await ctx.state.paymentsOfInvoice(owner.invoiceId)) {
    if (link.state !== 'live' || link.billPaymentId === null || link.billId !== bill.id || live.has(link.billPaymentId)) continue;
    await ctx.state.savePayment({ ...link, state: 'deleted' });
    const who = billPaymentRecord({ id: link.billPaymentId, amount: link.amount, currency: bill.currency }, bill);
    await ctx.needsPerson(
      FLOW,
      attention.paymentDeletedInFreshBooks(who, `invoice ${owner.invoiceNumber}`, `${link.amount.toString()} ${bill.currency}`),
    );
  }
}

async function syncBillPayment(ctx: SyncContext, bill: Bill, payment: BillPayment, invoiceId: string): Promise<void> {
  if (await ctx.state.paymentByBillPayment(payment.id)) {
    skipped(ctx.report, FLOW, 'already-written');
    return;
  }
  const invoice = await ctx.coupa.invoice(invoiceId);
  if (!invoice) {
    skipped(ctx.report, FLOW, 'invoice-not-found');
    return;
  }
  if (WITHDRAWN.has(invoice.status.trim().toLowerCase())) {
    // Coupa takes no payment on a voided invoice; the invoice's own attention item (its bill
    // is paid) tells a person what to do with this payment.
    skipped(ctx.report, FLOW, 'invoice-withdrawn');
    return;
  }
  const withCurrency = { ...payment, currency: payment.currency.trim() === '' ? bill.currency : payment.currency };
  const link = async (coupaKey: string, origin: 'freshbooks' | 'matched', parts: Allocation[]) => {
    await ctx.state.transaction(async (state) => {
      await state.savePayment({
        invoiceId,
        coupaKey,
        billPaymentId: payment.id,
        billId: bill.id,
        origin,
        amount: payment.amount,
        paidDate: payment.paidDate,
        state: 'live',
      });
      await state.addAllocations({
        invoiceId,
        invoiceNumber: invoice.invoiceNumber,
        billPaymentId: payment.id,
        currency: invoice.currency,
        paidDate: payment.paidDate,
        parts,
      });
    });
  };

  // Coupa's own list first: a payment written by an earlier run whose link was lost is found by its marker.
  const written = coupaPaymentWrittenFor(invoice.payments, payment.id);
  if (written) {
    const parts = allocationsInNotes(written.notes).map((a) => ({
      costCentre: a.costCentre,
      amount: Decimal.parse(a.amount),
      share: Decimal.ZERO,
    }));
    await link(coupaPaymentKey(invoice.id, written), 'freshbooks', parts);
    record(ctx.report, FLOW, 'linked');
    return;
  }
  const free = [];
  for (const p of invoice.payments) {
    if (originOf(p.notes).origin === 'native' && !(await ctx.state.paymentByCoupaKey(coupaPaymentKey(invoice.id, p)))) free.push(p);
  }
  const handEntered = sameAmountNear(free, { amount: payment.amount, date: payment.paidDate });
  if (handEntered) {
    await link(coupaPaymentKey(invoice.id, handEntered), 'matched', []);
    record(ctx.report, FLOW, 'linked');
    ctx.wrote({
      flow: FLOW,
      action: 'link',
      linkKind: 'payment',
      coupaId: coupaPaymentKey(invoice.id, handEntered),
      freshbooksId: payment.id,
      label: billPaymentRecord(withCurrency, bill).label,
      amount: payment.amount.toString(),
      currency: withCurrency.currency,
    });
    return;
  }

  const parts = await splitOf(ctx, invoice, payment.amount);
  const draft = coupaPaymentFromBillPayment(invoice, withCurrency, parts);
  const markPaid = bill.outstanding.isZero() && !bill.paid.isZero();
  const after = await ctx.coupa.recordPayment(draft, { markPaid });
  const recorded = coupaPaymentWrittenFor(after.payments, payment.id);
  const key = recorded ? coupaPaymentKey(invoice.id, recorded) : `${invoice.id}:fb${payment.id}`;
  await link(key, 'freshbooks', parts);
  await ctx.settled(billPaymentRecord(withCurrency, bill));
  record(ctx.report, FLOW, 'created');
  // The Coupa record written is the invoice (the payment's own id is Coupa's to give).
  ctx.wrote({
    flow: FLOW,
    action: 'record-payment',
    linkKind: 'payment',
    coupaId: invoice.id,
    freshbooksId: payment.id,
    label: billPaymentRecord(withCurrency, bill).label,
    amount: payment.amount.toString(),
    currency: withCurrency.currency,
  });
}

/** This payment's part of the running split of everything paid on the invoice from FreshBooks. */
async function splitOf(ctx: SyncContext, invoice: Invoice, amount: Decimal): Promise<Allocation[]> {
  const before = await ctx.state.allocationsOf(invoice.id);
  const paidBefore = Decimal.sum(before.map((a) => a.amount));
  return allocateCumulative(amount, paidBefore, before, invoice.currency, invoice.lines, ctx.settings.costCentreSegment);
}
