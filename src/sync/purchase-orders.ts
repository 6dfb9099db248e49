/**
 * Flow 2: issued Coupa POs → FreshBooks bills holding their open commitment (commitment.ts):
 * the PO's lines less what its billed invoices already carry. A revision or an invoice changes
 * the bill while it is unpaid; nothing open (cancelled, closed, fully invoiced) removes it;
 * a paid bill that no longer fits goes to a person.
 */
import { attention, type AttentionRecord } from '../core/attention.js';
import { billFromPurchaseOrder } from '../core/bill-mapping.js';
import { isTagOfPo, poTag } from '../core/bill-tags.js';
import { openCommitment } from '../core/commitment.js';
import { billHash, fingerprint } from '../core/fingerprint.js';
import type { OwnedBill } from '../core/known.js';
import { poPlan, type PoPlan } from '../core/po-plan.js';
import type { Bill, BillDraft, PurchaseOrder } from '../core/records.js';
import { AppError } from '../lib/errors.js';
import { assumedOpen, billMoney, intendedBill, liveBill, placeBill, reportPlaced, seenBill, paidOn } from './bills.js';
import type { SyncContext } from './context.js';
import { record, skipped } from './report.js';
import type { PoLinkRow } from './state.js';
import { ensureSupplier, supplierState } from './suppliers.js';

const FLOW = 'purchase-orders';

class PurchaseOrderNotFoundError extends AppError {
  constructor(poNumber: string) {
    super(
      'po_not_found',
      `Coupa PO ${poNumber} was not found.`,
      'Check the PO number in Coupa; the invoice that refers to it is retried on the next pass.',
    );
  }
}

export function poRecord(po: Pick<PurchaseOrder, 'poNumber' | 'supplierName'>): AttentionRecord {
  return { kind: 'purchase-order', id: po.poNumber, label: `PO ${po.poNumber}${po.supplierName ? ` (${po.supplierName})` : ''}` };
}

/** `seen`: its bill as just read from FreshBooks (changed there: paid, deleted, edited by a person). */
interface SettleOptions {
  seen?: Bill;
}

export function syncPurchaseOrder(ctx: SyncContext, po: PurchaseOrder, options: SettleOptions = {}): Promise<void> {
  return ctx.lock(`po:${po.poNumber}`, () => settleLocked(ctx, po, options.seen));
}

/** Fetches the PO by number and settles its bill (its invoiced lines changed, or its bill did). */
export async function settlePurchaseOrder(ctx: SyncContext, poNumber: string, options: SettleOptions = {}): Promise<void> {
  const po = await ctx.coupa.purchaseOrderByNumber(poNumber);
  if (!po) throw new PurchaseOrderNotFoundError(poNumber);
  await syncPurchaseOrder(ctx, po, options);
}

function touchesBill(plan: PoPlan): boolean {
  return plan.action === 'update' || plan.action === 'delete' || plan.action === 'paid-not-open' || plan.action === 'overpaid';
}

