/**
 * A bounded pool of workers over the job queue. Each job's run is audited step by step
 * (started, every API call, every write, the outcome) against its delivery; a failure is
 * retried on the schedule and finally dead-lettered; nothing is lost on the way.
 */
import { randomBytes } from 'node:crypto';
import { explain } from '../app/hints.js';
import { AppError } from '../lib/errors.js';
import { redactText } from '../lib/redact.js';
import type { Logger } from '../log.js';
import type { HttpCall } from '../providers/http.js';
import { withWriteTransaction, type Store } from '../store/db.js';
import { appendAudit, type NewAuditEvent } from '../store/queries/audit.js';
import { setDeliveryOutcome } from '../store/queries/deliveries.js';
import { claimJobs, completeJob, failJob, releaseJobs, renewJobLease, type Job } from '../store/queries/jobs.js';
import { isWrite, type WriteEvent } from '../sync/context.js';
import { failures, writes, type SyncReport } from '../sync/report.js';
import type { Vault } from '../vault/vault.js';
import { handleJob, PollFailuresError } from './handlers.js';
import { DEFAULT_RETRY_SCHEDULE_MS, retryDelay } from './retry-schedule.js';
import { syncDepsFor } from '../app/tenant-deps.js';

interface PoolOptions {
  store: Store;
  vault: Vault;
  logger: Logger;
  /** Jobs run at once in this process. */
  concurrency?: number;
  /** How long a claim lasts without renewal; a dead worker's jobs return after this. */
  leaseMs?: number;
  /** How often an idle pool looks for work (a poke wakes it at once). */
  idleMs?: number;
  retryScheduleMs?: readonly number[];
}

export class WorkerPool {
  readonly workerId = `w-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly active = new Map<number, Promise<void>>();
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly idleMs: number;
  private readonly schedule: readonly number[];

  constructor(private readonly options: PoolOptions) {
    this.concurrency = options.concurrency ?? 4;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.idleMs = options.idleMs ?? 250;
    this.schedule = options.retryScheduleMs ?? DEFAULT_RETRY_SCHEDULE_MS;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New work was queued: look now instead of at the next idle tick. */
  poke(): void {
    this.wake?.();
  }

  /**
   * Stops taking jobs, lets running ones finish for up to `drainMs`, then gives the rest back
   * to the queue untouched so another worker (or the next start) runs them.
   */
  async stop(drainMs = 10_000): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    const timeout = new Promise<'timeout'>((r) => {
      setTimeout(() => {
        r('timeout');
      }, drainMs).unref();
    });
    await Promise.race([Promise.allSettled([...this.active.values()]), timeout]);
    await releaseJobs(this.options.store.db, this.workerId, [...this.active.keys()]);
  }

  private async run(): Promise<void> {
    while (this.running) {
      const free = this.concurrency - this.active.size;
      let claimed: Job[] = [];
      if (free > 0) {
        try {
          claimed = await claimJobs(this.options.store, this.workerId, free, this.leaseMs);
        } catch (err) {
          this.options.logger.error({ err }, 'claiming jobs failed');
        }
      }
      for (const job of claimed) {
        const run = this.process(job).finally(() => {
          this.active.delete(job.id);
          this.wake?.();
        });
        this.active.set(job.id, run);
      }
      if (claimed.length === 0 || this.active.size >= this.concurrency) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.idleMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  private async process(job: Job): Promise<void> {
    const { store, vault, logger } = this.options;
    const calls: HttpCall[] = [];
    const written: WriteEvent[] = [];
    const audit = (kind: string, detail: Record<string, unknown>): NewAuditEvent => ({
      tenantId: job.tenantId,
      deliveryId: job.deliveryId,
      kind,
      detail,
    });
    const renew = setInterval(() => {
      renewJobLease(store.db, job.id, this.workerId, Date.now() + this.leaseMs).catch(() => undefined);
    }, this.leaseMs / 3);
    renew.unref();
    await appendAudit(store.db, audit('processing.started', { job: job.id, kind: job.kind, attempt: job.attempts, worker: this.workerId }));
    try {
      const deps = await syncDepsFor(
        { store, vault, tenantId: job.tenantId },
        {
          recorder: (c) => calls.push(c),
          onWrite: (w) => {
            if (isWrite(w)) written.push(w);
          },
        },
      );
      const outcome = await handleJob(deps, job);
      // The outcome and its trail land together: whoever sees "processed" sees why.
      await withWriteTransaction(store, async (tx) => {
        await completeJob(tx, job.id);
        if (job.deliveryId) await setDeliveryOutcome(tx, job.deliveryId, { status: 'processed', attempts: job.attempts });
        await appendAudit(tx, [
          ...trail(calls, written, audit),
          audit('processing.succeeded', {
            job: job.id,
            attempt: job.attempts,
            result: outcome.result,
            detail: outcome.detail,
            ...counts(outcome.report),
          }),
        ]);
      });
    } catch (err) {
      const message = redactText(explain(err, job.tenantId));
      const wait = retryDelay(this.schedule, job.attempts, job.maxAttempts);
      const retryAt = wait === undefined ? undefined : Date.now() + wait;
      const report = err instanceof PollFailuresError ? err.report : undefined;
      await withWriteTransaction(store, async (tx) => {
        await failJob(tx, job.id, message, retryAt);
        if (job.deliveryId)
          await setDeliveryOutcome(tx, job.deliveryId, {
            status: retryAt === undefined ? 'dead' : 'failed',
            attempts: job.attempts,
            error: message,
          });
        await appendAudit(tx, [
          ...trail(calls, written, audit),
          audit(retryAt === undefined ? 'processing.dead' : 'processing.failed', {
            job: job.id,
            attempt: job.attempts,
            error: message,
            ...(err instanceof AppError ? { code: err.code } : {}),
            ...(retryAt !== undefined ? { retryAt: new Date(retryAt).toISOString() } : {}),
            ...(report ? counts(report) : {}),
          }),
        ]);
      });
      if (!(err instanceof AppError)) logger.error({ err, job: job.id }, 'job failed unexpectedly');
    } finally {
      clearInterval(renew);
    }
  }
}

function trail(
  calls: HttpCall[],
  written: WriteEvent[],
  audit: (kind: string, detail: Record<string, unknown>) => NewAuditEvent,
): NewAuditEvent[] {
  return [
    ...calls.map((c) =>
      audit('api.call', {
        provider: c.provider,
        method: c.method,
        path: c.path,
        status: c.status ?? null,
        error: c.error ?? null,
        durationMs: c.durationMs,
        attempt: c.attempt,
      }),
    ),
    ...written.map((w) => audit('write', { ...w })),
  ];
}

function counts(report: SyncReport): Record<string, number> {
  return { writes: writes(report), failures: failures(report) };
}
