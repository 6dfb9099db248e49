import type { Command } from 'commander';
import { coupaClientFor } from '../../app/coupa-client.js';
import { freshbooksClientFor } from '../../app/freshbooks-client.js';
import { getCredential, setConnectionStatus } from '../../store/queries/credentials.js';
import { requireTenant } from '../../store/queries/tenants.js';
import type { Store } from '../../store/db.js';
import type { Provider } from '../../store/schema.js';
import { checkCoupa, QUICK_RETRY as COUPA_QUICK } from '../../providers/coupa/check.js';
import { checkFreshBooks, QUICK_RETRY as FRESHBOOKS_QUICK } from '../../providers/freshbooks/check.js';
import { NotConnectedError } from '../../app/errors.js';
import { errorMessage } from '../../lib/errors.js';
import { VaultError } from '../../vault/errors.js';
import { action, EXIT_FAILURE, withExample, type ProgramIo } from '../program.js';

interface SideVerdict {
  side: Provider;
  ready: boolean;
  status: string;
  checks: Array<{ name: string; ok: boolean; detail: string }>;
  missingScopes: string[];
  advice: string[];
}

const LABEL: Record<Provider, string> = { coupa: 'Coupa', freshbooks: 'FreshBooks' };

async function verdictOf(
  store: Store,
  tenantId: string,
  side: Provider,
  check: () => Promise<Omit<SideVerdict, 'side' | 'status'>>,
): Promise<SideVerdict> {
  const row = await getCredential(store.db, tenantId, side);
  if (!row) {
    return {
      side,
      ready: false,
      status: 'not connected',
      checks: [],
      missingScopes: [],
      advice: [`${LABEL[side]}: not connected — run \`ml-connector connect ${side} --tenant ${tenantId} …\`.`],
    };
  }
  let result: Omit<SideVerdict, 'side' | 'status'>;
  try {
    result = await check();
  } catch (err) {
    // A local problem (no or wrong master key) says nothing about the connection itself.
    if (err instanceof NotConnectedError || err instanceof VaultError) throw err;
    result = { ready: false, checks: [], missingScopes: [], advice: [`${LABEL[side]}: ${errorMessage(err)}`] };
  }
  // The stored state follows what was just seen: a person reads it in `tenant list`.
  const after = await getCredential(store.db, tenantId, side);
  if (after?.status !== 'needs_reauth') {
    await setConnectionStatus(
      store.db,
      tenantId,
      side,
      result.ready ? 'connected' : 'error',
      result.ready ? null : (result.advice[0] ?? 'not ready'),
    );
  }
  const status = (await getCredential(store.db, tenantId, side))?.status ?? 'unknown';
  return { side, status, ...result };
}

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
          const store = await ctx.store();
          const tenant = await requireTenant(store.db, opts.tenant);
          const scope = await ctx.tenantScope(tenant.id);
          const coupa = await verdictOf(store, tenant.id, 'coupa', async () =>
            checkCoupa(await coupaClientFor(scope, { retry: COUPA_QUICK })),
          );
          const freshbooks = await verdictOf(store, tenant.id, 'freshbooks', async () =>
            checkFreshBooks(await freshbooksClientFor(scope, { retry: FRESHBOOKS_QUICK })),
          );
          const ready = coupa.ready && freshbooks.ready;
          ctx.print({ tenant: tenant.id, ready, coupa, freshbooks }, () =>
            [coupa, freshbooks]
              .flatMap((v) => [
                `${LABEL[v.side]}: ${v.ready ? 'ready' : 'NOT ready'} (${v.status})`,
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
