/**
 * Flow 3: approved Coupa invoices → FreshBooks bills, matched by PO number and vendor. The
 * first invoice of a PO takes over the PO's bill; later ones get bills of their own tagged
 * with the PO; an invoice without a PO becomes a standalone bill; a voided invoice removes
 * its unpaid bill (or hands a taken-over bill back to its PO). A PO or supplier not seen yet
 * is fetched and synced first — the invoice is never dropped.
 */
import { billFromInvoice } from '../core/bill-mapping.js';
import { poTag } from '../core/bill-tags.js';
import { fingerprint } from '../core/fingerprint.js';
import { invoicePlan, type InvoicePlan } from '../core/invoice-plan.js';
import type { BillState, InvoiceLink, KnownPo, SupplierLink } from '../core/links.js';
import type { Invoice } from '../core/records.js';
import { AppError } from '../lib/errors.js';
import type { SyncContext } from './context.js';
import type { InvoiceLinkRow } from './link-book.js';
import { billHolds, billState, createOrFindBill } from './bills.js';
import { ensurePurchaseOrder, PurchaseOrderNotFoundError, syncPurchaseOrder, toPoLink } from './purchase-orders.js';
import { note, record, skipped } from './report.js';
import { ensureSupplier, supplierState } from './suppliers.js';

const FLOW = 'invoices';

async function knownPos(
  ctx: SyncContext,
  poNumbers: readonly string[],
  states: ReadonlyMap<string, BillState>,
): Promise<Map<string, KnownPo>> {
  const pos = new Map<string, KnownPo>();
  for (const poNumber of poNumbers) {
    const row = await ctx.links.po(poNumber);
    if (!row) continue;
    const bill = toPoLink(row, states.get(row.billId) ?? 'open');
    pos.set(poNumber, { poNumber, supplierId: row.supplierId, ...(bill ? { bill } : {}) });
  }
  return pos;
}

function toInvoiceLink(row: InvoiceLinkRow | undefined, state: BillState): InvoiceLink | undefined {
  if (!row) return undefined;
  return {
    billId: row.billId,
    vendorId: row.vendorId,
    state,
    tag: row.tag,
    ...(row.poSlot ? { poSlot: row.poSlot } : {}),
    ...(row.fingerprint ? { fingerprint: row.fingerprint } : {}),
    ...(row.sourceUpdatedAt ? { sourceUpdatedAt: row.sourceUpdatedAt } : {}),
  };
}

/** The bills a plan is about to touch, whose real state must be read before acting. */
function touchedBill(plan: InvoicePlan): string | undefined {
  switch (plan.action) {
    case 'take-over':
    case 'update':
    case 'delete':
    case 'release':
      return plan.billId;
    default:
      return undefined;
  }
}

export function syncInvoice(ctx: SyncContext, invoice: Invoice): Promise<void> {
  return ctx.lock(`invoice:${invoice.id}`, () => syncInvoiceLocked(ctx, invoice));
}

