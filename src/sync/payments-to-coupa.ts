/**
 * Flow 5: FreshBooks bill payments → payments on the Coupa invoice (`PUT /api/invoices/{id}`),
 * allocated to cost centres pro rata to the invoice lines' account segment, the allocation
 * kept with the link. Payments the connector wrote from Coupa are never echoed back.
 */
import { billStateOf } from '../core/links.js';
import { coupaPaymentFromBillPayment, coupaPaymentWrittenFor, sameCoupaPayment, shouldMirrorBillPayment } from '../core/payments.js';
import type { Bill, BillPayment, CoupaPaymentDraft } from '../core/records.js';
import type { SyncContext } from './context.js';
import { record, skipped } from './report.js';

const FLOW = 'payments-to-coupa';

export async function syncBillPayments(ctx: SyncContext, bill: Bill): Promise<void> {
  if (bill.paid.isZero()) return;
  const [owner] = await ctx.links.invoicesOfBill(bill.id);
  for (const payment of await ctx.freshbooks.billPayments(bill.id)) {
    const decision = shouldMirrorBillPayment(payment);
    if (!decision.mirror) {
      skipped(ctx.report, FLOW, decision.reason);
      continue;
    }
    if (!owner) {
      // A PO's bill paid before any invoice came: there is no Coupa invoice to record it on
      // yet. When an invoice takes the bill over, the bill changes and this is seen again.
      skipped(ctx.report, FLOW, 'bill-has-no-invoice');
      continue;
    }
    await ctx.lock(`payment-out:${payment.id}`, () => syncBillPayment(ctx, bill, payment, owner.invoiceId));
  }
}

async function syncBillPayment(ctx: SyncContext, bill: Bill, payment: BillPayment, invoiceId: string): Promise<void> {
  if ((await ctx.links.paymentOut(payment.id)) || (await ctx.links.isPaymentWrittenFromCoupa(payment.id))) {
    skipped(ctx.report, FLOW, 'already-written');
    return;
  }
  const invoice = await ctx.coupa.invoice(invoiceId);
  if (!invoice) {
    skipped(ctx.report, FLOW, 'invoice-not-found');
    return;
  }
  const draft = coupaPaymentFromBillPayment(invoice, payment, ctx.settings.costCentreSegment);
  // Coupa's own list is checked before writing: a payment recorded by an earlier run whose
  // link was lost is found by its marker note, never written twice.
  const existing = coupaPaymentWrittenFor(invoice.payments, payment.id) ?? sameCoupaPayment(invoice.payments, draft);
  const markPaid = billStateOf(bill) === 'has-payments' && bill.outstanding.isZero();
  const written = existing ?? (await recordAndFind(ctx, draft, markPaid));
  const key = `${invoice.id}:${written?.id ?? `bp${payment.id}`}`;
  await ctx.links.savePaymentOut(key, payment.id, {
    invoiceId: invoice.id,
    amount: draft.amount.toString(),
    date: draft.date,
    allocations: draft.allocations.map((a) => ({ costCentre: a.costCentre, amount: a.amount.toString(), share: a.share.toString() })),
  });
  record(ctx.report, FLOW, existing ? 'linked' : 'created');
  ctx.wrote({ flow: FLOW, action: existing ? 'link' : 'record-payment', linkKind: 'payment_out', coupaId: key, freshbooksId: payment.id });
}

async function recordAndFind(ctx: SyncContext, draft: CoupaPaymentDraft, markPaid: boolean) {
  const after = await ctx.coupa.recordPayment(draft, { markPaid });
  return sameCoupaPayment(after.payments, draft);
}
