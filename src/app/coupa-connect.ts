/**
 * Connecting a tenant to Coupa: ask for a token at once (proving the id, secret and scopes),
 * then store everything sealed by the vault.
 */
import { findRefusedScopes, type IssuedToken } from '../providers/coupa/auth.js';
import { QUICK_RETRY } from '../providers/coupa/check.js';
import { CoupaClient } from '../providers/coupa/client.js';
import { CoupaScopeError } from '../providers/coupa/errors.js';
import { missingScopes } from '../providers/coupa/scopes.js';
import { getCredential } from '../store/queries/credentials.js';
import { requireTenant } from '../store/queries/tenants.js';
import { saveCoupa } from './credentials.js';
import type { TenantScope } from './tenant-scope.js';

interface CoupaConnection {
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

interface ConnectedCoupa {
  granted: string[];
  /** Asked for but not granted: calls that need them will fail. */
  notGranted: string[];
  tokenExpiresAt: number;
  /** Whether an earlier Coupa connection of the tenant was replaced. */
  replaced: boolean;
}

export async function connectCoupa(scope: TenantScope, connection: CoupaConnection): Promise<ConnectedCoupa> {
  const { store, tenantId } = scope;
  await requireTenant(store.db, tenantId);
  const { instanceUrl, clientId, clientSecret, scopes } = connection;
  const client = new CoupaClient({ instanceUrl, clientId, clientSecret, scopes, retry: QUICK_RETRY, timeoutMs: 20_000 });
  let token: IssuedToken;
  try {
    token = await client.auth.requestToken();
  } catch (err) {
    // Coupa refuses the whole request without naming the scope: find which, one by one.
    if (err instanceof CoupaScopeError && err.scopes.length > 1) {
      const refused = await findRefusedScopes(client.auth, scopes);
      if (refused.length > 0) throw new CoupaScopeError(refused, instanceUrl, clientId, 'token');
    }
    throw err;
  }
  const previous = await getCredential(store.db, tenantId, 'coupa');
  const { granted, ...stored } = token;
  await saveCoupa(scope, { instanceUrl, clientId, clientSecret, scopes, token: stored });
  return { granted, notGranted: missingScopes(scopes, granted), tokenExpiresAt: token.expiresAt, replaced: previous !== undefined };
}
