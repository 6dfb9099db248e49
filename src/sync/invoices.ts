/**
 * Flow 3: approved Coupa invoices → FreshBooks bills of their own, matched to their POs by PO
 * number and vendor: each invoice's lines are taken off its POs' open commitment, and those
 * POs' bills are settled at once (under their own leases, invoice first, then PO, always in
 * that order). A PO bill paid before its invoice came is taken over by the invoice, so the
 * payment settles that invoice. A PO or supplier not seen yet is fetched and synced first —
 * the invoice is never dropped.
 */
import { attention, type AttentionItem, type AttentionRecord } from '../core/attention.js';
import { billFromInvoice } from '../core/bill-mapping.js';
import { invoiceTag, isTagOfInvoice } from '../core/bill-tags.js';
import { invoicedLines } from '../core/commitment.js';
import { billHash, fingerprint } from '../core/fingerprint.js';
import { invoicePlan, type InvoicePlan } from '../core/invoice-plan.js';
import type { OwnedBill, SupplierState } from '../core/known.js';
import type { Bill, BillDraft, Invoice } from '../core/records.js';
import { Decimal } from '../lib/decimal.js';
import { AppError } from '../lib/errors.js';
import { assumedOpen, billMoney, intendedBill, liveBill, placeBill, reportPlaced, seenBill, paidOn } from './bills.js';
import type { SyncContext } from './context.js';
import { adoptedDiffers, findHandKeyed, handKeyedBill } from './hand-keyed.js';
import { ensurePurchaseOrder, settlePurchaseOrder } from './purchase-orders.js';
import { record, skipped } from './report.js';
import type { BillReviewRow, InvoiceLinkRow } from './state.js';
import { ensureSupplier, supplierState } from './suppliers.js';

const FLOW = 'invoices';

export function invoiceRecord(invoice: Pick<Invoice, 'id' | 'invoiceNumber' | 'supplierName'>): AttentionRecord {
  return {
    kind: 'invoice',
    id: invoice.id,
    label: `invoice ${invoice.invoiceNumber}${invoice.supplierName ? ` (${invoice.supplierName})` : ''}`,
  };
}

/** `seen`: its bill as just read from FreshBooks (changed there: deleted, edited by a person). */
export function syncInvoice(ctx: SyncContext, invoice: Invoice, options: { seen?: Bill } = {}): Promise<void> {
  return ctx.lock(`invoice:${invoice.id}`, () => syncInvoiceLocked(ctx, invoice, options.seen));
}

function touchesOwnBill(plan: InvoicePlan): boolean {
  return plan.action === 'update' || plan.action === 'delete' || (plan.action === 'attention' && plan.billId !== undefined);
}

/**
 * A PO bill paid before this invoice came, that the invoice can carry (or one it started taking
 * over). Not when a person may have keyed the invoice's own bill by hand: taking the PO's bill
 * over as well would leave the same liability on two bills; the invoice goes the create way,
 * which adopts that bill or asks a person, and the paid PO bill goes to a person.
 */
async function takeOverCandidate(
  ctx: SyncContext,
  invoice: Invoice,
  vendorId: string,
): Promise<{ poNumber: string; bill: OwnedBill } | undefined> {
  for (const poNumber of invoice.poNumbers) {
    const po = await ctx.state.po(poNumber);
    if (!po?.billId) continue;
    if (po.takenOverBy !== null && po.takenOverBy !== invoice.id) continue;
    const bill = await liveBill(ctx, po.billId, null);
    if (po.takenOverBy === invoice.id) return { poNumber, bill };
    if (bill.state !== 'has-payments' || !bill.paid.gt(Decimal.ZERO)) continue;
    const review = await ctx.state.billReview(invoice.id);
    if (review?.resolution?.action !== 'create' && (await findHandKeyed(ctx, invoice, vendorId)).kind !== 'none') return undefined;
    return { poNumber, bill };
  }
  return undefined;
}

