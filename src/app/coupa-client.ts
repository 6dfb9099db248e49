/**
 * A tenant's Coupa client, from its sealed credentials. The token lives in the same sealed
 * row (`coupaTokenCache`), so every process of the tenant reuses one 24 h token; the request
 * budget lives in the store too (`rate_budgets`), so every process shares Coupa's 25/s.
 */
import { CoupaClient } from '../providers/coupa/client.js';
import { COUPA_PACE } from '../providers/coupa/http.js';
import type { ClientDeps } from '../providers/client-deps.js';
import { coupaTokenCache, loadCoupa } from './credentials.js';
import { sharedPace, StoreRateLimiter } from './rate-budget.js';
import type { TenantScope } from './tenant-scope.js';

type CoupaClientDeps = ClientDeps;

/**
 * The budget is keyed by the instance (its origin), not by tenant nor by OAuth client. Coupa
 * limits 25/s per instance or per API client (it does not say which; the sandbox counts per
 * client), and one budget per instance is right in both readings: keyed by tenant, two
 * tenants on one instance (two business units, the demo's shared client) would send twice
 * the rate; keyed by client, so would two clients of one instance if Coupa counts per
 * instance. The in-process bucket (providers/coupa/http.ts `sharedBucket`) is keyed the same.
 */
function coupaBudget(scope: TenantScope, instanceUrl: string, deps: CoupaClientDeps): StoreRateLimiter {
  return new StoreRateLimiter(scope.store, { provider: 'coupa', subject: new URL(instanceUrl).origin }, sharedPace(COUPA_PACE), deps.clock);
}

/** Throws NotConnectedError when the tenant has no Coupa connection. */
export async function coupaClientFor(scope: TenantScope, deps: CoupaClientDeps = {}): Promise<CoupaClient> {
  const creds = await loadCoupa(scope);
  return new CoupaClient({
    instanceUrl: creds.instanceUrl,
    clientId: creds.clientId,
    clientSecret: creds.clientSecret,
    scopes: creds.scopes,
    cache: coupaTokenCache(scope),
    limiter: coupaBudget(scope, creds.instanceUrl, deps),
    ...deps,
  });
}
