/**
 * Flow 4: payments recorded on Coupa invoices → FreshBooks bill payments on the invoice's
 * bill, once per Coupa payment. A payment the connector itself wrote from FreshBooks is never
 * sent back; one a person also entered in FreshBooks by hand is matched, not written again;
 * a negative Coupa payment (a reversal) deletes the payment it reverses. Before writing, the
 * bill's own payments are read, so a lost link cannot double a payment either.
 */
import { attention, type AttentionRecord } from '../core/attention.js';
import {
  billPaymentFromCoupa,
  billPaymentWrittenFor,
  coupaPaymentDecision,
  coupaPaymentKey,
  coupaPaymentRef,
  HEADER_PAYMENT_REF,
  originOf,
  sameAmountNear,
} from '../core/payments.js';
import type { CoupaPayment, Invoice } from '../core/records.js';
import type { SyncContext } from './context.js';
import { syncInvoice } from './invoices.js';
import { record, skipped } from './report.js';

const FLOW = 'payments-to-freshbooks';

function paymentRecord(invoice: Invoice, payment: CoupaPayment): AttentionRecord {
  const ref = coupaPaymentRef(payment);
  return {
    kind: 'coupa-payment',
    id: coupaPaymentKey(invoice.id, payment),
    label: `Coupa payment ${ref === HEADER_PAYMENT_REF ? '(paid flag)' : ref} of ${payment.amount.toString()} ${invoice.currency} on invoice ${invoice.invoiceNumber}`,
  };
}

export async function syncCoupaPayments(ctx: SyncContext, invoice: Invoice): Promise<void> {
  for (const payment of invoice.payments) {
    const decision = coupaPaymentDecision(payment);
    if (decision.action === 'skip') {
      skipped(ctx.report, FLOW, decision.reason);
      continue;
    }
    const key = coupaPaymentKey(invoice.id, payment);
    await ctx.lock(`payment-in:${key}`, () =>
      decision.action === 'write' ? writePayment(ctx, invoice, payment, key) : reversePayment(ctx, invoice, payment, key),
    );
  }
}

/** The invoice's bill, syncing the invoice first when it has none yet (it arrived with its payment). */
async function billOf(ctx: SyncContext, invoice: Invoice): Promise<string | undefined> {
  let link = await ctx.state.invoice(invoice.id);
  if (!link?.billId) {
    await syncInvoice(ctx, invoice);
    link = await ctx.state.invoice(invoice.id);
  }
  return link?.billId ?? undefined;
}

async function writePayment(ctx: SyncContext, invoice: Invoice, payment: CoupaPayment, key: string): Promise<void> {
  if (await ctx.state.paymentByCoupaKey(key)) {
    skipped(ctx.report, FLOW, 'already-written');
    return;
  }
  // A payment first known from the invoice's header fields, now listed with an id: the same payment.
  if (payment.id !== undefined) {
    const header = await ctx.state.paymentByCoupaKey(`${invoice.id}:${HEADER_PAYMENT_REF}`);
    if (header && header.state === 'live' && sameAmountNear([{ amount: header.amount, date: header.paidDate }], payment, 0)) {
      await ctx.state.savePayment({ ...header, coupaKey: key });
      skipped(ctx.report, FLOW, 'already-written');
      return;
    }
  }
  const billId = await billOf(ctx, invoice);
  if (billId === undefined) {
    // Its bill may be one a person keyed and the review queue has yet to name: the payment waits for it.
    skipped(ctx.report, FLOW, (await ctx.state.billReview(invoice.id))?.status === 'open' ? 'bill-in-review' : 'invoice-has-no-bill');
    return;
  }
  const bill = await ctx.freshbooks.bill(billId);
  if (!bill || bill.visState !== 0) {
    // Deleted or archived by a person: the invoice waits on the attention list for them; its
    // payments follow once the invoice has a live bill again.
    skipped(ctx.report, FLOW, 'bill-not-live');
    return;
  }
  const onBill = await ctx.freshbooks.billPayments(billId);
  const ours = billPaymentWrittenFor(onBill, payment);
  let matched = ours;
  if (!matched) {
    // Entered by hand on both sides: the FreshBooks one that no link claims, same amount, near date.
    const free = [];
    for (const bp of onBill) {
      if (originOf(bp.note).origin === 'native' && !(await ctx.state.paymentByBillPayment(bp.id))) free.push({ ...bp, date: bp.paidDate });
    }
    matched = sameAmountNear(free, payment);
  }
  const billPayment = matched ?? (await ctx.freshbooks.createBillPayment(billPaymentFromCoupa(invoice, payment, billId)));
  await ctx.state.savePayment({
    invoiceId: invoice.id,
    coupaKey: key,
    billPaymentId: billPayment.id,
    billId,
    origin: matched && !ours ? 'matched' : 'coupa',
    amount: payment.amount,
    paidDate: payment.date,
    state: 'live',
  });
  await ctx.settled(paymentRecord(invoice, payment));
  record(ctx.report, FLOW, matched ? 'linked' : 'created');
  ctx.wrote({
    flow: FLOW,
    action: matched ? 'link' : 'create',
    linkKind: 'payment',
    coupaId: key,
    freshbooksId: billPayment.id,
    label: paymentRecord(invoice, payment).label,
    amount: payment.amount.toString(),
    currency: invoice.currency,
  });
}

/**
 * A negative Coupa payment reverses a payment of the same amount on that invoice: the
 * FreshBooks copy of it is deleted (FreshBooks bill payments cannot be negative). Which one:
 * the first live one of that amount dated on or before the reversal, else the first of that
 * amount, in the order they were linked.
 */
async function reversePayment(ctx: SyncContext, invoice: Invoice, reversal: CoupaPayment, key: string): Promise<void> {
  if (await ctx.state.paymentByCoupaKey(key)) {
    skipped(ctx.report, FLOW, 'already-written');
    return;
  }
  const amount = reversal.amount.neg();
  const candidates = (await ctx.state.paymentsOfInvoice(invoice.id)).filter(
    (p) => p.state === 'live' && p.billPaymentId !== null && p.amount.eq(amount) && p.origin !== 'freshbooks',
  );
  const target = [...candidates.filter((p) => p.paidDate <= reversal.date), ...candidates].at(0);
  const who = paymentRecord(invoice, reversal);
  if (!target?.billPaymentId) {
    await ctx.needsPerson(FLOW, attention.paymentReversalUnmatched(who, `${amount.toString()} ${invoice.currency}`));
    return;
  }
  await ctx.freshbooks.deleteBillPayment(target.billPaymentId);
  await ctx.state.transaction(async (state) => {
    await state.savePayment({ ...target, state: 'reversed' });
    await state.savePayment({
      invoiceId: invoice.id,
      coupaKey: key,
      billPaymentId: null,
      billId: target.billId,
      origin: 'coupa',
      amount: reversal.amount,
      paidDate: reversal.date,
      state: 'live',
    });
  });
  record(ctx.report, FLOW, 'deleted');
  ctx.wrote({
    flow: FLOW,
    action: 'delete',
    linkKind: 'payment',
    coupaId: key,
    freshbooksId: target.billPaymentId,
    label: who.label,
    amount: amount.toString(),
    currency: invoice.currency,
  });
}
