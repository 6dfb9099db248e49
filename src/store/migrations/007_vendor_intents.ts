import type { Kysely } from 'kysely';
import { TIME } from './helpers.js';

/**
 * `vendor_intents`: a vendor about to be created, saved before the FreshBooks write and
 * removed when its link is saved. A run that dies between the two leaves the intent, so the
 * next pass finds the vendor it wrote by the name it wrote, even if the supplier has been
 * renamed in Coupa since (then matching by the new name would create a second vendor).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('vendor_intents')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('supplier_id', 'text', (c) => c.notNull())
    .addColumn('vendor_name', 'text', (c) => c.notNull())
    .addColumn('coupa_fields', 'text', (c) => c.notNull())
    .addColumn('created_at', TIME, (c) => c.notNull())
    .addPrimaryKeyConstraint('vendor_intents_pk', ['tenant_id', 'supplier_id'])
    .execute();
}
