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
import { withWriteTransaction, type Store, type Tx } from '../store/db.js';
import { appendAudit, type NewAuditEvent } from '../store/queries/audit.js';
import { setDeliveryOutcome } from '../store/queries/deliveries.js';
import { claimJobs, completeJob, failJob, JOBS_CHANNEL, releaseJobs, renewJobLease, type Job } from '../store/queries/jobs.js';
import { isWrite, type WriteEvent } from '../sync/context.js';
import { failures, writes, type SyncReport } from '../sync/report.js';
import type { Vault } from '../vault/vault.js';
import { handleJob, PollFailuresError } from './handlers.js';
import { DEFAULT_RETRY_SCHEDULE_MS, retryDelay } from './retry-schedule.js';
import { syncDepsFor } from '../app/tenant-deps.js';
import { BadJobError, readJob, UnknownJobError } from '../app/job-kinds.js';

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

/** Why a running job's signal was aborted. */
class LeaseLostError extends Error {
  constructor(readonly jobId: number) {
    super(`the lease on job ${jobId} was lost (another worker has it)`);
  }
}

class ShutdownError extends Error {
  constructor() {
    super('the worker is shutting down');
  }
}

interface Running {
  run: Promise<void>;
  abort: AbortController;
}

export class WorkerPool {
  readonly workerId = `w-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly active = new Map<number, Running>();
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private unlisten: (() => Promise<void>) | undefined;
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
    // On PostgreSQL, work queued by another process (a replay from the CLI) wakes this pool at once.
    const { store, logger } = this.options;
    store
      .listen?.(JOBS_CHANNEL, () => {
        this.poke();
      })
      .then((unlisten) => {
        if (this.running) this.unlisten = unlisten;
        else void unlisten();
      })
      .catch((err: unknown) => {
        logger.warn({ err }, 'cannot listen for queued jobs; polling only');
      });
  }

  /** New work was queued: look now instead of at the next idle tick. */
  poke(): void {
    this.wake?.();
  }

  /**
   * Stops taking jobs and lets running ones finish for up to `drainMs`; then stops those still
   * running (their calls are aborted) and only once they have stopped gives them back to the
   * queue untouched, so two workers never run one job.
   */
  async stop(drainMs = 10_000): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.unlisten?.().catch(() => undefined);
    const settled = () => Promise.allSettled([...this.active.values()].map((a) => a.run));
    const timeout = new Promise<'timeout'>((r) => {
      setTimeout(() => {
        r('timeout');
      }, drainMs).unref();
    });
    if ((await Promise.race([settled(), timeout])) !== 'timeout') return;
    for (const a of this.active.values()) a.abort.abort(new ShutdownError());
    await settled();
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
        const abort = new AbortController();
        const run = this.process(job, abort)
          // Nothing a job does may take the worker down: what escapes is logged, the job left to its lease.
          .catch((err: unknown) => {
            this.options.logger.error({ err, job: job.id }, 'job left to its lease after an unexpected error');
          })
          .finally(() => {
            this.active.delete(job.id);
            this.wake?.();
          });
        this.active.set(job.id, { run, abort });
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

  /** Renews the lease while the job runs; a renewal refused (the lease was taken over) or impossible until it lapses aborts the job. */
  private keepLease(job: Job, abort: AbortController): () => void {
    const { store, logger } = this.options;
    let until = Date.now() + this.leaseMs;
    const renew = setInterval(() => {
      const next = Date.now() + this.leaseMs;
      renewJobLease(store.db, job.id, this.workerId, next)
        .then((held) => {
          if (held) until = next;
          else abort.abort(new LeaseLostError(job.id));
        })
        .catch((err: unknown) => {
          logger.warn({ err, job: job.id }, 'renewing a job lease failed');
          if (Date.now() >= until) abort.abort(new LeaseLostError(job.id));
        });
    }, this.leaseMs / 3);
    renew.unref();
    return () => {
      clearInterval(renew);
    };
  }

  private async process(job: Job, abort: AbortController): Promise<void> {
    const { store, vault, logger } = this.options;
    const calls: HttpCall[] = [];
    const written: WriteEvent[] = [];
    const audit = (kind: string, detail: Record<string, unknown>): NewAuditEvent => ({
      tenantId: job.tenantId,
      deliveryId: job.deliveryId,
      kind,
      detail,
    });
    const stopRenewing = this.keepLease(job, abort);
    try {
      try {
        await appendAudit(
          store.db,
          audit('processing.started', { job: job.id, kind: job.kind, attempt: job.attempts, worker: this.workerId }),
        );
      } catch (err) {
        // The database is unwell: the job is left to its lease and claimed again later.
        logger.error({ err, job: job.id }, 'a job could not start (the store failed); it is left to its lease');
        return;
      }
      let outcome: Awaited<ReturnType<typeof handleJob>>;
      try {
        const typed = readJob(job);
        const deps = await syncDepsFor(
          { store, vault, tenantId: job.tenantId },
          {
            recorder: (c) => calls.push(c),
            onWrite: (w) => {
              if (isWrite(w)) written.push(w);
            },
            signal: abort.signal,
          },
        );
        outcome = await handleJob(deps, typed, abort.signal);
      } catch (err) {
        await this.failed(job, err, abort.signal, trail(calls, written, audit), audit);
        return;
      }
      // The outcome and its trail land together, and only while the job is still this worker's.
      await this.settle(job, async (tx) => {
        if (!(await completeJob(tx, job.id, this.workerId))) return false;
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
        return true;
      });
    } finally {
      stopRenewing();
    }
  }

  /** A try that failed: given back on shutdown, dropped when the lease was lost, else retried on schedule or dead. */
  private async failed(
    job: Job,
    err: unknown,
    signal: AbortSignal,
    steps: NewAuditEvent[],
    audit: (kind: string, detail: Record<string, unknown>) => NewAuditEvent,
  ): Promise<void> {
    const { store, logger } = this.options;
    const reason: unknown = signal.aborted ? signal.reason : undefined;
    if (reason instanceof ShutdownError) {
      await releaseJobs(store.db, this.workerId, [job.id]).catch((e: unknown) => {
        logger.error({ err: e, job: job.id }, 'giving a job back failed; it returns when its lease runs out');
      });
      return;
    }
    if (reason instanceof LeaseLostError) {
      logger.warn({ job: job.id }, `${reason.message}; this worker stopped and leaves its outcome to the new owner`);
      return;
    }
    const message = redactText(explain(err, job.tenantId));
    const permanent = err instanceof BadJobError || err instanceof UnknownJobError;
    const wait = permanent ? undefined : retryDelay(this.schedule, job.attempts, job.maxAttempts);
    const retryAt = wait === undefined ? undefined : Date.now() + wait;
    const report = err instanceof PollFailuresError ? err.report : undefined;
    await this.settle(job, async (tx) => {
      if (!(await failJob(tx, job.id, this.workerId, message, retryAt))) return false;
      if (job.deliveryId)
        await setDeliveryOutcome(tx, job.deliveryId, {
          status: retryAt === undefined ? 'dead' : 'failed',
          attempts: job.attempts,
          error: message,
        });
      await appendAudit(tx, [
        ...steps,
        audit(retryAt === undefined ? 'processing.dead' : 'processing.failed', {
          job: job.id,
          attempt: job.attempts,
          error: message,
          ...(err instanceof AppError ? { code: err.code } : {}),
          ...(retryAt !== undefined ? { retryAt: new Date(retryAt).toISOString() } : {}),
          ...(report ? counts(report) : {}),
        }),
      ]);
      return true;
    });
    if (!(err instanceof AppError)) logger.error({ err, job: job.id }, 'job failed unexpectedly');
  }

  /**
   * Writes a job's outcome in one transaction when `write` finds the job still this worker's
   * (it returns false and nothing is written otherwise); a store failure is logged and the job
   * left to its lease.
   */
  private async settle(job: Job, write: (tx: Tx) => Promise<boolean>): Promise<void> {
    const { store, logger } = this.options;
    try {
      const held = await withWriteTransaction(store, write);
      if (!held)
        logger.warn({ job: job.id }, 'the job was taken over by another worker before it finished; its outcome is not recorded here');
    } catch (err) {
      logger.error({ err, job: job.id }, 'recording a job outcome failed (the store failed); the job is left to its lease');
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
