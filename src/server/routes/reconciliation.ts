/**
 * Reconciliation in the admin API, mounted inside its authorised /api scope:
 *   GET /api/tenants/{t}/reconciliation?from=YYYY-MM-DD&to=YYYY-MM-DD
 *     reads both systems live, stores the result as the tenant's last one and returns it;
 *   GET /api/tenants/{t}/reconciliation/last
 *     the stored one (from this route, the CLI or the daily run), without reading either system.
 */
import type { FastifyInstance } from 'fastify';
import { currentMonth, lastReconciliation, runReconciliation, saveReconciliation } from '../../app/reconcile.js';
import { isIsoDate, type IsoDate } from '../../core/records.js';
import { UsageError } from '../../lib/errors.js';
import { requireTenant } from '../../store/queries/tenants.js';
import type { ServerDeps } from '../app.js';
import { text, type Query } from './query.js';

function date(query: Query, name: 'from' | 'to', fallback: IsoDate): IsoDate {
  const value = text(query, name);
  if (value === undefined) return fallback;
  if (!isIsoDate(value)) throw new UsageError(`${name} must be a calendar date YYYY-MM-DD, e.g. 2026-05-31; got '${value}'.`);
  return value;
}

/** The period asked for; each end left out defaults to the current month to date (UTC). */
export function periodOf(query: Query, now = new Date()): { from: IsoDate; to: IsoDate } {
  const month = currentMonth(now);
  const from = date(query, 'from', month.from);
  const to = date(query, 'to', month.to);
  if (from > to)
    throw new UsageError(
      `from (${from}) is after to (${to}).`,
      'Send from and to with from on or before to; left out, they are the first of this month and today (UTC).',
    );
  return { from, to };
}

export function reconciliationRoutes(api: FastifyInstance, deps: ServerDeps): void {
  const { store, vault } = deps;

  api.get<{ Params: { tenant: string }; Querystring: Query }>('/tenants/:tenant/reconciliation', async (request) => {
    const { tenant } = request.params;
    await requireTenant(store.db, tenant);
    const period = periodOf(request.query);
    const report = await runReconciliation({ store, vault, tenantId: tenant }, period);
    await saveReconciliation(store.db, report);
    return report;
  });

  api.get<{ Params: { tenant: string } }>('/tenants/:tenant/reconciliation/last', async (request) => {
    const { tenant } = request.params;
    await requireTenant(store.db, tenant);
    return lastReconciliation(store.db, tenant);
  });
}