async function syncInvoiceLocked(ctx: SyncContext, invoice: Invoice, seen: Bill | undefined): Promise<void> {
  const saved = await ctx.state.invoice(invoice.id);
  const review = await ctx.state.billReview(invoice.id);
  if (review?.status === 'open' && !saved?.billId) {
    // A person picks its hand-keyed bill first; a bill written now could be a duplicate.
    skipped(ctx.report, FLOW, 'bill-in-review');
    return;
  }
  // A run that died between writing the bill and saving its id left an intent: take the bill back.
  const orphan = saved && (await intendedBill(ctx, saved, (n) => isTagOfInvoice(n, invoice.invoiceNumber, invoice.poNumbers[0])));
  const row = saved && orphan ? { ...saved, billId: orphan.id, fingerprint: null, billHash: null } : saved;
  let supplier: SupplierState = await supplierState(ctx, invoice.supplierId);
  const tag = invoiceTag(invoice.invoiceNumber, invoice.poNumbers[0]);
  let ownIsLive = row?.billId !== undefined && row.billId !== null && seen?.id === row.billId;
  let own: OwnedBill | undefined = row?.billId
    ? ownIsLive && seen
      ? seenBill(seen, row)
      : assumedOpen(row.billId, row.fingerprint)
    : undefined;
  let draft: BillDraft | undefined;
  let plan: InvoicePlan | undefined;

  // Plan, fetch whatever it needs (supplier, POs) or the real state of the bill it would
  // touch, and plan again; a handful of rounds settles every case.
  for (let round = 0; round < 4; round++) {
    const vendorId = supplier.state === 'linked' ? supplier.vendorId : undefined;
    const taxes = invoice.charges?.some((c) => c.kind === 'tax') ? await ctx.taxes() : [];
    draft = vendorId ? billFromInvoice(invoice, vendorId, await ctx.mapping(), tag, taxes) : undefined;
    const knownPos = new Set<string>();
    for (const poNumber of invoice.poNumbers) if (await ctx.state.po(poNumber)) knownPos.add(poNumber);
    const candidate = !own && vendorId && invoice.status === 'approved' ? await takeOverCandidate(ctx, invoice, vendorId) : undefined;
    plan = invoicePlan({
      invoice,
      supplier,
      ...(own ? { own } : {}),
      sourceUpdatedAt: row?.sourceUpdatedAt ?? null,
      ...(draft ? { fingerprint: fingerprint(draft) } : {}),
      knownPos,
      ...(candidate ? { takeOver: candidate } : {}),
      deletedBills: ctx.settings.deletedBills,
      ...(ctx.settings.currencies ? { currencies: ctx.settings.currencies } : {}),
      ...(ctx.settings.startDate ? { startDate: ctx.settings.startDate } : {}),
    });
    if (plan.action === 'need') {
      for (const need of plan.needs) {
        if (need.kind === 'supplier') supplier = await ensureSupplier(ctx, need.supplierId);
        else await ensurePurchaseOrder(ctx, need.poNumber);
      }
      continue;
    }
    if (!touchesOwnBill(plan) || ownIsLive || !own) break;
    own = await liveBill(ctx, own.billId, row?.fingerprint ?? null);
    ownIsLive = true;
  }
  if (!plan || plan.action === 'need') {
    throw new AppError(
      'invoice_unsettled',
      `Invoice ${invoice.invoiceNumber} could not be planned: its supplier or PO did not settle.`,
      'It is retried on the next pass.',
    );
  }
  await apply(ctx, invoice, plan, { row, draft, tag, supplier, review });
}

interface Facts {
  row: InvoiceLinkRow | undefined;
  draft: BillDraft | undefined;
  tag: string;
  supplier: SupplierState;
  review: BillReviewRow | undefined;
}

