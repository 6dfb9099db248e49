/**
 * A tenant's Coupa client, from its sealed credentials. The token lives in the same sealed
 * row (`coupaTokenCache`), so every process of the tenant reuses one 24 h token.
 */
import { CoupaClient } from '../providers/coupa/client.js';
import type { ClientDeps } from '../providers/client-deps.js';
import { coupaTokenCache, loadCoupa } from './credentials.js';
import type { TenantScope } from './tenant-scope.js';

type CoupaClientDeps = ClientDeps;

/** Throws NotConnectedError when the tenant has no Coupa connection. */
export async function coupaClientFor(scope: TenantScope, deps: CoupaClientDeps = {}): Promise<CoupaClient> {
  const creds = await loadCoupa(scope);
  return new CoupaClient({
    instanceUrl: creds.instanceUrl,
    clientId: creds.clientId,
    clientSecret: creds.clientSecret,
    scopes: creds.scopes,
    cache: coupaTokenCache(scope),
    ...deps,
  });
}
