/**
 * Before an invoice gets a new bill: the bill a person already keyed by hand for it, found by
 * core/hand-keyed.ts among the vendor's bills. One certain match is adopted as it is (nothing
 * is written to it; a differing amount is told, never overwritten); a guess waits in the review
 * queue with its candidates, and the invoice (and its payments) wait with it.
 */
import { attention, type AttentionItem } from '../core/attention.js';
import { isTagOfInvoice } from '../core/bill-tags.js';
import { adoptionDifferences, matchHandKeyed, mayBeFor, type HandKeyedMatch } from '../core/hand-keyed.js';
import type { Bill, BillDraft, Invoice } from '../core/records.js';
import type { SyncContext } from './context.js';
import { note, record } from './report.js';
import type { BillReviewRow } from './state.js';

const FLOW = 'invoices';

export type HandKeyed =
  /** Adopt this bill; `differences`: what it holds that the invoice does not. */
  | { kind: 'adopt'; bill: Bill; differences: string[] }
  /** Queued for a person: write nothing. */
  | { kind: 'review' }
  /** No hand-keyed bill: create (or adopt by the connector's tag) as usual. */
  | { kind: 'none' };

/** Why a bill a person picked cannot be this invoice's, if it cannot. */
export async function unusableBecause(ctx: SyncContext, bill: Bill | undefined, vendorId: string): Promise<string | undefined> {
  if (!bill || bill.visState === 1) return 'it does not exist (or was deleted)';
  if (bill.visState !== 0) return 'it is archived';
  if (bill.vendorId !== vendorId) return `it belongs to vendor ${bill.vendorId}, not the invoice's vendor ${vendorId}`;
  const owner = await ctx.state.billOwner(bill.id);
  if (owner) return `it is already the bill of ${owner.kind === 'po' ? `PO ${owner.row.poNumber}` : `invoice ${owner.row.invoiceNumber}`}`;
  return undefined;
}

/**
 * What a person may have keyed for this invoice among its vendor's bills, without acting on
 * it. None when a bill under the connector's own tag for it is there: that is the tag
 * adoption's to judge (placeBill).
 */
export async function findHandKeyed(ctx: SyncContext, invoice: Invoice, vendorId: string): Promise<HandKeyedMatch> {
  const all = (await ctx.fb.billsTagged(vendorId, () => true)).filter((b) => b.visState === 0);
  const ownTag = all.filter((b) => isTagOfInvoice(b.billNumber, invoice.invoiceNumber, invoice.poNumbers[0]));
  // Owners are looked up only for bills that could match: a vendor may hold a year of bills.
  const bills = mayBeFor(invoice, all);
  const owned = new Set<string>();
  for (const bill of [...ownTag, ...bills]) if (await ctx.state.billOwner(bill.id)) owned.add(bill.id);
  if (ownTag.some((b) => !owned.has(b.id))) return { kind: 'none' };
  return matchHandKeyed(invoice, bills, owned);
}

export async function handKeyedBill(
  ctx: SyncContext,
  invoice: Invoice,
  draft: BillDraft,
  review: BillReviewRow | undefined,
): Promise<HandKeyed> {
  if (review?.resolution?.action === 'create') return { kind: 'none' };
  const picked = review?.resolution?.action === 'link' ? review.resolution.billId : undefined;
  if (picked !== undefined) {
    const bill = await ctx.freshbooks.bill(picked);
    const why = await unusableBecause(ctx, bill, draft.vendorId);
    if (bill && !why) return { kind: 'adopt', bill, differences: adoptionDifferences(invoice, bill) };
    // Changed since the person picked it (deleted, taken by another record): look again, as if unanswered.
    note(
      ctx.report,
      FLOW,
      `Invoice ${invoice.invoiceNumber}: bill ${picked} picked in review can no longer be its bill (${why ?? '?'}); looked again.`,
    );
  }

  const match = await findHandKeyed(ctx, invoice, draft.vendorId);
  switch (match.kind) {
    case 'exact':
      return { kind: 'adopt', bill: match.bill, differences: match.differences };
    case 'none':
      return { kind: 'none' };
    case 'near':
    case 'ambiguous': {
      await ctx.state.openBillReview({
        invoiceId: invoice.id,
        supplierId: invoice.supplierId,
        supplierName: invoice.supplierName,
        reason: match.kind,
        invoice: {
          invoiceNumber: invoice.invoiceNumber,
          invoiceDate: invoice.invoiceDate,
          total: invoice.total.toString(),
          currency: invoice.currency,
        },
        candidates: match.candidates,
      });
      record(ctx.report, FLOW, 'queued');
      ctx.wrote({
        flow: FLOW,
        action: 'queue-review',
        linkKind: 'invoice',
        coupaId: invoice.id,
        freshbooksId: null,
        label: `invoice ${invoice.invoiceNumber}`,
        detail: `FreshBooks may already hold this invoice's bill, keyed by hand: ${match.candidates
          .map((c) => `bill ${c.billId} (${c.why})`)
          .join('; ')}. A person picks in \`ml-connector review list\`.`,
      });
      return { kind: 'review' };
    }
  }
}

/** The attention item for an adopted bill that does not hold what the invoice says; on the bill, so the invoice syncing on clears nothing. */
export function adoptedDiffers(invoice: Invoice, bill: Bill, differences: readonly string[]): AttentionItem {
  return attention.adoptedBillDiffers(
    { kind: 'bill', id: bill.id, label: `FreshBooks bill ${bill.id}${bill.billNumber ? ` "${bill.billNumber}"` : ''}` },
    `invoice ${invoice.invoiceNumber}${invoice.supplierName ? ` (${invoice.supplierName})` : ''}`,
    differences.join('; '),
  );
}
