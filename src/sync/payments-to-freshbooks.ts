/**
 * Flow 4: payments recorded on Coupa invoices → FreshBooks bill payments on the invoice's
 * bill, once per Coupa payment. A payment the connector itself wrote from FreshBooks is never
 * sent back; before writing, the bill's own payments are read, so a lost link cannot double it.
 */
import { billPaymentFromCoupa, billPaymentWrittenFor, coupaPaymentKey, shouldMirrorCoupaPayment } from '../core/payments.js';
import type { CoupaPayment, Invoice } from '../core/records.js';
import type { SyncContext } from './context.js';
import { syncInvoice } from './invoices.js';
import { record, skipped } from './report.js';

const FLOW = 'payments-to-freshbooks';

export async function syncCoupaPayments(ctx: SyncContext, invoice: Invoice): Promise<void> {
  for (const payment of invoice.payments) {
    const decision = shouldMirrorCoupaPayment(payment);
    if (!decision.mirror) {
      skipped(ctx.report, FLOW, decision.reason);
      continue;
    }
    const key = coupaPaymentKey(invoice.id, payment);
    await ctx.lock(`payment-in:${key}`, () => syncCoupaPayment(ctx, invoice, payment, key));
  }
}

async function syncCoupaPayment(ctx: SyncContext, invoice: Invoice, payment: CoupaPayment, key: string): Promise<void> {
  if (await ctx.links.paymentIn(key)) {
    skipped(ctx.report, FLOW, 'already-written');
    return;
  }
  let link = await ctx.links.invoice(invoice.id);
  if (!link) {
    // The invoice has no bill yet (it arrived with its payment): sync it first.
    await syncInvoice(ctx, invoice);
    link = await ctx.links.invoice(invoice.id);
    if (!link) {
      skipped(ctx.report, FLOW, 'invoice-has-no-bill');
      return;
    }
  }
  const existing = billPaymentWrittenFor(await ctx.freshbooks.billPayments(link.billId), invoice, payment);
  const billPayment = existing ?? (await ctx.freshbooks.createBillPayment(billPaymentFromCoupa(invoice, payment, link.billId)));
  await ctx.links.savePaymentIn(key, billPayment.id, {
    invoiceId: invoice.id,
    billId: link.billId,
    amount: payment.amount.toString(),
    date: payment.date,
  });
  record(ctx.report, FLOW, existing ? 'linked' : 'created');
  ctx.wrote({ flow: FLOW, action: existing ? 'link' : 'create', linkKind: 'payment_in', coupaId: key, freshbooksId: billPayment.id });
}
