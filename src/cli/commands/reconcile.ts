import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.js';
import { oneOf, parseDate } from '../options.js';
import { FlowProgress } from '../progress.js';
import { action, withExample, type ProgramIo } from '../program.js';

const FORMATS = ['table', 'json', 'csv'] as const;

interface ReconcileCliOptions {
  tenant: string;
  from?: string;
  to?: string;
  format?: string;
  fix?: boolean;
}

export function registerReconcile(program: Command, io: ProgramIo): void {
  withExample(
    program
      .command('reconcile')
      .description(
        'compare both systems for a period, read live (the links only pair records): approved Coupa invoices against their FreshBooks bills ' +
          '(vendor, amount, currency, paid, outstanding), payments on each side against the other and their cost-centre split, open POs against ' +
          'their commitment bills, and bills in FreshBooks no Coupa document claims. Each difference says what to do: run --fix, replay a delivery, ' +
          'resolve a review item, or a step by hand. Totals per currency (never added together), per vendor and per cost centre. ' +
          'The period is by invoice date (and bill issue date); open POs issued up to --to are included. Writes nothing unless --fix.',
      )
      .requiredOption('--tenant <tenant>', 'the tenant')
      .option('--from <date>', 'first day of the period (YYYY-MM-DD; default: the first of this month, UTC)')
      .option('--to <date>', 'last day of the period (YYYY-MM-DD; default: today, UTC — or, with --from alone, the end of that month)')
      .option('--format <format>', `${FORMATS.join(' | ')} (table lists what differs; json and csv list every record)`, 'table')
      .option(
        '--fix',
        're-sync the records the connector can repair (then read both sides again and print what changed); never deletes a bill or payment a person made',
      )
      .action(
        action<ReconcileCliOptions>(io, async (ctx, opts) => {
          const { requireTenant } = await import('../../store/queries/tenants.js');
          const { currentMonth } = await import('../../app/reconcile.js');
          const format = oneOf('--format', FORMATS, opts.format) ?? 'table';
          const month = currentMonth();
          const from = opts.from === undefined ? month.from : parseDate(opts.from, '--from');
          const to = opts.to === undefined ? (opts.from === undefined ? month.to : lastDayOf(from)) : parseDate(opts.to, '--to');
          if (from > to) throw new UsageError(`--from ${from} is after --to ${to}.`, 'Give the first day of the period, then the last.');
          const store = await ctx.store();
          const tenant = await requireTenant(store.db, opts.tenant);
          const scope = await ctx.tenantScope(tenant.id);
          const progress = new FlowProgress(io.stderr, !ctx.json);
          const options = {
            from,
            to,
            onProgress: (stage: string, n: number) => {
              progress.update(stage, n);
            },
          };
          const view = await import('../reconcile-view.js');
          if (opts.fix) {
            const { fixReconciliation } = await import('../../app/reconcile-fix.js');
            let result;
            try {
              result = await fixReconciliation(scope, options);
            } finally {
              progress.finish();
            }
            const data = { fixed: result.fixed, written: result.outcome.items, failures: result.failures, report: result.after };
            if (format === 'csv' && !ctx.json) ctx.print(data, view.reconciliationCsv(result.after));
            else ctx.print(data, () => (format === 'json' ? JSON.stringify(data, null, 2) : view.fixTable(result)));
            return;
          }
          const { runReconciliation, saveReconciliation } = await import('../../app/reconcile.js');
          let report;
          try {
            report = await runReconciliation(scope, options);
          } finally {
            progress.finish();
          }
          await saveReconciliation(store.db, report);
          if (format === 'csv' && !ctx.json) ctx.print(report, view.reconciliationCsv(report));
          else ctx.print(report, () => (format === 'json' ? JSON.stringify(report, null, 2) : view.reconciliationTable(report)));
        }),
      ),
    'ml-connector reconcile --tenant acme --from 2026-11-01 --to 2026-11-30',
    'ml-connector reconcile --tenant acme --from 2026-11-01 --format csv > november.csv',
    'ml-connector reconcile --tenant acme --from 2026-11-01 --fix',
  );
}

/** The last day of the month a date is in: `--from 2026-11-01` alone means November. */
function lastDayOf(date: string): string {
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
