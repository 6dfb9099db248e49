/**
 * A tenant's Coupa client, from its sealed credentials. The token lives in the same sealed
 * row (`coupaTokenCache`), so every process of the tenant reuses one 24 h token.
 */
import type { Clock } from '../lib/clock.js';
import type { CallRecorder } from '../providers/http.js';
import { CoupaClient } from '../providers/coupa/client.js';
import type { RetryPolicy } from '../providers/retry.js';
import type { Store } from '../store/db.js';
import type { Vault } from '../vault/vault.js';
import { coupaTokenCache, loadCoupa } from './credentials.js';

export interface CoupaClientDeps {
  recorder?: CallRecorder;
  clock?: Clock;
  fetch?: typeof fetch;
  random?: () => number;
  /** E.g. QUICK_RETRY for `ping`, where a person waits. */
  retry?: RetryPolicy;
  timeoutMs?: number;
}

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
