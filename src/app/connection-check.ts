/**
 * Checking a tenant's two connections for real (token, identity/account, one read per resource
 * the flows use, the scopes granted) and recording what was seen as each connection's status,
 * which `tenant list` and the admin API show.
 */
import { checkCoupa, QUICK_RETRY as COUPA_QUICK } from '../providers/coupa/check.js';
import { checkFreshBooks, QUICK_RETRY as FRESHBOOKS_QUICK } from '../providers/freshbooks/check.js';
import { getCredential, setConnectionStatus } from '../store/queries/credentials.js';
import type { Provider } from '../store/schema.js';
import { VaultError } from '../vault/errors.js';
import { coupaClientFor } from './coupa-client.js';
import { NotConnectedError } from './errors.js';
import { freshbooksClientFor } from './freshbooks-client.js';
import { explain } from './hints.js';
import { coupaAdvice, freshbooksAdvice } from './readiness-advice.js';
import type { TenantScope } from './tenant-scope.js';

export const SIDE_LABEL: Record<Provider, string> = { coupa: 'Coupa', freshbooks: 'FreshBooks' };

interface SideVerdict {
  side: Provider;
  ready: boolean;
  /** The connection's stored status after the check ('not connected' when there is none). */
  status: string;
  checks: Array<{ name: string; ok: boolean; detail: string }>;
  missingScopes: string[];
  /** What to do, most important first. */
  advice: string[];
}

interface TenantVerdict {
  ready: boolean;
  coupa: SideVerdict;
  freshbooks: SideVerdict;
}

type Readiness = Omit<SideVerdict, 'side' | 'status'>;

async function verdictOf(scope: TenantScope, side: Provider, check: () => Promise<Readiness>): Promise<SideVerdict> {
  const { store, tenantId } = scope;
  const row = await getCredential(store.db, tenantId, side);
  if (!row) {
    return {
      side,
      ready: false,
      status: 'not connected',
      checks: [],
      missingScopes: [],
      advice: [`${SIDE_LABEL[side]}: not connected — run \`ml-connector connect ${side} --tenant ${tenantId} …\`.`],
    };
  }
  let result: Readiness;
  try {
    result = await check();
  } catch (err) {
    // A local problem (no or wrong master key) says nothing about the connection itself.
    if (err instanceof NotConnectedError || err instanceof VaultError) throw err;
    result = { ready: false, checks: [], missingScopes: [], advice: [`${SIDE_LABEL[side]}: ${explain(err, tenantId)}`] };
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

/** Both sides, with the quick retry policy: a person is waiting for the answer. */
export async function checkConnections(scope: TenantScope): Promise<TenantVerdict> {
  const coupa = await verdictOf(scope, 'coupa', async () => {
    const { findings, ...result } = await checkCoupa(await coupaClientFor(scope, { retry: COUPA_QUICK }));
    return { ...result, advice: coupaAdvice(findings, scope.tenantId) };
  });
  const freshbooks = await verdictOf(scope, 'freshbooks', async () => {
    const { findings, ...result } = await checkFreshBooks(await freshbooksClientFor(scope, { retry: FRESHBOOKS_QUICK }));
    return { ...result, advice: freshbooksAdvice(findings, scope.tenantId) };
  });
  return { ready: coupa.ready && freshbooks.ready, coupa, freshbooks };
}
