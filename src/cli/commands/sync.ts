import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.js';
import type { SyncFlowName } from '../../sync/engine.js';
import type { ProgressEstimate } from '../../sync/estimate.js';
import type { Outcome } from '../../sync/outcome.js';
import type { CliContext } from '../context.js';
import { outcomeCsv, outcomeTable, type OutcomeMode } from '../outcome-view.js';
import { oneOf } from '../options.js';
import { FlowProgress } from '../progress.js';
import { action, EXIT_FAILURE, withExample, type ProgramIo } from '../program.js';
import { renderSummary } from '../summary.js';

/** What a shell reports for a command stopped by Ctrl-C (128 + SIGINT). */
const EXIT_INTERRUPTED = 130;

/** The engine's flows; the type keeps this list in step with it without loading the engine to start the CLI. */
const SYNC_FLOWS = ['suppliers', 'purchase-orders', 'invoices', 'payments'] as const satisfies readonly SyncFlowName[];
const FORMATS = ['table', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

interface SyncCliOptions {
  tenant: string;
  only?: string;
  full?: boolean;
  dryRun?: boolean;
  format?: string;
  report?: string;
}

/** A plan or a report in the chosen format; `extra` is what --json adds beside it. */
function printOutcome(ctx: CliContext, format: Format, mode: OutcomeMode, outcome: Outcome, heading: string, extra: object): void {
  const data = { ...extra, records: outcome.items, totals: outcome.totals };
  if (format === 'csv' && !ctx.json) ctx.print(data, outcomeCsv(outcome, mode));
  else ctx.print(data, () => (format === 'json' ? JSON.stringify(data, null, 2) : outcomeTable(outcome, mode, heading)));
}

export function registerSync(program: Command, io: ProgramIo): void {
  withExample(
    program
      .command('sync')
      .description(
        'run the flows once: suppliers → bill vendors, purchase orders → bills, invoices → bills, payments both ways. ' +
          'Reads what changed since the last sync (--full reads everything); writes nothing twice; a record that fails is reported and retried next time. ' +
          'Start with --dry-run: it reads both sides and prints what a sync would create, update, adopt or hold for a person, and writes nothing anywhere. ' +
          'Ctrl-C stops after the record under way (exit 130); the same command then continues where it stopped.',
      )
      .requiredOption('--tenant <tenant>', 'the tenant to sync')
      .option('--only <flow>', `one flow only: ${SYNC_FLOWS.join(' | ')}`)
      .option('--full', 'ignore the cursors and read every record again')
      .option('--dry-run', 'print the plan (each record it would write, adopt, hold or skip, with totals per currency) and write nothing')
      .option('--format <format>', `how the plan or report is printed: ${FORMATS.join(' | ')} (csv: every record, for a spreadsheet)`)
      .option(
        '--report <which>',
        `print a stored report instead of syncing: first (the first sync's, to sign off) | last | plan (the last dry run)`,
      )
      .action(
        action<SyncCliOptions>(io, async (ctx, opts) => {
          const { requireTenant } = await import('../../store/queries/tenants.js');
          const only = oneOf('--only', SYNC_FLOWS, opts.only);
          const format = oneOf('--format', FORMATS, opts.format);
          const which = oneOf('--report', ['first', 'last', 'plan'] as const, opts.report);
          if (which && (opts.dryRun || only || opts.full))
            throw new UsageError('--report prints a stored report; it takes no --dry-run, --only or --full.');
          const store = await ctx.store();
          const tenant = await requireTenant(store.db, opts.tenant);

          if (which) {
            const { requireStoredReport } = await import('../../app/sync-reports.js');
            const stored = await requireStoredReport(store.db, tenant.id, which);
            const when = new Date(stored.at).toISOString();
            const heading =
              which === 'plan'
                ? `Plan for tenant '${tenant.id}', made ${when}:`
                : `${which === 'first' ? 'First sync' : 'Sync'} of tenant '${tenant.id}', ${stored.complete ? 'finished' : 'STOPPED before it finished (run `sync` again to continue)'} ${when}${stored.passes > 1 ? ` (${stored.passes} passes)` : ''}:`;
            printOutcome(ctx, format ?? 'table', which === 'plan' ? 'plan' : 'report', stored.outcome, heading, {
              tenant: tenant.id,
              report: which,
              at: when,
              complete: stored.complete,
              passes: stored.passes,
            });
            return;
          }

          const scope = await ctx.tenantScope(tenant.id);
          const progress = new FlowProgress(io.stderr, !ctx.json);
          const flowOptions = { ...(only ? { only } : {}), full: opts.full === true };
          const onProgress = (flow: string, n: number, estimate?: ProgressEstimate) => {
            progress.update(flow, n, estimate?.fraction);
          };
          const { failures, writes } = await import('../../sync/report.js');

          if (opts.dryRun) {
            const { planTenantSync } = await import('../../app/dry-run.js');
            let plan;
            try {
              plan = await planTenantSync(scope, { ...flowOptions, onProgress });
            } finally {
              progress.finish();
            }
            printOutcome(
              ctx,
              format ?? 'table',
              'plan',
              plan.outcome,
              `Plan for tenant '${tenant.id}' — nothing has been written to Coupa, FreshBooks or the connector's links:`,
              {
                tenant: tenant.id,
                dryRun: true,
                only: opts.only ?? null,
                full: opts.full === true,
                failures: failures(plan.report),
                flows: plan.report,
              },
            );
            if (!ctx.json && format !== 'csv' && format !== 'json') {
              ctx.info(`Run \`ml-connector sync --tenant ${tenant.id}\` to do it; \`--format csv\` lists every record for a spreadsheet.`);
            }
            if (failures(plan.report) === 0) return undefined;
            for (const [flow, f] of Object.entries(plan.report)) {
              for (const failure of f.failed) io.stderr.write(`${flow}: ${failure.record} could not be planned: ${failure.reason}\n`);
            }
            io.stderr.write(`error: ${failures(plan.report)} record(s) could not be planned; a sync would fail on them the same way.\n`);
            return EXIT_FAILURE;
          }

          const { runTenantSync } = await import('../../app/tenant-sync.js');
          const { listReviews } = await import('../../store/queries/reviews.js');
          const { SyncInterruptedError } = await import('../../sync/checkpoint.js');
          // Ctrl-C (or a supervisor's SIGTERM) stops after the record under way; its place is saved.
          const stop = new AbortController();
          const onSignal = () => {
            stop.abort();
          };
          process.once('SIGINT', onSignal);
          process.once('SIGTERM', onSignal);
          let result;
          try {
            result = await runTenantSync(scope, { ...flowOptions, source: 'cli-sync', signal: stop.signal, onProgress });
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
          const { report, outcome } = result;
          const reviewsWaiting = (await listReviews(store.db, tenant.id)).length;
          const summary = {
            tenant: tenant.id,
            only: opts.only ?? null,
            full: opts.full === true,
            writes: writes(report),
            failures: failures(report),
            reviewsWaiting,
            flows: report,
          };
          if (format === undefined)
            ctx.print({ ...summary, records: outcome.items }, () => renderSummary(report, tenant.id, reviewsWaiting));
          else printOutcome(ctx, format, 'report', outcome, `Sync of tenant '${tenant.id}':`, summary);
          if (failures(report) > 0) {
            io.stderr.write(`error: ${failures(report)} record(s) failed; they are listed above and will be retried on the next sync.\n`);
            return EXIT_FAILURE;
          }
        }),
      ),
    'ml-connector sync --tenant acme --dry-run',
    'ml-connector sync --tenant acme --dry-run --format csv > plan.csv',
    'ml-connector sync --tenant acme',
    'ml-connector sync --tenant acme --report first --format csv > first-sync.csv',
    'ml-connector sync --tenant acme --only suppliers --json',
  );
}