async function syncInvoiceLocked(ctx: SyncContext, invoice: Invoice): Promise<void> {
  const own = await ctx.links.invoice(invoice.id);
  const states = new Map<string, BillState>();
  let supplier: SupplierLink = await supplierState(ctx, invoice.supplierId);
  let plan: InvoicePlan | undefined;
  let print: string | undefined;

  // Plan, fetch whatever it needs (supplier, PO) or the real state of the bill it would
  // touch, and plan again; a handful of rounds settles every case.
  for (let round = 0; round < 4; round++) {
    const vendorId = supplier.state === 'linked' ? supplier.vendorId : undefined;
    const ownLink = toInvoiceLink(own, own ? (states.get(own.billId) ?? 'open') : 'open');
    print = vendorId && ownLink ? fingerprint(billFromInvoice(invoice, vendorId, await ctx.mapping(), ownLink.tag)) : undefined;
    plan = invoicePlan({
      invoice,
      supplier,
      pos: await knownPos(ctx, invoice.poNumbers, states),
      ...(ownLink ? { own: ownLink } : {}),
      ...(print ? { fingerprint: print } : {}),
    });
    if (plan.action === 'need') {
      for (const need of plan.needs) {
        if (need.kind === 'supplier') supplier = await ensureSupplier(ctx, need.supplierId);
        else await ensurePurchaseOrder(ctx, need.poNumber);
      }
      continue;
    }
    const billId = touchedBill(plan);
    if (billId === undefined || states.has(billId)) break;
    states.set(billId, await billState(ctx, billId));
  }
  if (!plan || plan.action === 'need' || (touchedBill(plan) !== undefined && !states.has(touchedBill(plan)!))) {
    throw new AppError(
      'invoice_unsettled',
      `Invoice ${invoice.invoiceNumber} could not be planned: its supplier or PO did not settle.`,
      'It is retried on the next pass.',
    );
  }
  if (plan.action === 'create' && supplier.state === 'linked' && (await adoptTakenOverBill(ctx, invoice, supplier.vendorId))) return;
  await apply(ctx, invoice, plan, supplier, own);
}

/**
 * Before creating a bill of its own for an invoice whose PO already has a bill: if that
 * bill already holds exactly this invoice's lines, this invoice took it over in a run whose
 * links were lost (a crash between the write and the link). Adopt it; never write it twice.
 */
async function adoptTakenOverBill(ctx: SyncContext, invoice: Invoice, vendorId: string): Promise<boolean> {
  const poNumber = invoice.poNumbers[0];
  if (poNumber === undefined) return false;
  const row = await ctx.links.po(poNumber);
  if (!row || row.billId === '' || row.takenOverByInvoiceId) return false;
  const tag = row.tag ?? poTag(poNumber);
  const draft = billFromInvoice(invoice, vendorId, await ctx.mapping(), tag);
  const bill = await ctx.freshbooks.bill(row.billId);
  if (!bill || !billHolds(bill, draft)) return false;
  await ctx.links.saveInvoice({
    invoiceId: invoice.id,
    billId: bill.id,
    vendorId,
    tag,
    poSlot: poNumber,
    fingerprint: fingerprint(draft),
    sourceUpdatedAt: invoice.updatedAt,
  });
  await ctx.links.savePo({ ...row, takenOverByInvoiceId: invoice.id, fingerprint: null });
  record(ctx.report, FLOW, 'linked');
  ctx.wrote({ flow: FLOW, action: 'link', linkKind: 'invoice', coupaId: invoice.id, freshbooksId: bill.id });
  return true;
}

