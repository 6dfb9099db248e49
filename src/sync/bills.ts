/** Bill writes shared by the PO and invoice flows. */
import { billStateOf, type BillState } from '../core/links.js';
import type { Bill, BillDraft } from '../core/records.js';
import type { SyncContext } from './context.js';

/** The state of a bill as FreshBooks has it now (a person may have paid or deleted it). */
export async function billState(ctx: SyncContext, billId: string): Promise<BillState> {
  const bill = await ctx.freshbooks.bill(billId);
  return bill ? billStateOf(bill) : 'removed';
}

/**
 * Creates the bill unless FreshBooks already has one of this vendor with this tag — left by
 * an earlier run that wrote it but lost its local link (a crash between the two). Returns the
 * bill and whether it was found rather than created.
 */
export async function createOrFindBill(ctx: SyncContext, draft: BillDraft): Promise<{ bill: Bill; found: boolean }> {
  const existing = await ctx.fb.billWithTag(draft.billNumber, draft.vendorId);
  if (existing) return { bill: existing, found: true };
  const bill = await ctx.freshbooks.createBill(draft);
  ctx.fb.addBill(bill);
  return { bill, found: false };
}

/** Whether a FreshBooks bill holds exactly what this draft would write (vendor, currency, lines). */
export function billHolds(bill: Bill, draft: BillDraft): boolean {
  return (
    bill.vendorId === draft.vendorId &&
    bill.currency === draft.currency &&
    bill.lines.length === draft.lines.length &&
    bill.lines.every((line, i) => {
      const want = draft.lines[i]!;
      return (
        line.description === want.description &&
        line.quantity.eq(want.quantity) &&
        line.unitCost.eq(want.unitCost) &&
        line.categoryId === want.categoryId
      );
    })
  );
}
