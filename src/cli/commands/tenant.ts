import type { Command } from 'commander';
import { addTenant, listTenants } from '../../store/queries/tenants.js';
import { listCredentials } from '../../store/queries/credentials.js';
import { action, withExample, type ProgramIo } from '../program.js';

export function registerTenant(program: Command, io: ProgramIo): void {
  const tenant = program.command('tenant').description('create and list tenants (one per customer)');
  withExample(tenant, 'ml-connector tenant add acme', 'ml-connector tenant list --json');

  withExample(
    tenant
      .command('add <tenant>')
      .description('create a tenant; its name appears in webhook URLs (lowercase letters, digits, - and _)')
      .action(
        action(io, async (ctx, _opts, command) => {
          const name = command.args[0]!;
          const store = await ctx.store();
          const created = await addTenant(store.db, name);
          ctx.print({ tenant: created.id, createdAt: new Date(created.createdAt).toISOString() }, `Tenant '${created.id}' created. Next: \`ml-connector connect coupa --tenant ${created.id} …\` and \`ml-connector connect freshbooks --tenant ${created.id} …\``);
        }),
      ),
    'ml-connector tenant add acme',
  );

  withExample(
    tenant
      .command('list')
      .description('list tenants and the state of their two connections')
      .action(
        action(io, async (ctx) => {
          const store = await ctx.store();
          const tenants = await listTenants(store.db);
          const rows = await Promise.all(
            tenants.map(async (t) => {
              const creds = await listCredentials(store.db, t.id);
              const state = (p: string) => creds.find((c) => c.provider === p)?.status ?? 'not connected';
              return { tenant: t.id, createdAt: new Date(t.createdAt).toISOString(), coupa: state('coupa'), freshbooks: state('freshbooks') };
            }),
          );
          ctx.print({ tenants: rows }, () =>
            rows.length === 0
              ? 'No tenants yet. Create one with `ml-connector tenant add <name>`.'
              : ['TENANT'.padEnd(24) + 'COUPA'.padEnd(16) + 'FRESHBOOKS', ...rows.map((r) => r.tenant.padEnd(24) + r.coupa.padEnd(16) + r.freshbooks)].join('\n'),
          );
        }),
      ),
    'ml-connector tenant list',
  );
}
