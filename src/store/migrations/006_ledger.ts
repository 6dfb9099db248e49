import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { sql } from '../kysely.js';
import { TIME, withSerialId } from './helpers.js';

/**
 * The sync's record of what it wrote, in real columns instead of one `links` table with JSON
 * and empty-string sentinels:
 * - `vendor_links`: supplier → vendor, with the supplier fields last read from Coupa (only what
 *   Coupa changes is written again, so a person's edits to the vendor survive);
 * - `po_links` / `invoice_links`: a PO's commitment bill and an invoice's own bill (nullable:
 *   a PO with nothing open has none); a bill belongs to at most one of each (unique indexes),
 *   and the engine checks both tables before adopting one;
 * - `invoiced_lines`: the lines of invoices that have a live bill, against the PO they name:
 *   what is taken off each PO's open commitment;
 * - `payment_links`: one row per payment pair (Coupa payment ↔ FreshBooks bill payment), with
 *   who made it, so neither side is written twice or echoed;
 * - `allocations`: each payment written to Coupa, split over cost centres;
 * - `attention_items`: the records that need a person, with what to do.
 * Existing rows of `links` are carried over, then `links` is dropped. Invoices carried over
 * have no invoiced lines yet: each is rewritten once on its next sync (no fingerprint), which
 * records them and settles its POs.
 */
