import type { Command } from 'commander';
import { action, EXIT_FAILURE, withExample, type ProgramIo } from '../program.js';

export function registerPing(program: Command, io: ProgramIo): void {
  withExample(
    program
      .command('ping')
      .description(
        'check both connections for real — token, identity/account, one read per resource the flows use, the scopes granted — and say what to fix. Exits 0 only when both sides are ready.',
      )
      .requiredOption('--tenant <tenant>', 'the tenant to check')
      .action(
        action<{ tenant: string }>(io, async (ctx, opts) => {
          const { checkConnections, SIDE_LABEL } = await import('../../app/connection-check.js');
          const { requireTenant } = await import('../../store/queries/tenants.js');
          const store = await ctx.store();
          const tenant = await requireTenant(store.db, opts.tenant);
          const { ready, coupa, freshbooks } = await checkConnections(await ctx.tenantScope(tenant.id));
          ctx.print({ tenant: tenant.id, ready, coupa, freshbooks }, () =>
            [coupa, freshbooks]
              .flatMap((v) => [
                `${SIDE_LABEL[v.side]}: ${v.ready ? 'ready' : 'NOT ready'} (${v.status})`,
                ...v.checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`),
                ...v.advice.map((a) => `  → ${a}`),
              ])
              .join('\n'),
          );
          if (!ready) {
            io.stderr.write(`error: tenant '${tenant.id}' is not ready: ${[...coupa.advice, ...freshbooks.advice][0] ?? 'see above'}\n`);
            return EXIT_FAILURE;
          }
        }),
      ),
    'ml-connector ping --tenant acme',
  );
}
