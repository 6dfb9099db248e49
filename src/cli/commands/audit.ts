import type { Command } from 'commander';
import { positiveWholeNumber } from '../options.js';
import { action, withExample, type ProgramIo } from '../program.js';
import { renderTimeline } from '../timeline.js';

export function registerAudit(program: Command, io: ProgramIo): void {
  withExample(
    program
      .command('audit')
      .description(
        'the audit trail as a timeline: deliveries received and verified, each API call, each write, outcomes, replays and refused requests',
      )
      .requiredOption('--tenant <tenant>', 'the tenant')
      .option('--delivery <id>', 'only this delivery')
      .option('--limit <n>', 'at most this many events (oldest first)', '500')
      .action(
        action<{ tenant: string; delivery?: string; limit: string }>(io, async (ctx, opts) => {
          const { UnknownDeliveryError } = await import('../../app/replay.js');
          const { listAudit } = await import('../../store/queries/audit.js');
          const { getDelivery } = await import('../../store/queries/deliveries.js');
          const { requireTenant } = await import('../../store/queries/tenants.js');
          const store = await ctx.store();
          await requireTenant(store.db, opts.tenant);
          if (opts.delivery) {
            const delivery = await getDelivery(store.db, opts.delivery);
            if (!delivery || delivery.tenantId !== opts.tenant) throw new UnknownDeliveryError(opts.delivery);
          }
          const limit = positiveWholeNumber(opts.limit, '--limit');
          const events = await listAudit(store.db, {
            tenantId: opts.tenant,
            ...(opts.delivery ? { deliveryId: opts.delivery } : {}),
            limit,
          });
          ctx.print({ events }, () => renderTimeline(events));
        }),
      ),
    'ml-connector audit --tenant acme --delivery dlv_01j9…',
  );
}
