/** The worker options `serve` and `worker` share, and starting a pool from them. */
import type { Command } from 'commander';
import type { WorkerPool } from '../worker/pool.js';
import type { CliContext } from './context.js';
import { wholeNumber } from './options.js';

export interface WorkerOptions {
  concurrency: string;
  retrySchedule?: string;
  leaseSeconds: string;
}

export function addWorkerOptions(command: Command): Command {
  return command
    .option('--concurrency <n>', 'jobs processed at once by this process', '4')
    .option('--retry-schedule <waits>', 'waits between tries of a failed job, e.g. "5s,30s,2m,10m,30m,1h,3h" (then it is dead)')
    .option('--lease-seconds <n>', 'how long a claimed job stays claimed without renewal (a dead worker’s jobs return after this)', '60');
}

export async function startWorkers(ctx: CliContext, opts: WorkerOptions): Promise<WorkerPool> {
  const { WorkerPool } = await import('../worker/pool.js');
  const { parseRetrySchedule } = await import('../worker/retry-schedule.js');
  const pool = new WorkerPool({
    store: await ctx.store(),
    vault: await ctx.vault(),
    logger: await ctx.logger(),
    concurrency: wholeNumber(opts.concurrency, '--concurrency', 1, 64),
    leaseMs: wholeNumber(opts.leaseSeconds, '--lease-seconds', 1, 3600) * 1000,
    ...(opts.retrySchedule ? { retryScheduleMs: parseRetrySchedule(opts.retrySchedule) } : {}),
  });
  pool.start();
  return pool;
}
