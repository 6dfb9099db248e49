import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';

/**
 * The review queue also holds invoices whose hand-keyed FreshBooks bill is only a guess (a
 * typo away, the same amount near the date, several alike): `kind` says which queue a row is
 * in, `invoice_id` and `invoice` (JSON: number, date, total, currency) name the invoice the
 * candidate bills are shown beside. One open-or-resolved row per supplier stays the rule for
 * supplier reviews; bill reviews are one per invoice (a supplier has many invoices).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('reviews')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('supplier'))
    .execute();
  await db.schema.alterTable('reviews').addColumn('invoice_id', 'text').execute();
  await db.schema.alterTable('reviews').addColumn('invoice', 'text').execute();
  await db.schema.dropIndex('reviews_by_supplier').execute();
  // Partial indexes, written out: both stores take this form, and an index predicate cannot be a bound parameter.
  await sql`create unique index reviews_by_supplier on reviews (tenant_id, supplier_id) where kind = 'supplier'`.execute(db);
  await sql`create unique index reviews_by_invoice on reviews (tenant_id, invoice_id) where kind = 'bill'`.execute(db);
}
