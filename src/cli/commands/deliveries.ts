import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.js';
import type { DeliverySummary } from '../../store/queries/deliveries.js';
import type { DeliveryStatus } from '../../store/schema.js';
import { argument, positiveWholeNumber } from '../options.js';
import { action, withExample, type ProgramIo } from '../program.js';
import { renderTimeline } from '../timeline.js';

/** The store's delivery states; the type keeps this list in step without loading the store to start the CLI. */
const DELIVERY_STATUSES = ['received', 'processed', 'failed', 'dead'] as const satisfies readonly DeliveryStatus[];

const SPANS = new Map([
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
]);

function row(d: DeliverySummary): string {
  const at = new Date(d.receivedAt).toISOString().replace('T', ' ').slice(0, 19);
  return `${d.id}  ${at}  ${d.source.padEnd(10)} ${d.event.padEnd(24)} ${(d.objectType + ' ' + d.objectId).padEnd(22)} ${d.status.padEnd(9)} ${d.attempts} tr${d.lastError ? `  ${d.lastError.slice(0, 80)}` : ''}`;
}

/** "2026-11-01", "2026-11-01T10:00:00Z" or a span back from now: "2h", "3d". */
function parseSince(text: string, now = Date.now()): number {
  const [, count, unit = ''] = /^(\d+)(m|h|d)$/.exec(text) ?? [];
  const span = SPANS.get(unit);
  if (count !== undefined && span !== undefined) return now - Number(count) * span;
  const t = Date.parse(text);
  if (Number.isNaN(t))
    throw new UsageError(`--since must be a date (2026-11-01), an instant (2026-11-01T10:00:00Z) or a span (30m, 2h, 7d); got '${text}'.`);
  return t;
}

export function registerDeliveries(program: Command, io: ProgramIo): void {
  const deliveries = program
    .command('deliveries')
    .description('webhook deliveries as received: list them, show one with its audit trail, replay one or all failed');
  withExample(
    deliveries,
    'ml-connector deliveries list --tenant acme --status failed',
    'ml-connector deliveries replay --tenant acme --failed --since 1d',
  );

  withExample(
    deliveries
      .command('list')
      .description('list a tenant’s deliveries, newest first')
      .requiredOption('--tenant <tenant>', 'the tenant')
      .option('--status <status>', `only this status: ${DELIVERY_STATUSES.join(' | ')}`)
      .option('--limit <n>', 'at most this many', '50')
      .action(
        action<{ tenant: string; status?: string; limit: string }>(io, async (ctx, opts) => {
          const { deliveryStatus, listDeliveries, summarise } = await import('../../store/queries/deliveries.js');
          const { requireTenant } = await import('../../store/queries/tenants.js');
          const status = opts.status === undefined ? undefined : deliveryStatus(opts.status);
          if (opts.status !== undefined && status === undefined) {
            throw new UsageError(`--status must be one of ${DELIVERY_STATUSES.join(', ')}; got '${opts.status}'.`);
          }
          const limit = positiveWholeNumber(opts.limit, '--limit');
          const store = await ctx.store();
          await requireTenant(store.db, opts.tenant);
          const list = await listDeliveries(store.db, {
            tenantId: opts.tenant,
            ...(status ? { status } : {}),
            limit,
          });
          const summaries = list.map(summarise);
          ctx.print({ deliveries: summaries }, () => (summaries.length === 0 ? 'No deliveries.' : summaries.map(row).join('\n')));
        }),
      ),
    'ml-connector deliveries list --tenant acme --status dead',
  );

  withExample(
    deliveries
      .command('show <id>')
      .description('one delivery: what arrived (secrets redacted) and its audit timeline')
      .action(
        action(io, async (ctx, _opts, command) => {
          const { listAudit } = await import('../../store/queries/audit.js');
          const { getDelivery } = await import('../../store/queries/deliveries.js');
          const { UnknownDeliveryError } = await import('../../app/replay.js');
          const id = argument(command, 0, 'the delivery id');
          const store = await ctx.store();
          const delivery = await getDelivery(store.db, id);
          if (!delivery) throw new UnknownDeliveryError(id);
          const audit = await listAudit(store.db, { deliveryId: id });
          ctx.print({ delivery, audit }, () =>
            [row(delivery), `headers: ${JSON.stringify(delivery.headers)}`, `body: ${delivery.body}`, '', renderTimeline(audit)].join('\n'),
          );
        }),
      ),
    'ml-connector deliveries show dlv_01j9…',
  );

  withExample(
    deliveries
      .command('replay [id]')
      .description('process a delivery again (safe: nothing is written twice), or with --tenant T --failed every failed or dead one')
      .option('--tenant <tenant>', 'with --failed: the tenant')
      .option('--failed', 'replay every failed or dead delivery of the tenant')
      .option('--since <when>', 'with --failed: only those received since then (2026-11-01, or 2h, 7d)')
      .action(
        action<{ tenant?: string; failed?: boolean; since?: string }>(io, async (ctx, opts, command) => {
          const { requireTenant } = await import('../../store/queries/tenants.js');
          const { describeReplay, replayDelivery, replayFailed } = await import('../../app/replay.js');
          const id = command.args[0];
          const store = await ctx.store();
          if (id !== undefined) {
            if (opts.failed || opts.tenant) throw new UsageError('Give either a delivery id, or --tenant T --failed; not both.');
            const replayed = await replayDelivery(store, id, 'cli');
            ctx.print({ replayed: [replayed] }, `${describeReplay(replayed)} A running \`serve\` or \`worker\` processes it.`);
            return;
          }
          if (!opts.failed || !opts.tenant)
            throw new UsageError('Give a delivery id, or --tenant T --failed.', 'See `ml-connector deliveries replay --help`.');
          await requireTenant(store.db, opts.tenant);
          const replayed = await replayFailed(store, opts.tenant, opts.since ? parseSince(opts.since) : undefined, 'cli');
          ctx.print(
            { replayed },
            replayed.length === 0
              ? 'No failed deliveries to replay.'
              : `${replayed.length} deliveries queued again. A running \`serve\` or \`worker\` processes them.`,
          );
        }),
      ),
    'ml-connector deliveries replay dlv_01j9…',
    'ml-connector deliveries replay --tenant acme --failed --since 2026-11-01',
  );
}
