/**
 * Flow 2: issued Coupa POs → FreshBooks bills tagged with the PO number. The vendor comes
 * first (the supplier is synced on demand); a new PO version rewrites the bill while it is
 * unpaid; a cancelled PO deletes its unpaid bill; optionally the PO is marked exported.
 */
import { billFromPurchaseOrder } from '../core/bill-mapping.js';
import { fingerprint } from '../core/fingerprint.js';
import type { PoLink } from '../core/links.js';
import { poPlan, type PoPlan } from '../core/po-plan.js';
import type { PurchaseOrder } from '../core/records.js';
import { AppError } from '../lib/errors.js';
import type { SyncContext } from './context.js';
import type { PoLinkRow } from './link-book.js';
import { billState, createOrFindBill } from './bills.js';
import { record, skipped } from './report.js';
import { ensureSupplier } from './suppliers.js';

const FLOW = 'purchase-orders';

export class PurchaseOrderNotFoundError extends AppError {
  constructor(poNumber: string) {
    super(
      'po_not_found',
      `Coupa PO ${poNumber} was not found.`,
      'Check the PO number in Coupa; the invoice that refers to it is retried on the next pass.',
    );
  }
}

export function toPoLink(row: PoLinkRow | undefined, state: PoLink['state']): PoLink | undefined {
  if (!row || row.billId === '') return undefined;
  return {
    billId: row.billId,
    vendorId: row.vendorId ?? '',
    state,
    tag: row.tag ?? row.poNumber,
    ...(row.fingerprint ? { fingerprint: row.fingerprint } : {}),
    ...(row.sourceUpdatedAt ? { sourceUpdatedAt: row.sourceUpdatedAt } : {}),
    ...(row.version !== null ? { version: row.version } : {}),
    ...(row.takenOverByInvoiceId ? { takenOverByInvoiceId: row.takenOverByInvoiceId } : {}),
  };
}

export function syncPurchaseOrder(ctx: SyncContext, po: PurchaseOrder): Promise<void> {
  return ctx.lock(`po:${po.poNumber}`, () => syncPurchaseOrderLocked(ctx, po));
}

async function syncPurchaseOrderLocked(ctx: SyncContext, po: PurchaseOrder): Promise<void> {
  const supplier = await ensureSupplier(ctx, po.supplierId);
  const row = await ctx.links.po(po.poNumber);
  const vendorId = supplier.state === 'linked' ? supplier.vendorId : undefined;
  const draft = vendorId ? billFromPurchaseOrder(po, vendorId, await ctx.mapping()) : undefined;
  const print = draft ? fingerprint(draft) : undefined;
  const context = { supplier, ...(print ? { fingerprint: print } : {}) };

  // Plan first as if the bill were open; only a plan that touches the bill pays for reading
  // its real state (a person may have paid or deleted it meanwhile), then plans again.
  let plan: PoPlan = poPlan(po, toPoLink(row, 'open'), context);
  if ((plan.action === 'update' || plan.action === 'delete') && row) {
    plan = poPlan(po, toPoLink(row, await billState(ctx, row.billId)), context);
  }

  const base: PoLinkRow = row ?? {
    poNumber: po.poNumber,
    poId: po.id,
    supplierId: po.supplierId,
    billId: '',
    vendorId: null,
    tag: null,
    version: null,
    takenOverByInvoiceId: null,
    fingerprint: null,
    sourceUpdatedAt: null,
  };

  switch (plan.action) {
    case 'skip':
      skipped(ctx.report, FLOW, plan.reason);
      // A PO is "known" once a decision was reached: invoices of a draft PO do not fetch it again.
      if (!row) await ctx.links.savePo({ ...base, sourceUpdatedAt: po.updatedAt });
      return;
    case 'need':
      throw new AppError(
        'supplier_unavailable',
        `PO ${po.poNumber}: its supplier ${po.supplierId} could not be synced.`,
        'It is retried on the next pass.',
      );
    case 'create': {
      const billDraft = { ...draft!, billNumber: plan.tag };
      const { bill, found } = await createOrFindBill(ctx, billDraft);
      await ctx.links.savePo({
        ...base,
        poId: po.id,
        billId: bill.id,
        vendorId: vendorId!,
        tag: plan.tag,
        version: po.version,
        fingerprint: print!,
        sourceUpdatedAt: po.updatedAt,
      });
      record(ctx.report, FLOW, found ? 'linked' : 'created');
      ctx.wrote({ flow: FLOW, action: found ? 'link' : 'create', linkKind: 'po', coupaId: po.poNumber, freshbooksId: bill.id });
      break;
    }
    case 'update': {
      await ctx.freshbooks.updateBill(plan.billId, { ...draft!, billNumber: plan.tag });
      await ctx.links.savePo({
        ...base,
        poId: po.id,
        vendorId: vendorId!,
        tag: plan.tag,
        version: po.version,
        fingerprint: print!,
        sourceUpdatedAt: po.updatedAt,
      });
      record(ctx.report, FLOW, 'updated');
      ctx.wrote({ flow: FLOW, action: 'update', linkKind: 'po', coupaId: po.poNumber, freshbooksId: plan.billId });
      break;
    }
    case 'delete': {
      await ctx.freshbooks.deleteBill(plan.billId);
      await ctx.links.savePo({ ...base, version: po.version, sourceUpdatedAt: po.updatedAt });
      record(ctx.report, FLOW, 'deleted');
      ctx.wrote({ flow: FLOW, action: 'delete', linkKind: 'po', coupaId: po.poNumber, freshbooksId: plan.billId });
      return;
    }
  }
  if (ctx.settings.markExported) {
    await ctx.coupa.markExported('purchase_order', po.id);
    ctx.wrote({ flow: FLOW, action: 'mark-exported', linkKind: 'po', coupaId: po.id, freshbooksId: null });
  }
}

/** The PO an invoice refers to, fetched by number and synced, when it has not been seen yet. */
export async function ensurePurchaseOrder(ctx: SyncContext, poNumber: string): Promise<void> {
  if (await ctx.links.po(poNumber)) return;
  const po = await ctx.coupa.purchaseOrderByNumber(poNumber);
  if (!po) throw new PurchaseOrderNotFoundError(poNumber);
  await syncPurchaseOrder(ctx, po);
}
