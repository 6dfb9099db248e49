import type { Kysely } from 'kysely';
import { TIME } from './helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  // What a link needs beyond the ids: the PO version and take-over, the tag written, the vendor.
  await db.schema
    .alterTable('links')
    .addColumn('meta', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  await db.schema
    .createTable('reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('supplier_id', 'text', (c) => c.notNull())
    .addColumn('supplier_name', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('candidates', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('created_at', TIME, (c) => c.notNull())
    .addColumn('resolved_at', TIME)
    .execute();
  // One review per supplier: a supplier waiting for a person is never queued twice.
  await db.schema.createIndex('reviews_by_supplier').unique().on('reviews').columns(['tenant_id', 'supplier_id']).execute();

  // Leases that make "look, then create" safe across processes, one key per record.
  await db.schema
    .createTable('locks')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('expires_at', TIME, (c) => c.notNull())
    .execute();
}
