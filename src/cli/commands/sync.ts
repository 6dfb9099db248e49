import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.js';
import type { SyncFlowName } from '../../sync/engine.js';
import { FlowProgress } from '../progress.js';
import { action, EXIT_FAILURE, withExample, type ProgramIo } from '../program.js';
import { renderSummary } from '../summary.js';

/** What a shell reports for a command stopped by Ctrl-C (128 + SIGINT). */
const EXIT_INTERRUPTED = 130;

/** The engine's flows; the type keeps this list in step with it without loading the engine to start the CLI. */
const SYNC_FLOWS = ['suppliers', 'purchase-orders', 'invoices', 'payments'] as const satisfies readonly SyncFlowName[];

interface SyncCliOptions {
  tenant: string;
  only?: string;
  full?: boolean;
}

export function registerSync(program: Command, io: ProgramIo): void {
  withExample(
    program
      .command('sync')
      .description(
        'run the flows once: suppliers → bill vendors, purchase orders → bills, invoices → bills, payments both ways. ' +
          'Reads what changed since the last sync (--full reads everything); writes nothing twice; a record that fails is reported and retried next time. ' +
          'Ctrl-C stops after the record under way (exit 130); the same command then continues where it stopped.',
      )
      .requiredOption('--tenant <tenant>', 'the tenant to sync')
      .option('--only <flow>', `one flow only: ${SYNC_FLOWS.join(' | ')}`)
      .option('--full', 'ignore the cursors and read every record again')
      .action(
        action<SyncCliOptions>(io, async (ctx, opts) => {
          const { runTenantSync } = await import('../../app/tenant-sync.js');
          const { listReviews } = await import('../../store/queries/reviews.js');
          const { requireTenant } = await import('../../store/queries/tenants.js');
          const { failures, writes } = await import('../../sync/report.js');
          const { SyncInterruptedError } = await import('../../sync/checkpoint.js');
          const only = opts.only === undefined ? undefined : SYNC_FLOWS.find((s) => s === opts.only);
          if (opts.only !== undefined && only === undefined) {
            throw new UsageError(`--only must be one of ${SYNC_FLOWS.join(', ')}; got '${opts.only}'.`);
          }
          const store = await ctx.store();
          const tenant = await requireTenant(store.db, opts.tenant);
          const scope = await ctx.tenantScope(tenant.id);
          const progress = new FlowProgress(io.stderr, !ctx.json);
          // Ctrl-C (or a supervisor's SIGTERM) stops after the record under way; its place is saved.
          const stop = new AbortController();
          const onSignal = () => {
            stop.abort();
          };
          process.once('SIGINT', onSignal);
          process.once('SIGTERM', onSignal);
          let report;
          try {
            report = await runTenantSync(scope, {
              ...(only ? { only } : {}),
              full: opts.full === true,
              source: 'cli-sync',
              signal: stop.signal,
              onProgress: (flow, n, estimate) => {
                progress.update(flow, n, estimate?.fraction);
              },
            });
          } catch (err) {
            if (!(err instanceof SyncInterruptedError)) throw err;
            progress.finish();
            io.stderr.write(`${err.message}\n`);
            return EXIT_INTERRUPTED;
          } finally {
            progress.finish();
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
          }
          const reviewsWaiting = (await listReviews(store.db, tenant.id)).length;
          ctx.print(
            {
              tenant: tenant.id,
              only: opts.only ?? null,
              full: opts.full === true,
              writes: writes(report),
              failures: failures(report),
              reviewsWaiting,
              flows: report,
            },
            () => renderSummary(report, tenant.id, reviewsWaiting),
          );
          if (failures(report) > 0) {
            io.stderr.write(`error: ${failures(report)} record(s) failed; they are listed above and will be retried on the next sync.\n`);
            return EXIT_FAILURE;
          }
        }),
      ),
    'ml-connector sync --tenant acme',
    'ml-connector sync --tenant acme --only suppliers --json',
  );
}
