import type { Command } from 'commander';
import { action, withExample, type ProgramIo } from '../program.js';
import { untilSignal } from '../signals.js';
import { addWorkerOptions, startWorkers, type WorkerOptions } from '../workers.js';

export function registerWorker(program: Command, io: ProgramIo): void {
  withExample(
    addWorkerOptions(
      program
        .command('worker')
        .description(
          'process queued jobs only, without the HTTP service: run as many as you like beside `serve` (PostgreSQL recommended) to scale out',
        ),
    ).action(
      action<WorkerOptions>(io, async (ctx, opts) => {
        const pool = await startWorkers(ctx, opts);
        ctx.print({ worker: pool.workerId }, `worker ${pool.workerId} running. Ctrl-C or SIGTERM stops it.`);
        const signal = await untilSignal();
        ctx.info(`${signal}: finishing running jobs…`);
        await pool.stop();
        ctx.info('stopped.');
      }),
    ),
    'ml-connector worker --concurrency 8 --database-url postgres://…',
  );
}