async function apply(ctx: SyncContext, invoice: Invoice, plan: InvoicePlan, facts: Facts): Promise<void> {
  const who = invoiceRecord(invoice);
  const base: InvoiceLinkRow = facts.row ?? {
    invoiceId: invoice.id,
    invoiceNumber: invoice.invoiceNumber,
    supplierId: invoice.supplierId,
    vendorId: null,
    billId: null,
    tag: null,
    poSlot: null,
    fingerprint: null,
    billHash: null,
    sourceUpdatedAt: null,
  };
  const need = (): BillDraft => {
    if (!facts.draft)
      throw new AppError('supplier_unlinked', `Invoice ${invoice.invoiceNumber}: supplier ${invoice.supplierId} has no vendor.`);
    return facts.draft;
  };
  const written = (bill: Bill, draft: BillDraft, poSlot: string | null): InvoiceLinkRow => ({
    ...base,
    invoiceNumber: invoice.invoiceNumber,
    vendorId: draft.vendorId,
    billId: bill.id,
    tag: facts.tag,
    poSlot,
    fingerprint: fingerprint(draft),
    billHash: billHash(bill),
    sourceUpdatedAt: invoice.updatedAt,
  });

  let differs: AttentionItem | undefined;
  const rewrote = (billId: string, draft: BillDraft) => {
    record(ctx.report, FLOW, 'updated');
    ctx.wrote({
      flow: FLOW,
      action: 'update',
      linkKind: 'invoice',
      coupaId: invoice.id,
      freshbooksId: billId,
      label: who.label,
      ...billMoney(draft),
    });
  };

  switch (plan.action) {
    case 'need':
      return;
    case 'skip':
      skipped(ctx.report, FLOW, plan.reason);
      if (plan.reason === 'unchanged' || plan.reason === 'withdrawn-no-bill' || plan.reason === 'not-approved') await ctx.settled(who);
      if (plan.reason === 'before-start-date') {
        ctx.wrote({
          flow: FLOW,
          action: 'skip-before-start',
          linkKind: 'invoice',
          coupaId: invoice.id,
          freshbooksId: null,
          label: who.label,
          amount: invoice.total.toString(),
          currency: invoice.currency,
        });
      }
      if (plan.reason === 'withdrawn-no-bill') {
        // Withdrawn after a person deleted its bill: it carries nothing any more, so its POs' commitments come back.
        if (base.billId !== null) await ctx.state.saveInvoice({ ...base, billId: null, fingerprint: null, billHash: null, poSlot: null });
        await carry(ctx, invoice, false);
      }
      return;
    case 'attention':
      await ctx.needsPerson(FLOW, await attentionFor(ctx, invoice, who, plan));
      return;
    case 'delete': {
      await ctx.freshbooks.deleteBill(plan.billId);
      await ctx.state.saveInvoice({
        ...base,
        billId: null,
        fingerprint: null,
        billHash: null,
        poSlot: null,
        sourceUpdatedAt: invoice.updatedAt,
      });
      record(ctx.report, FLOW, 'deleted');
      ctx.wrote({ flow: FLOW, action: 'delete', linkKind: 'invoice', coupaId: invoice.id, freshbooksId: plan.billId, label: who.label });
      await ctx.settled(who);
      await carry(ctx, invoice, false);
      return;
    }
    case 'update': {
      const draft = need();
      await ctx.state.saveInvoice(written(await ctx.freshbooks.updateBill(plan.billId, draft), draft, base.poSlot));
      rewrote(plan.billId, draft);
      break;
    }
    case 'take-over': {
      const draft = need();
      await ctx.lock(`po:${plan.poNumber}`, async () => {
        const po = await ctx.state.po(plan.poNumber);
        if (!po) throw new AppError('po_unknown', `PO ${plan.poNumber} is not known.`);
        // The intent first: a run that dies after rewriting the bill leaves the PO saying whose it is now.
        await ctx.state.savePo({ ...po, takenOverBy: invoice.id });
        const bill = await ctx.freshbooks.updateBill(plan.billId, draft);
        await ctx.state.transaction(async (state) => {
          await state.saveInvoice(written(bill, draft, plan.poNumber));
          await state.savePo({ ...po, billId: null, tag: null, fingerprint: null, billHash: null, takenOverBy: null, needsSettle: true });
        });
      });
      rewrote(plan.billId, draft);
      break;
    }
    case 'create': {
      const draft = need();
      const hand = await handKeyedBill(ctx, invoice, draft, facts.review);
      if (hand.kind === 'review') return;
      if (hand.kind === 'adopt') {
        // Nothing is written to a bill a person keyed: the link records what it holds now, so
        // the next pass finds it unchanged and leaves it as typed.
        await ctx.state.saveInvoice(written(hand.bill, draft, null));
        record(ctx.report, FLOW, 'linked');
        ctx.wrote({
          flow: FLOW,
          action: 'link',
          linkKind: 'invoice',
          coupaId: invoice.id,
          freshbooksId: hand.bill.id,
          label: who.label,
          amount: hand.bill.total.toString(),
          currency: hand.bill.currency,
          ...(hand.differences.length > 0 ? { detail: `${hand.differences.join('; ')} — kept as typed` } : {}),
        });
        if (hand.differences.length > 0) differs = adoptedDiffers(invoice, hand.bill, hand.differences);
        break;
      }
      // The intent goes first (see purchase-orders.ts).
      await ctx.state.saveInvoice({ ...base, billId: null, vendorId: draft.vendorId, tag: facts.tag });
      const placed = await placeBill(ctx, draft, (n) => isTagOfInvoice(n, invoice.invoiceNumber, invoice.poNumbers[0]));
      if (placed.kind === 'differs') {
        // Not this invoice's bill after all: no intent is left behind to claim it later.
        await ctx.state.saveInvoice({ ...base, billId: null, tag: null });
        await ctx.needsPerson(FLOW, attention.taggedBillDiffers(who, placed.billId, placed.why));
        return;
      }
      await ctx.state.saveInvoice(written(placed.bill, draft, null));
      reportPlaced(ctx, FLOW, { linkKind: 'invoice', coupaId: invoice.id, label: who.label }, placed, draft);
      break;
    }
  }
  await ctx.settled(who);
  if (differs) await ctx.needsPerson(FLOW, differs);
  await carry(ctx, invoice, true);
  if (ctx.settings.markExported) {
    await ctx.coupa.markExported('invoice', invoice.id);
    ctx.wrote({ flow: FLOW, action: 'mark-exported', linkKind: 'invoice', coupaId: invoice.id, freshbooksId: null, label: who.label });
  }
}

