/**
 * `serve --reconcile-daily HH:MM`: once a day, at that time (UTC), a reconciliation of every
 * tenant connected on both sides, stored as its last one (the admin API and the dashboard read
 * it) and summed up in one log line. On the 1st it covers the whole previous month: the
 * month-end close. One tenant failing is logged and the others still run; nothing here throws
 * into the process.
 */
import { runReconciliation, saveReconciliation, type ReconciliationReport } from '../app/reconcile.js';
import type { TenantScope } from '../app/tenant-scope.js';
import type { IsoDate } from '../core/records.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/db.js';
import { listCredentials } from '../store/queries/credentials.js';
import { listTenants } from '../store/queries/tenants.js';
import type { Vault } from '../vault/vault.js';
import { formatDailyTime, nextRunAt, periodFor, type DailyTime } from './reconcile-schedule.js';

type Period = { from: IsoDate; to: IsoDate };

/** What one scheduled run did for one tenant. */
export type TenantReconciliation =
  | { tenant: string; outcome: 'saved'; period: Period; agreed: boolean; byStatus: Record<string, number> }
  | { tenant: string; outcome: 'skipped'; reason: string }
  | { tenant: string; outcome: 'failed'; error: string };

export interface DailyReconcilerDeps {
  store: Store;
  vault: Vault;
  logger: Logger;
  /** The time of day (UTC) of each run. */
  at: DailyTime;
  /** The clock (tests move it); default Date.now. */
  now?: () => number;
  /** The reconciliation itself; default the live one (tests may make it fail for one tenant). */
  reconcile?: (scope: TenantScope, period: Period) => Promise<ReconciliationReport>;
}

export class DailyReconciler {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<unknown> | undefined;
  /** The instant the pending timer aims at: the next one is computed from there, so a timer that fires early cannot run twice. */
  private target = 0;
  private readonly now: () => number;
  private readonly reconcile: (scope: TenantScope, period: Period) => Promise<ReconciliationReport>;

  constructor(private readonly deps: DailyReconcilerDeps) {
    this.now = deps.now ?? Date.now;
    this.reconcile = deps.reconcile ?? ((scope, period) => runReconciliation(scope, period));
  }

  /** Arms the timer for the next HH:MM; it is unref'd, so it never keeps the process alive on its own. */
  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** The time of day (UTC) of each run. */
  get at(): DailyTime {
    return this.deps.at;
  }

  /** The next run, as an instant (undefined when stopped). */
  get nextRun(): Date | undefined {
    return this.timer && !this.stopped ? new Date(this.target) : undefined;
  }

  /** Disarms the timer and lets a run in progress finish its current tenant (the rest are left for tomorrow). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const next = nextRunAt(new Date(Math.max(this.now(), this.target)), this.deps.at);
    this.target = next.getTime();
    this.timer = setTimeout(
      () => {
        this.running = this.runOnce(next).finally(() => {
          this.running = undefined;
          this.schedule();
        });
      },
      Math.max(0, this.target - this.now()),
    );
    this.timer.unref();
  }

  /** One run over every tenant, for the period `at` calls for. Never rejects. */
  async runOnce(at = new Date(this.now())): Promise<TenantReconciliation[]> {
    const period = periodFor(at);
    const { logger } = this.deps;
    let tenants: string[];
    try {
      tenants = (await listTenants(this.deps.store.db)).map((t) => t.id);
    } catch (err) {
      logger.error({ err }, 'daily reconciliation: could not list the tenants; the next run is tomorrow');
      return [];
    }
    logger.info({ period, tenants: tenants.length, at: formatDailyTime(this.deps.at) }, 'daily reconciliation started');
    const done: TenantReconciliation[] = [];
    for (const tenant of tenants) {
      if (this.stopped) break;
      done.push(await this.runTenant(tenant, period));
    }
    return done;
  }

  private async runTenant(tenant: string, period: Period): Promise<TenantReconciliation> {
    const { store, vault, logger } = this.deps;
    try {
      const sides = new Set((await listCredentials(store.db, tenant)).map((c) => c.provider));
      // A connection that needs re-authorising is still tried: its error in the log is how a skipped month-end gets noticed.
      if (!sides.has('coupa') || !sides.has('freshbooks')) {
        logger.debug({ tenant }, 'daily reconciliation: tenant not connected on both sides; skipped');
        return { tenant, outcome: 'skipped', reason: 'not connected on both sides' };
      }
      const report = await this.reconcile({ store, vault, tenantId: tenant }, period);
      await saveReconciliation(store.db, report);
      const byStatus = Object.fromEntries(report.totals.byStatus.filter((s) => s.count > 0).map((s) => [s.status, s.count]));
      const counts = Object.entries(byStatus).map(([status, count]) => `${count} ${status}`);
      const line = `reconciliation of '${tenant}' ${period.from}..${period.to}: ${report.agreed ? 'agreed' : 'differences'} (${counts.join(', ') || 'no records'})`;
      // Differences are worth a look at the default log level; agreement is routine.
      if (report.agreed) logger.info({ tenant, period, byStatus }, line);
      else logger.warn({ tenant, period, byStatus }, line);
      return { tenant, outcome: 'saved', period, agreed: report.agreed, byStatus };
    } catch (err) {
      logger.error({ err, tenant, period }, `daily reconciliation of '${tenant}' failed; the other tenants still run`);
      return { tenant, outcome: 'failed', error: err instanceof Error ? err.message : String(err) };
    }
  }
}
