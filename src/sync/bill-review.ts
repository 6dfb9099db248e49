/**
 * A person's answer to a bill review (sync/hand-keyed.ts): this FreshBooks bill is the
 * invoice's (`--link BILL_ID`, adopted as it is, differences told), or none is (`--create`: a
 * new bill, and no hand-keyed bill is looked for again for that invoice). The invoice is
 * synced at once, then its payments both ways.
 */
import { UsageError } from '../lib/errors.js';
import { SyncContext, type SyncDeps } from './context.js';
import { syncFreshBooksBill } from './engine.js';
import { unusableBecause } from './hand-keyed.js';
import { syncInvoice } from './invoices.js';
import { syncCoupaPayments } from './payments-to-freshbooks.js';
import type { SyncReport } from './report.js';

interface BillReview {
  id: string;
  invoiceId: string;
  invoice: { invoiceNumber: string };
  candidates: Array<{ billId: string; billNumber: string | null; why: string }>;
  status: 'open' | 'resolved';
  resolution: { action: 'link' | 'create'; billId?: string } | null;
}

export type BillReviewChoice = { action: 'link'; billId: string } | { action: 'create' };

export interface BillReviewOutcome {
  invoiceId: string;
  invoiceNumber: string;
  /** The invoice's bill after the sync (absent if the invoice no longer gets one, e.g. it was voided). */
  billId: string | undefined;
  created: boolean;
  report: SyncReport;
}

export async function resolveBillReview(deps: SyncDeps, review: BillReview, choice: BillReviewChoice): Promise<BillReviewOutcome> {
  const number = review.invoice.invoiceNumber;
  if (review.status !== 'open') {
    throw new UsageError(`Review ${review.id} was already resolved (${review.resolution?.action ?? '?'} for invoice ${number}).`);
  }
  const invoice = await deps.coupa.invoice(review.invoiceId);
  if (!invoice) throw new UsageError(`Coupa has no invoice ${review.invoiceId} (${number}) any more.`, 'Nothing is left to resolve.');
  const ctx = new SyncContext(deps);
  if (choice.action === 'link') {
    const vendorId = (await deps.state.vendor(invoice.supplierId))?.vendorId;
    const why = vendorId
      ? await unusableBecause(ctx, await deps.freshbooks.bill(choice.billId), vendorId)
      : `supplier ${invoice.supplierId} has no vendor yet`;
    if (why) {
      const options = review.candidates.map((c) => `${c.billId} "${c.billNumber ?? ''}" (${c.why})`).join(', ');
      throw new UsageError(
        `FreshBooks bill ${choice.billId} cannot become the bill of invoice ${number}: ${why}.`,
        `The candidates were: ${options}; or use --create.`,
      );
    }
  }
  await deps.state.closeBillReview(review.id, choice.action === 'link' ? { action: 'link', billId: choice.billId } : { action: 'create' });
  await syncInvoice(ctx, invoice);
  const billId = (await deps.state.invoice(invoice.id))?.billId ?? undefined;
  // The bill a new one was created as is remembered beside the choice.
  if (choice.action === 'create' && billId) await deps.state.closeBillReview(review.id, { action: 'create', billId });
  await syncCoupaPayments(ctx, invoice);
  const bill = billId ? await deps.freshbooks.bill(billId) : undefined;
  if (bill) await syncFreshBooksBill(ctx, bill);
  return { invoiceId: invoice.id, invoiceNumber: number, billId, created: choice.action === 'create', report: ctx.report };
}
