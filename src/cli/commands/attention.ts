import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.js';
import type { AttentionRow } from '../../store/queries/attention.js';
import type { AttentionRecordKind } from '../../core/attention.js';
import { action, EXIT_FAILURE, withExample, type ProgramIo } from '../program.js';

const KINDS: readonly AttentionRecordKind[] = ['supplier', 'purchase-order', 'invoice', 'bill', 'bill-payment', 'coupa-payment'];

function item(a: AttentionRow): string {
  const since = new Date(a.firstSeenAt).toISOString().slice(0, 10);
  return `${a.id}  ${a.label}  [${a.code}, since ${since}]\n    ${a.message}\n    → ${a.action.replaceAll('ID', a.id)}`;
}

export function registerAttention(program: Command, io: ProgramIo): void {
  const attention = program
    .command('attention')
    .description(
      'records the connector left for a person — a credit note, a paid bill of a voided invoice, a record that keeps failing — each with what to do',
    );
  withExample(attention, 'ml-connector attention list --tenant acme', 'ml-connector attention resolve att_01… --retry');

  withExample(
    attention
      .command('list')
      .description('list the records that need a person, with what is wrong and what to do')
      .requiredOption('--tenant <tenant>', 'the tenant')
      .option('--all', 'include resolved items and failing records still being retried')
      .action(
        action<{ tenant: string; all?: boolean }>(io, async (ctx, opts) => {
          const { listAttention } = await import('../../store/queries/attention.js');
          const { requireTenant } = await import('../../store/queries/tenants.js');
          const store = await ctx.store();
          await requireTenant(store.db, opts.tenant);
          const items = await listAttention(store.db, opts.tenant, opts.all ? 'all' : 'open');
          ctx.print({ items }, () => {
            if (items.length === 0) return opts.all ? 'Nothing was ever left for a person.' : 'Nothing needs a person.';
            return [
              ...items.map((a) =>
                a.status === 'open'
                  ? item(a)
                  : `${item(a)}\n    (${a.status}${a.status === 'retrying' ? `, ${a.attempts} failure(s) so far` : ''})`,
              ),
              '',
              'Once done, `ml-connector attention resolve ID` (add --retry to sync the record again now).',
            ].join('\n');
          });
        }),
      ),
    'ml-connector attention list --tenant acme',
  );

  withExample(
    attention
      .command('resolve <id>')
      .description(
        'mark an item as dealt with; --retry syncs its record again at once (a record that still needs a person is listed again, with its reason)',
      )
      .option('--retry', 'sync the record again now')
      .option('--recreate-bill', 'with --retry, for a bill deleted in FreshBooks: write a new one')
      .action(
        action<{ retry?: boolean; recreateBill?: boolean }>(io, async (ctx, opts, command) => {
          const { getAttention, listAttention, resolveAttention } = await import('../../store/queries/attention.js');
          const { retryRecord } = await import('../../sync/retry.js');
          const { failures, writes } = await import('../../sync/report.js');
          const { syncDepsFor } = await import('../../app/tenant-deps.js');
          const [id] = command.args;
          if (id === undefined)
            throw new UsageError('Name the item to resolve.', 'See them with `ml-connector attention list --tenant T`.');
          if (opts.recreateBill && !opts.retry) throw new UsageError('--recreate-bill goes with --retry.');
          const store = await ctx.store();
          const found = await getAttention(store.db, id);
          if (!found) throw new UsageError(`No attention item '${id}'.`, 'See them with `ml-connector attention list --tenant T`.');
          await resolveAttention(store.db, id);
          if (!opts.retry) {
            ctx.print({ id, resolved: true }, `Resolved ${id} (${found.label}).`);
            return;
          }
          const kind = KINDS.find((k) => k === found.recordKind);
          if (!kind) throw new UsageError(`Item ${id} is about a ${found.recordKind}, which this version cannot retry.`);
          const deps = await syncDepsFor(await ctx.tenantScope(found.tenantId));
          const report = await retryRecord(deps, { kind, id: found.recordId }, { recreateDeletedBill: opts.recreateBill === true });
          const again = (await listAttention(store.db, found.tenantId, 'open')).filter(
            (a) => a.recordKind === found.recordKind && a.recordId === found.recordId,
          );
          const result = { id, resolved: again.length === 0, writes: writes(report), failures: failures(report), stillOpen: again };
          ctx.print(result, () =>
            again.length === 0
              ? `Resolved ${id}: ${found.label} synced (${writes(report)} write(s)).`
              : [`${found.label} still needs a person:`, ...again.map(item)].join('\n'),
          );
          if (again.length > 0 || failures(report) > 0) return EXIT_FAILURE;
        }),
      ),
    'ml-connector attention resolve att_01… --retry',
    'ml-connector attention resolve att_01… --retry --recreate-bill',
  );
}