/**
 * Records what the invoice's live bill carries against each PO (nothing, once it has no bill)
 * and settles those POs' bills now, so FreshBooks never holds the same money on both.
 */
async function carry(ctx: SyncContext, invoice: Invoice, billed: boolean): Promise<void> {
  const touched = await ctx.state.setInvoicedLines(invoice.id, billed ? invoicedLines(invoice) : []);
  for (const poNumber of touched) {
    if (await ctx.state.po(poNumber)) await settlePurchaseOrder(ctx, poNumber);
  }
}

async function attentionFor(ctx: SyncContext, invoice: Invoice, who: AttentionRecord, plan: Extract<InvoicePlan, { action: 'attention' }>) {
  const money = `${invoice.total.toString()} ${invoice.currency}`;
  switch (plan.code) {
    case 'credit-note':
      return attention.creditNote(who, money);
    case 'non-positive-total':
      return attention.nonPositiveTotal(who, money);
    case 'disputed':
      return attention.disputed(who, plan.billId);
    case 'voided-bill-paid':
      return attention.voidedBillPaid(who, plan.billId ?? '?', await paidOn(ctx, plan.billId));
    case 'paid-bill-changed':
      return attention.paidBillChanged(who, plan.billId ?? '?');
    case 'bill-deleted':
      return attention.billDeleted(who, plan.billId ?? '?');
    case 'currency-mismatch':
      return attention.currencyMismatch(who, invoice.currency, ctx.settings.currencies ?? []);
  }
}
