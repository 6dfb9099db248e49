/**
 * The sync's links, one table per kind of record (migration 006): supplier → vendor, PO →
 * commitment bill, invoice → bill, and the lines each billed invoice takes off its POs.
 */
import { Decimal } from '../../lib/decimal.js';
import type { Db, Tx } from '../db.js';
import type { InvoiceLinksTable, PoLinksTable, VendorLinksTable } from '../schema.js';
import type { Selectable } from 'kysely';

type Q = Db | Tx;

interface VendorLink {
  supplierId: string;
  vendorId: string;
  /** JSON text of the vendor fields last read from Coupa. */
  coupaFields: string | null;
  sourceUpdatedAt: string | null;
}

export async function findVendorLink(db: Q, tenantId: string, supplierId: string): Promise<VendorLink | undefined> {
  const r = await db
    .selectFrom('vendor_links')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('supplier_id', '=', supplierId)
    .executeTakeFirst();
  return r && vendorLinkOf(r);
}

function vendorLinkOf(r: Selectable<VendorLinksTable>): VendorLink {
  return { supplierId: r.supplier_id, vendorId: r.vendor_id, coupaFields: r.coupa_fields, sourceUpdatedAt: r.source_updated_at };
}

export async function findVendorLinkByVendor(db: Q, tenantId: string, vendorId: string): Promise<VendorLink | undefined> {
  const r = await db
    .selectFrom('vendor_links')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('vendor_id', '=', vendorId)
    .executeTakeFirst();
  return r && vendorLinkOf(r);
}

interface VendorIntent {
  supplierId: string;
  vendorName: string;
  /** JSON text of the vendor fields the create sends. */
  coupaFields: string;
}

export async function findVendorIntent(db: Q, tenantId: string, supplierId: string): Promise<VendorIntent | undefined> {
  const r = await db
    .selectFrom('vendor_intents')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('supplier_id', '=', supplierId)
    .executeTakeFirst();
  return r && { supplierId: r.supplier_id, vendorName: r.vendor_name, coupaFields: r.coupa_fields };
}

export async function upsertVendorIntent(db: Q, tenantId: string, intent: VendorIntent, now = Date.now()): Promise<void> {
  const values = { vendor_name: intent.vendorName, coupa_fields: intent.coupaFields, created_at: now };
  await db
    .insertInto('vendor_intents')
    .values({ tenant_id: tenantId, supplier_id: intent.supplierId, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'supplier_id']).doUpdateSet(values))
    .execute();
}

export async function upsertVendorLink(db: Q, tenantId: string, link: VendorLink, now = Date.now()): Promise<void> {
  const values = { vendor_id: link.vendorId, coupa_fields: link.coupaFields, source_updated_at: link.sourceUpdatedAt, updated_at: now };
  await db
    .insertInto('vendor_links')
    .values({ tenant_id: tenantId, supplier_id: link.supplierId, created_at: now, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'supplier_id']).doUpdateSet(values))
    .execute();
  await db.deleteFrom('vendor_intents').where('tenant_id', '=', tenantId).where('supplier_id', '=', link.supplierId).execute();
}

interface PoLink {
  poNumber: string;
  poId: string;
  supplierId: string;
  vendorId: string | null;
  billId: string | null;
  tag: string | null;
  fingerprint: string | null;
  billHash: string | null;
  version: number | null;
  sourceUpdatedAt: string | null;
  takenOverBy: string | null;
  needsSettle: boolean;
}

function poLinkOf(r: Selectable<PoLinksTable>): PoLink {
  return {
    poNumber: r.po_number,
    poId: r.po_id,
    supplierId: r.supplier_id,
    vendorId: r.vendor_id,
    billId: r.bill_id,
    tag: r.tag,
    fingerprint: r.fingerprint,
    billHash: r.bill_hash,
    version: r.version,
    sourceUpdatedAt: r.source_updated_at,
    takenOverBy: r.taken_over_by,
    needsSettle: r.needs_settle === 1,
  };
}

export async function findPoLink(db: Q, tenantId: string, poNumber: string): Promise<PoLink | undefined> {
  const r = await db
    .selectFrom('po_links')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('po_number', '=', poNumber)
    .executeTakeFirst();
  return r && poLinkOf(r);
}

export async function findPoLinkByBill(db: Q, tenantId: string, billId: string): Promise<PoLink | undefined> {
  const r = await db.selectFrom('po_links').selectAll().where('tenant_id', '=', tenantId).where('bill_id', '=', billId).executeTakeFirst();
  return r && poLinkOf(r);
}

export async function listPoLinks(db: Q, tenantId: string, filter: { needsSettle?: boolean } = {}): Promise<PoLink[]> {
  let q = db.selectFrom('po_links').selectAll().where('tenant_id', '=', tenantId);
  if (filter.needsSettle !== undefined) q = q.where('needs_settle', '=', filter.needsSettle ? 1 : 0);
  return (await q.orderBy('po_number').execute()).map(poLinkOf);
}

export async function upsertPoLink(db: Q, tenantId: string, link: PoLink, now = Date.now()): Promise<void> {
  const values = {
    po_id: link.poId,
    supplier_id: link.supplierId,
    vendor_id: link.vendorId,
    bill_id: link.billId,
    tag: link.tag,
    fingerprint: link.fingerprint,
    bill_hash: link.billHash,
    version: link.version,
    source_updated_at: link.sourceUpdatedAt,
    taken_over_by: link.takenOverBy,
    needs_settle: link.needsSettle ? 1 : 0,
    updated_at: now,
  };
  await db
    .insertInto('po_links')
    .values({ tenant_id: tenantId, po_number: link.poNumber, created_at: now, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'po_number']).doUpdateSet(values))
    .execute();
}