async function apply(
  ctx: SyncContext,
  invoice: Invoice,
  plan: InvoicePlan,
  supplier: SupplierLink,
  own: InvoiceLinkRow | undefined,
): Promise<void> {
  const draftFor = async (tag: string) => {
    if (supplier.state !== 'linked')
      throw new AppError('supplier_unlinked', `Invoice ${invoice.invoiceNumber}: supplier ${invoice.supplierId} has no vendor.`);
    return billFromInvoice(invoice, supplier.vendorId, await ctx.mapping(), tag);
  };
  const save = async (billId: string, tag: string, poSlot: string | null) => {
    const draft = await draftFor(tag);
    await ctx.links.saveInvoice({
      invoiceId: invoice.id,
      billId,
      vendorId: draft.vendorId,
      tag,
      poSlot,
      fingerprint: fingerprint(draft),
      sourceUpdatedAt: invoice.updatedAt,
    });
  };
  const claimPo = async (poNumber: string, billId: string, vendorId: string, tag: string) => {
    const row = await ctx.links.po(poNumber);
    if (!row) return;
    // The bill now holds the invoice's lines: the PO's fingerprint no longer describes it.
    await ctx.links.savePo({ ...row, billId, vendorId, tag, takenOverByInvoiceId: invoice.id, fingerprint: null });
  };

  switch (plan.action) {
    case 'skip':
      skipped(ctx.report, FLOW, plan.reason);
      return;
    case 'need':
      return;
    case 'take-over': {
      const draft = await draftFor(plan.tag);
      await ctx.freshbooks.updateBill(plan.billId, draft);
      await save(plan.billId, plan.tag, plan.poNumber);
      await claimPo(plan.poNumber, plan.billId, draft.vendorId, plan.tag);
      record(ctx.report, FLOW, 'updated');
      ctx.wrote({ flow: FLOW, action: 'update', linkKind: 'invoice', coupaId: invoice.id, freshbooksId: plan.billId });
      break;
    }
    case 'create': {
      const { bill, found } = await createOrFindBill(ctx, await draftFor(plan.tag));
      await save(bill.id, plan.tag, plan.claimsPo ?? null);
      if (plan.claimsPo) await claimPo(plan.claimsPo, bill.id, bill.vendorId, plan.tag);
      if (plan.warning)
        note(
          ctx.report,
          FLOW,
          `Invoice ${invoice.invoiceNumber}: ${plan.warning.replace(/-/g, ' ')} — it got a bill of its own (${plan.tag}); check it against its PO.`,
        );
      record(ctx.report, FLOW, found ? 'linked' : 'created');
      ctx.wrote({ flow: FLOW, action: found ? 'link' : 'create', linkKind: 'invoice', coupaId: invoice.id, freshbooksId: bill.id });
      break;
    }
    case 'update': {
      await ctx.freshbooks.updateBill(plan.billId, await draftFor(plan.tag));
      await save(plan.billId, plan.tag, own?.poSlot ?? (await slotOf(ctx, invoice)));
      record(ctx.report, FLOW, 'updated');
      ctx.wrote({ flow: FLOW, action: 'update', linkKind: 'invoice', coupaId: invoice.id, freshbooksId: plan.billId });
      break;
    }
    case 'delete': {
      await ctx.freshbooks.deleteBill(plan.billId);
      if (own) await ctx.links.saveInvoice({ ...own, sourceUpdatedAt: invoice.updatedAt });
      record(ctx.report, FLOW, 'deleted');
      ctx.wrote({ flow: FLOW, action: 'delete', linkKind: 'invoice', coupaId: invoice.id, freshbooksId: plan.billId });
      return;
    }
    case 'release': {
      // The voided invoice gives its PO's bill back: the PO rewrites it (or deletes it, if cancelled).
      const row = await ctx.links.po(plan.poNumber);
      if (row) await ctx.links.savePo({ ...row, takenOverByInvoiceId: null, fingerprint: null });
      await ctx.links.dropInvoice(invoice.id);
      const po = await ctx.coupa.purchaseOrderByNumber(plan.poNumber);
      if (!po) throw new PurchaseOrderNotFoundError(plan.poNumber);
      await syncPurchaseOrder(ctx, po);
      record(ctx.report, FLOW, 'updated');
      note(ctx.report, FLOW, `Invoice ${invoice.invoiceNumber} was voided: its bill went back to PO ${plan.poNumber}.`);
      ctx.wrote({ flow: FLOW, action: 'update', linkKind: 'invoice', coupaId: invoice.id, freshbooksId: plan.billId });
      return;
    }
  }
  if (ctx.settings.markExported) {
    await ctx.coupa.markExported('invoice', invoice.id);
    ctx.wrote({ flow: FLOW, action: 'mark-exported', linkKind: 'invoice', coupaId: invoice.id, freshbooksId: null });
  }
}

/** The PO whose bill this invoice took over, when only the PO's link still says so (its own link was lost). */
async function slotOf(ctx: SyncContext, invoice: Invoice): Promise<string | null> {
  for (const poNumber of invoice.poNumbers) {
    if ((await ctx.links.po(poNumber))?.takenOverByInvoiceId === invoice.id) return poNumber;
  }
  return null;
}
