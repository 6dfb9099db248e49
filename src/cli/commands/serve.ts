import type { Command } from 'commander';
import { parsePort, wholeNumber } from '../options.js';
import { action, withExample, type ProgramIo } from '../program.js';
import { untilSignal } from '../signals.js';
import { addWorkerOptions, startWorkers, type WorkerOptions } from '../workers.js';

interface ServeOptions extends WorkerOptions {
  host: string;
  port: string;
  publicUrl?: string;
  pollInterval: string;
  inboxBound: string;
  trustProxy?: boolean;
  reconcileDaily?: string;
  /** False with --no-workers. */
  workers: boolean;
}

export function registerServe(program: Command, io: ProgramIo): void {
  withExample(
    addWorkerOptions(
      program
        .command('serve')
        .description(
          'run the service: webhooks from both sides (verified, stored, then answered), the FreshBooks OAuth callback, workers that process deliveries, ' +
            'polling as the fallback, the admin API and health. SIGTERM stops taking requests, lets running jobs finish (or gives them back), and exits.',
        )
        .option('--host <host>', 'interface to listen on', '127.0.0.1')
        .option('--port <port>', 'port to listen on', '8080')
        .option('--public-url <url>', 'the URL this service is reached at from outside (default http://HOST:PORT)')
        .option('--poll-interval <seconds>', 'seconds between polls of every tenant (0: no polling)', '300')
        .option('--inbox-bound <n>', 'deliveries waiting per tenant before webhooks are answered 429 with Retry-After', '10000')
        .option('--trust-proxy', 'take client addresses from X-Forwarded-For (only behind a proxy that sets it)')
        .option(
          '--no-workers',
          'process no jobs here: only take webhooks in and serve the admin API; `ml-connector worker` processes the queue',
        )
        .option(
          '--reconcile-daily <HH:MM>',
          'each day at HH:MM UTC, reconcile every tenant connected on both sides (the month to date; on the 1st, the whole previous month) and store it as its last reconciliation',
        ),
    ).action(
      action<ServeOptions>(io, async (ctx, opts) => {
        // Listened for from the start: a SIGTERM that arrives while starting up still stops cleanly.
        const stopSignal = untilSignal();
        const { createServer } = await import('../../server/app.js');
        const { routes } = await import('../../server/routes/index.js');
        const { PollScheduler } = await import('../../worker/poll-scheduler.js');
        const { formatDailyTime, parseDailyTime } = await import('../../worker/reconcile-schedule.js');
        const reconcileAt = opts.reconcileDaily === undefined ? undefined : parseDailyTime(opts.reconcileDaily, '--reconcile-daily');
        const port = parsePort(opts.port, '--port');
        const pollSeconds = wholeNumber(opts.pollInterval, '--poll-interval', 0, 86_400);
        const store = await ctx.store();
        const vault = await ctx.vault();
        const logger = await ctx.logger();
        // --no-workers: deliveries are stored and queued for the `worker` processes; nothing runs here.
        const pool = opts.workers ? await startWorkers(ctx, opts) : undefined;
        const inboxBound = wholeNumber(opts.inboxBound, '--inbox-bound', 1, 10_000_000);
        const app = await createServer(
          {
            store,
            vault,
            logger,
            publicUrl: opts.publicUrl ?? `http://${opts.host}:${port}`,
            onEnqueued: () => {
              pool?.poke();
            },
            trustProxy: opts.trustProxy === true,
          },
          routes({ inboxBound }),
        );
        await app.listen({ host: opts.host, port });
        const address = app.server.address();
        const bound = typeof address === 'object' && address ? address.port : port;
        const publicUrl = opts.publicUrl ?? `http://${opts.host}:${bound}`;
        const scheduler = new PollScheduler(store, logger, pollSeconds * 1000, () => {
          pool?.poke();
        });
        scheduler.start();
        // Loaded only when asked for: it brings both providers' clients along.
        const daily = reconcileAt
          ? new (await import('../../worker/reconcile-daily.js')).DailyReconciler({ store, vault, logger, at: reconcileAt })
          : undefined;
        daily?.start();
        ctx.print(
          {
            listening: `http://${opts.host}:${bound}`,
            publicUrl,
            pollIntervalSeconds: pollSeconds,
            worker: pool?.workerId ?? null,
            workers: pool !== undefined,
            reconcileDaily: daily ? { at: `${formatDailyTime(daily.at)} UTC`, next: daily.nextRun?.toISOString() } : null,
          },
          `ml-connector listening on http://${opts.host}:${bound} (public URL ${publicUrl}); polling every ${pollSeconds} s${pollSeconds === 0 ? ' (off)' : ''}` +
            (daily ? `; reconciling daily at ${formatDailyTime(daily.at)} UTC` : '') +
            (pool ? '' : '; no workers: deliveries are queued for `ml-connector worker`') +
            '. Ctrl-C or SIGTERM stops it.',
        );
        const signal = await stopSignal;
        ctx.info(`${signal}: no new requests${pool ? '; finishing running jobs…' : '.'}`);
        scheduler.stop();
        // Disarmed before the server closes; a reconciliation in progress finishes its tenant while the rest shuts down.
        const reconciling = daily?.stop();
        await app.close();
        await pool?.stop();
        await reconciling;
        ctx.info('stopped.');
      }),
    ),
    'ml-connector serve --port 8080',
    'ml-connector serve --host 0.0.0.0 --port 8080 --public-url https://sync.example.com --poll-interval 60',
    'ml-connector serve --port 8080 --reconcile-daily 02:30',
    'ml-connector serve --port 8080 --no-workers --database-url postgres://…',
  );
}
