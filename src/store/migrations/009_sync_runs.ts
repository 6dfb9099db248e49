import type { Kysely } from 'kysely';
import { TIME, withSerialId } from './helpers.js';

/**
 * `sync_runs`: what a dry run planned, and what a pass started by a person did, record by
 * record (sync/outcome.ts, as JSON); `complete` is 0 for a pass stopped half-way (Ctrl-C, a
 * crash of the other side). The first sync's report — its passes up to the first that finished,
 * the one a controller signs off on day one — is kept for good; later ones are pruned to the latest few.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withSerialId(db, db.schema.createTable('sync_runs'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('complete', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', TIME, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sync_runs_tenant_kind').on('sync_runs').columns(['tenant_id', 'kind', 'id']).execute();
}