/** Marks POs to be settled again (their invoiced lines changed); unknown PO numbers are ignored. */
export async function markPosToSettle(db: Q, tenantId: string, poNumbers: readonly string[], now = Date.now()): Promise<void> {
  if (poNumbers.length === 0) return;
  await db
    .updateTable('po_links')
    .set({ needs_settle: 1, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('po_number', 'in', [...poNumbers])
    .execute();
}

interface InvoiceLink {
  invoiceId: string;
  invoiceNumber: string;
  supplierId: string;
  vendorId: string | null;
  billId: string | null;
  tag: string | null;
  poSlot: string | null;
  fingerprint: string | null;
  billHash: string | null;
  sourceUpdatedAt: string | null;
}

function invoiceLinkOf(r: Selectable<InvoiceLinksTable>): InvoiceLink {
  return {
    invoiceId: r.invoice_id,
    invoiceNumber: r.invoice_number,
    supplierId: r.supplier_id,
    vendorId: r.vendor_id,
    billId: r.bill_id,
    tag: r.tag,
    poSlot: r.po_slot,
    fingerprint: r.fingerprint,
    billHash: r.bill_hash,
    sourceUpdatedAt: r.source_updated_at,
  };
}

export async function findInvoiceLink(db: Q, tenantId: string, invoiceId: string): Promise<InvoiceLink | undefined> {
  const r = await db
    .selectFrom('invoice_links')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirst();
  return r && invoiceLinkOf(r);
}

export async function findInvoiceLinkByBill(db: Q, tenantId: string, billId: string): Promise<InvoiceLink | undefined> {
  const r = await db
    .selectFrom('invoice_links')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('bill_id', '=', billId)
    .executeTakeFirst();
  return r && invoiceLinkOf(r);
}

export async function upsertInvoiceLink(db: Q, tenantId: string, link: InvoiceLink, now = Date.now()): Promise<void> {
  const values = {
    invoice_number: link.invoiceNumber,
    supplier_id: link.supplierId,
    vendor_id: link.vendorId,
    bill_id: link.billId,
    tag: link.tag,
    po_slot: link.poSlot,
    fingerprint: link.fingerprint,
    bill_hash: link.billHash,
    source_updated_at: link.sourceUpdatedAt,
    updated_at: now,
  };
  await db
    .insertInto('invoice_links')
    .values({ tenant_id: tenantId, invoice_id: link.invoiceId, created_at: now, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'invoice_id']).doUpdateSet(values))
    .execute();
}

interface InvoicedLineRow {
  invoiceId: string;
  poNumber: string;
  orderLineNum: string | null;
  amount: Decimal;
}

export async function invoicedLinesOfPo(db: Q, tenantId: string, poNumber: string): Promise<InvoicedLineRow[]> {
  const rows = await db
    .selectFrom('invoiced_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('po_number', '=', poNumber)
    .orderBy('invoice_id')
    .orderBy('line_index')
    .execute();
  return rows.map((r) => ({
    invoiceId: r.invoice_id,
    poNumber: r.po_number,
    orderLineNum: r.order_line_num,
    amount: Decimal.parse(r.amount),
  }));
}

/** Replaces an invoice's invoiced lines; returns the PO numbers named before or after (those to settle). */
export async function replaceInvoicedLines(
  db: Q,
  tenantId: string,
  invoiceId: string,
  lines: readonly InvoicedLineRow[],
): Promise<string[]> {
  const before = await db
    .selectFrom('invoiced_lines')
    .select(['po_number', 'order_line_num', 'amount'])
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('line_index')
    .execute();
  const same =
    before.length === lines.length &&
    before.every((b, i) => {
      const l = lines[i];
      return l !== undefined && b.po_number === l.poNumber && b.order_line_num === l.orderLineNum && Decimal.parse(b.amount).eq(l.amount);
    });
  if (same) return [];
  await db.deleteFrom('invoiced_lines').where('tenant_id', '=', tenantId).where('invoice_id', '=', invoiceId).execute();
  if (lines.length > 0) {
    await db
      .insertInto('invoiced_lines')
      .values(
        lines.map((l, i) => ({
          tenant_id: tenantId,
          invoice_id: invoiceId,
          line_index: i,
          po_number: l.poNumber,
          order_line_num: l.orderLineNum,
          amount: l.amount.toString(),
        })),
      )
      .execute();
  }
  return [...new Set([...before.map((b) => b.po_number), ...lines.map((l) => l.poNumber)])];
}

/** Every supplier → vendor pair of the tenant (reconciliation pairs records with these). */
export async function listVendorLinks(db: Q, tenantId: string): Promise<VendorLink[]> {
  return (await db.selectFrom('vendor_links').selectAll().where('tenant_id', '=', tenantId).execute()).map(vendorLinkOf);
}

export async function listInvoiceLinks(db: Q, tenantId: string): Promise<InvoiceLink[]> {
  return (await db.selectFrom('invoice_links').selectAll().where('tenant_id', '=', tenantId).execute()).map(invoiceLinkOf);
}

/** Which invoices the connector billed against which POs: PO number → invoice ids. */
export async function invoiceIdsByPo(db: Q, tenantId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('invoiced_lines')
    .select(['po_number', 'invoice_id'])
    .distinct()
    .where('tenant_id', '=', tenantId)
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.po_number, [...(out.get(r.po_number) ?? []), r.invoice_id]);
  return out;
}