const tenant = (c: ColumnDefinitionBuilder) => c.notNull().references('tenants.id').onDelete('cascade');

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('vendor_links')
    .addColumn('tenant_id', 'text', tenant)
    .addColumn('supplier_id', 'text', (c) => c.notNull())
    .addColumn('vendor_id', 'text', (c) => c.notNull())
    .addColumn('coupa_fields', 'text')
    .addColumn('source_updated_at', 'text')
    .addColumn('created_at', TIME, (c) => c.notNull())
    .addColumn('updated_at', TIME, (c) => c.notNull())
    .addPrimaryKeyConstraint('vendor_links_pk', ['tenant_id', 'supplier_id'])
    .execute();

  await db.schema
    .createTable('po_links')
    .addColumn('tenant_id', 'text', tenant)
    .addColumn('po_number', 'text', (c) => c.notNull())
    .addColumn('po_id', 'text', (c) => c.notNull())
    .addColumn('supplier_id', 'text', (c) => c.notNull())
    .addColumn('vendor_id', 'text')
    .addColumn('bill_id', 'text')
    .addColumn('tag', 'text')
    .addColumn('fingerprint', 'text')
    .addColumn('bill_hash', 'text')
    .addColumn('version', 'integer')
    .addColumn('source_updated_at', 'text')
    .addColumn('taken_over_by', 'text')
    .addColumn('needs_settle', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', TIME, (c) => c.notNull())
    .addColumn('updated_at', TIME, (c) => c.notNull())
    .addPrimaryKeyConstraint('po_links_pk', ['tenant_id', 'po_number'])
    .execute();
  await db.schema
    .createIndex('po_links_by_bill')
    .unique()
    .on('po_links')
    .columns(['tenant_id', 'bill_id'])
    .where(sql.ref('bill_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('invoice_links')
    .addColumn('tenant_id', 'text', tenant)
    .addColumn('invoice_id', 'text', (c) => c.notNull())
    .addColumn('invoice_number', 'text', (c) => c.notNull())
    .addColumn('supplier_id', 'text', (c) => c.notNull())
    .addColumn('vendor_id', 'text')
    .addColumn('bill_id', 'text')
    .addColumn('tag', 'text')
    .addColumn('po_slot', 'text')
    .addColumn('fingerprint', 'text')
    .addColumn('bill_hash', 'text')
    .addColumn('source_updated_at', 'text')
    .addColumn('created_at', TIME, (c) => c.notNull())
    .addColumn('updated_at', TIME, (c) => c.notNull())
    .addPrimaryKeyConstraint('invoice_links_pk', ['tenant_id', 'invoice_id'])
    .execute();
  await db.schema
    .createIndex('invoice_links_by_bill')
    .unique()
    .on('invoice_links')
    .columns(['tenant_id', 'bill_id'])
    .where(sql.ref('bill_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('invoiced_lines')
    .addColumn('tenant_id', 'text', tenant)
    .addColumn('invoice_id', 'text', (c) => c.notNull())
    .addColumn('line_index', 'integer', (c) => c.notNull())
    .addColumn('po_number', 'text', (c) => c.notNull())
    .addColumn('order_line_num', 'text')
    .addColumn('amount', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('invoiced_lines_pk', ['tenant_id', 'invoice_id', 'line_index'])
    .execute();
  await db.schema.createIndex('invoiced_lines_by_po').on('invoiced_lines').columns(['tenant_id', 'po_number']).execute();

  await withSerialId(db, db.schema.createTable('payment_links'))
    .addColumn('tenant_id', 'text', tenant)
    .addColumn('invoice_id', 'text', (c) => c.notNull())
    .addColumn('coupa_key', 'text')
    .addColumn('bill_payment_id', 'text')
    .addColumn('bill_id', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('paid_date', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', TIME, (c) => c.notNull())
    .addColumn('updated_at', TIME, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('payment_links_by_coupa')
    .unique()
    .on('payment_links')
    .columns(['tenant_id', 'coupa_key'])
    .where(sql.ref('coupa_key'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('payment_links_by_freshbooks')
    .unique()
    .on('payment_links')
    .columns(['tenant_id', 'bill_payment_id'])
    .where(sql.ref('bill_payment_id'), 'is not', null)
    .execute();
  await db.schema.createIndex('payment_links_by_invoice').on('payment_links').columns(['tenant_id', 'invoice_id']).execute();

  await withSerialId(db, db.schema.createTable('allocations'))
    .addColumn('tenant_id', 'text', tenant)
    .addColumn('invoice_id', 'text', (c) => c.notNull())
    .addColumn('invoice_number', 'text', (c) => c.notNull())
    .addColumn('bill_payment_id', 'text', (c) => c.notNull())
    .addColumn('cost_centre', 'text')
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('paid_date', 'text', (c) => c.notNull())
    .addColumn('created_at', TIME, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('allocations_by_date').on('allocations').columns(['tenant_id', 'paid_date']).execute();
  await db.schema.createIndex('allocations_by_invoice').on('allocations').columns(['tenant_id', 'invoice_id']).execute();

  await db.schema
    .createTable('attention_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenant)
    .addColumn('record_kind', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_updated_at', 'text')
    .addColumn('first_seen_at', TIME, (c) => c.notNull())
    .addColumn('last_seen_at', TIME, (c) => c.notNull())
    .addColumn('resolved_at', TIME)
    .execute();
  await db.schema
    .createIndex('attention_by_record')
    .unique()
    .on('attention_items')
    .columns(['tenant_id', 'record_kind', 'record_id', 'code'])
    .execute();
  await db.schema.createIndex('attention_by_status').on('attention_items').columns(['tenant_id', 'status']).execute();

  await carryOverLinks(db);
  await db.schema.dropTable('links').execute();
}

interface OldLink {
  tenant_id: string;
  kind: string;
  coupa_id: string;
  freshbooks_id: string;
  fingerprint: string | null;
  source_updated_at: string | null;
  meta: string;
  created_at: number | string;
  updated_at: number | string;
}

function metaOf(raw: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(raw);
  return typeof parsed === 'object' && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {};
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * The earlier `links` rows, in the new tables. Tags are not rewritten on the bills: each bill
 * gets its new tag the next time the connector writes it.
 */
async function carryOverLinks(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<OldLink>`select * from links order by id`.execute(db);
  for (const l of rows) {
    const m = metaOf(l.meta);
    const at = { created_at: Number(l.created_at), updated_at: Number(l.updated_at) };
    switch (l.kind) {
      case 'vendor':
        await sql`insert into vendor_links (tenant_id, supplier_id, vendor_id, coupa_fields, source_updated_at, created_at, updated_at)
          values (${l.tenant_id}, ${l.coupa_id}, ${l.freshbooks_id}, ${null}, ${l.source_updated_at}, ${at.created_at}, ${at.updated_at})`.execute(
          db,
        );
        break;
      case 'po':
        await sql`insert into po_links (tenant_id, po_number, po_id, supplier_id, vendor_id, bill_id, tag, fingerprint, version, source_updated_at, taken_over_by, needs_settle, created_at, updated_at)
          values (${l.tenant_id}, ${l.coupa_id}, ${text(m.poId) ?? l.coupa_id}, ${text(m.supplierId) ?? ''}, ${text(m.vendorId)},
            ${text(m.takenOverByInvoiceId) ? null : text(l.freshbooks_id)}, ${text(m.tag)}, ${l.fingerprint},
            ${typeof m.version === 'number' ? m.version : null}, ${l.source_updated_at}, ${null}, ${0}, ${at.created_at}, ${at.updated_at})`.execute(
          db,
        );
        break;
      case 'invoice':
        await sql`insert into invoice_links (tenant_id, invoice_id, invoice_number, supplier_id, vendor_id, bill_id, tag, po_slot, fingerprint, source_updated_at, created_at, updated_at)
          values (${l.tenant_id}, ${l.coupa_id}, ${text(m.tag) ?? l.coupa_id}, ${''}, ${text(m.vendorId)}, ${text(l.freshbooks_id)},
            ${text(m.tag)}, ${text(m.poSlot)}, ${null}, ${l.source_updated_at}, ${at.created_at}, ${at.updated_at})`.execute(db);
        break;
      case 'payment_in':
      case 'payment_out': {
        const invoiceId = text(m.invoiceId) ?? l.coupa_id.split(':')[0] ?? '';
        await sql`insert into payment_links (tenant_id, invoice_id, coupa_key, bill_payment_id, bill_id, origin, amount, paid_date, state, created_at, updated_at)
          values (${l.tenant_id}, ${invoiceId}, ${l.coupa_id}, ${l.freshbooks_id}, ${text(m.billId) ?? ''},
            ${l.kind === 'payment_in' ? 'coupa' : 'freshbooks'}, ${text(m.amount) ?? '0'}, ${text(m.date) ?? ''}, ${'live'}, ${at.created_at}, ${at.updated_at})`.execute(
          db,
        );
        break;
      }
    }
  }
}
