/**
 * A tenant's Coupa client, from its sealed credentials. The token lives in the same sealed
 * row (`coupaTokenCache`), so every process of the tenant reuses one 24 h token.
 */
import { CoupaClient } from '../providers/coupa/client.js';
import type { ClientDeps } from '../providers/client-deps.js';
import type { Store } from '../store/db.js';
import type { Vault } from '../vault/vault.js';
import { coupaTokenCache, loadCoupa } from './credentials.js';

export type CoupaClientDeps = ClientDeps;

/** Throws NotConnectedError when the tenant has no Coupa connection. */
export async function coupaClientFor(store: Store, vault: Vault, tenantId: string, deps: CoupaClientDeps = {}): Promise<CoupaClient> {
  const creds = await loadCoupa(store, vault, tenantId);
  return new CoupaClient({
    instanceUrl: creds.instanceUrl,
    clientId: creds.clientId,
    clientSecret: creds.clientSecret,
    scopes: creds.scopes,
    cache: coupaTokenCache(store, vault, tenantId),
    ...deps,
  });
}
