import type { Kysely } from 'kysely';
import { TIME } from './helpers.js';

/**
 * `rate_budgets`: one row per request budget that several processes share (a Coupa instance,
 * a tenant's FreshBooks connection), holding the budget's theoretical arrival time (GCRA):
 * the epoch millisecond at which the budget would be fully spent. Each request moves it one
 * interval on (store/queries/rate-budgets.ts). No tenant key: a Coupa instance's budget is
 * the instance's, whichever tenants use it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_budgets')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('tat', TIME, (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_budgets_pk', ['provider', 'subject'])
    .execute();
}
