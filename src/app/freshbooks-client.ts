/**
 * A tenant's FreshBooks client, from its sealed credentials, refreshing through
 * `freshbooksTokenStore` (one refresh per connection at a time across every process, the new
 * pair saved before use). A connection already marked `needs_reauth` gives a client whose
 * every call fails at once with that reason: nothing is sent with a refresh token known dead.
 * Requests are paced by a budget in the store that every process of the tenant shares.
 */
import { FreshBooksClient } from '../providers/freshbooks/client.js';
import { FRESHBOOKS_PACE } from '../providers/freshbooks/http.js';
import { freshbooksPort } from '../providers/freshbooks/port.js';
import type { ClientDeps } from '../providers/client-deps.js';
import { getCredential } from '../store/queries/credentials.js';
import type { FreshBooksPort } from '../sync/ports.js';
import { loadFreshBooks } from './credentials.js';
import { freshbooksTokenStore } from './freshbooks-token-store.js';
import { sharedPace, StoreRateLimiter } from './rate-budget.js';
import type { TenantScope } from './tenant-scope.js';

type FreshBooksClientDeps = ClientDeps;

/**
 * The budget is keyed by tenant: a tenant is one FreshBooks connection (one token lineage),
 * which is what FreshBooks counts as far as captured headers tell (the sandbox: per token).
 */
function freshbooksBudget(scope: TenantScope, deps: FreshBooksClientDeps): StoreRateLimiter {
  return new StoreRateLimiter(scope.store, { provider: 'freshbooks', subject: scope.tenantId }, sharedPace(FRESHBOOKS_PACE), deps.clock);
}

/** Throws NotConnectedError when the tenant has no FreshBooks connection. */
export async function freshbooksClientFor(scope: TenantScope, deps: FreshBooksClientDeps = {}): Promise<FreshBooksClient> {
  const creds = await loadFreshBooks(scope);
  const row = await getCredential(scope.store.db, scope.tenantId, 'freshbooks');
  return new FreshBooksClient({
    apiUrl: creds.apiUrl,
    accountId: creds.accountId,
    app: { clientId: creds.clientId, clientSecret: creds.clientSecret, redirectUri: creds.redirectUri },
    tokens: freshbooksTokenStore(scope),
    tenantId: scope.tenantId,
    needsReauth: row?.status === 'needs_reauth' ? (row.lastError ?? 'FreshBooks refused the refresh token') : undefined,
    limiter: freshbooksBudget(scope, deps),
    ...deps,
  });
}

/** The tenant's FreshBooksPort (for the sync engine). */
export async function freshbooksPortFor(scope: TenantScope, deps: FreshBooksClientDeps = {}): Promise<FreshBooksPort> {
  return freshbooksPort(await freshbooksClientFor(scope, deps));
}