async function settleLocked(ctx: SyncContext, po: PurchaseOrder, seen: Bill | undefined): Promise<void> {
  const saved = await ctx.state.po(po.poNumber);
  const fresh: PoLinkRow = saved ?? {
    poNumber: po.poNumber,
    poId: po.id,
    supplierId: po.supplierId,
    vendorId: null,
    billId: null,
    tag: null,
    fingerprint: null,
    billHash: null,
    version: null,
    sourceUpdatedAt: null,
    takenOverBy: null,
    needsSettle: false,
  };
  // A run that died between writing the bill and saving its id left an intent: take the bill back.
  const orphan = await intendedBill(ctx, fresh, (n) => isTagOfPo(n, po.poNumber));
  const row: PoLinkRow = orphan ? { ...fresh, billId: orphan.id, fingerprint: null, billHash: null } : await finishedTakeOver(ctx, fresh);
  const commitment = openCommitment(po, await ctx.state.invoicedLines(po.poNumber));
  let supplier = await supplierState(ctx, po.supplierId);
  let draft: BillDraft | undefined;
  const decide = async (bill: OwnedBill | undefined): Promise<PoPlan> => {
    const vendorId = supplier.state === 'linked' ? supplier.vendorId : undefined;
    draft =
      vendorId && commitment.lines.length > 0
        ? billFromPurchaseOrder({ ...po, lines: commitment.lines }, vendorId, await ctx.mapping())
        : undefined;
    return poPlan({
      po,
      supplier,
      ...(bill ? { bill } : {}),
      takenOver: row.takenOverBy !== null,
      sourceUpdatedAt: row.sourceUpdatedAt,
      version: row.version,
      open: commitment.open,
      ...(draft ? { fingerprint: fingerprint(draft) } : {}),
      deletedBills: ctx.settings.deletedBills,
      ...(ctx.settings.currencies ? { currencies: ctx.settings.currencies } : {}),
      ...(ctx.settings.startDate ? { startDate: ctx.settings.startDate } : {}),
    });
  };

  const known = row.billId && seen?.id === row.billId ? seenBill(seen, row) : undefined;
  const first = known ?? (row.billId ? assumedOpen(row.billId, row.fingerprint) : undefined);
  let plan = await decide(first);
  if (plan.action === 'need') {
    supplier = await ensureSupplier(ctx, po.supplierId);
    plan = await decide(first);
  }
  if (touchesBill(plan) && row.billId && !known) plan = await decide(await liveBill(ctx, row.billId, row.fingerprint));
  const kept: PoLinkRow = { ...row, poId: po.id, supplierId: po.supplierId, needsSettle: false };
  const written = (bill: Bill | null, d: BillDraft | undefined): PoLinkRow => ({
    ...kept,
    billId: bill?.id ?? null,
    vendorId: d?.vendorId ?? row.vendorId,
    tag: bill ? poTag(po.poNumber) : null,
    fingerprint: d ? fingerprint(d) : null,
    billHash: bill ? billHash(bill) : null,
    version: po.version,
    sourceUpdatedAt: po.updatedAt,
  });
  const who = poRecord(po);

  switch (plan.action) {
    case 'skip':
      skipped(ctx.report, FLOW, plan.reason);
      // A PO is "known" once a decision was reached: its invoices do not fetch it again.
      await ctx.state.savePo(plan.reason === 'stale' || plan.reason === 'taken-over' ? kept : { ...kept, sourceUpdatedAt: po.updatedAt });
      if (plan.reason === 'unchanged' || plan.reason === 'nothing-open') await ctx.settled(who);
      if (plan.reason === 'before-start-date') {
        const money = commitment.lines.length > 0 ? { amount: commitment.open.toString(), currency: po.currency } : {};
        ctx.wrote({
          flow: FLOW,
          action: 'skip-before-start',
          linkKind: 'po',
          coupaId: po.poNumber,
          freshbooksId: null,
          label: who.label,
          ...money,
        });
      }
      return;
    case 'need':
      throw new AppError(
        'supplier_unavailable',
        `PO ${po.poNumber}: its supplier ${po.supplierId} could not be synced.`,
        'It is retried on the next pass.',
      );
    case 'paid-not-open':
      await ctx.state.savePo(kept);
      await ctx.needsPerson(
        FLOW,
        attention.poBillPaidNotOpen(who, plan.billId, await paidOn(ctx, plan.billId), plan.why.replace('-', ' ')),
      );
      return;
    case 'overpaid':
      await ctx.state.savePo(kept);
      await ctx.needsPerson(FLOW, attention.poBillOverpaid(who, plan.billId, await paidOn(ctx, plan.billId), commitment.open.toString()));
      return;
    case 'bill-deleted':
      await ctx.state.savePo(kept);
      await ctx.needsPerson(FLOW, attention.billDeleted(who, plan.billId));
      return;
    case 'currency-mismatch':
      await ctx.state.savePo(kept);
      await ctx.needsPerson(FLOW, attention.currencyMismatch(who, po.currency, ctx.settings.currencies ?? []));
      return;
    case 'delete':
      await ctx.freshbooks.deleteBill(plan.billId);
      await ctx.state.savePo(written(null, undefined));
      record(ctx.report, FLOW, 'deleted');
      ctx.wrote({ flow: FLOW, action: 'delete', linkKind: 'po', coupaId: po.poNumber, freshbooksId: plan.billId, label: who.label });
      await ctx.settled(who);
      return;
    case 'update': {
      if (!draft) throw new AppError('po_unsettled', `PO ${po.poNumber}: nothing to write.`);
      await ctx.state.savePo(written(await ctx.freshbooks.updateBill(plan.billId, draft), draft));
      record(ctx.report, FLOW, 'updated');
      ctx.wrote({
        flow: FLOW,
        action: 'update',
        linkKind: 'po',
        coupaId: po.poNumber,
        freshbooksId: plan.billId,
        label: who.label,
        ...billMoney(draft),
      });
      break;
    }
    case 'create': {
      if (!draft) throw new AppError('po_unsettled', `PO ${po.poNumber}: nothing to write.`);
      // The intent goes first: should this run die after FreshBooks wrote the bill, the next
      // one knows the tagged bill it finds is this PO's.
      await ctx.state.savePo({ ...kept, billId: null, vendorId: draft.vendorId, tag: poTag(po.poNumber) });
      const placed = await placeBill(ctx, draft, (n) => isTagOfPo(n, po.poNumber));
      if (placed.kind === 'differs') {
        // Not this PO's bill after all: no intent is left behind to claim it later.
        await ctx.state.savePo({ ...kept, billId: null, tag: null });
        await ctx.needsPerson(FLOW, attention.taggedBillDiffers(who, placed.billId, placed.why));
        return;
      }
      await ctx.state.savePo(written(placed.bill, draft));
      reportPlaced(ctx, FLOW, { linkKind: 'po', coupaId: po.poNumber, label: who.label }, placed, draft);
      break;
    }
  }
  await ctx.settled(who);
  if (ctx.settings.markExported) {
    await ctx.coupa.markExported('purchase_order', po.id);
    ctx.wrote({ flow: FLOW, action: 'mark-exported', linkKind: 'po', coupaId: po.id, freshbooksId: null, label: who.label });
  }
}

/** The PO an invoice refers to, fetched by number and synced, when it has not been seen yet. */
export async function ensurePurchaseOrder(ctx: SyncContext, poNumber: string): Promise<void> {
  if (await ctx.state.po(poNumber)) return;
  await settlePurchaseOrder(ctx, poNumber);
}

/**
 * A take-over the invoice finished, seen from a PO row that still says it is under way (a run
 * died between the two saves): the bill is the invoice's now, and the PO has none.
 */
async function finishedTakeOver(ctx: SyncContext, row: PoLinkRow): Promise<PoLinkRow> {
  if (row.takenOverBy === null || row.billId === null) return row;
  const owner = await ctx.state.invoice(row.takenOverBy);
  if (owner?.billId !== row.billId) return row;
  return { ...row, billId: null, tag: null, fingerprint: null, billHash: null, takenOverBy: null };
}
