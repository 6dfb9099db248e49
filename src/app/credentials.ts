/**
 * Credentials of each (tenant, side), sealed by the vault: the secrets in the sealed blob,
 * what is safe to show (instance URL, client id, account id, expiry) in the row's meta.
 */
import type { Store, Tx } from '../store/db.js';
import { getCredential, putCredential } from '../store/queries/credentials.js';
import type { Vault } from '../vault/vault.js';
import type { FreshBooksTokens } from '../providers/freshbooks/tokens.js';
import type { CoupaToken } from '../providers/coupa/token-cache.js';
import { NotConnectedError } from './errors.js';

export interface CoupaCredentials {
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  token?: CoupaToken;
}

export interface FreshBooksCredentials {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  authUrl: string;
  apiUrl: string;
  accountId: string;
  businessId: number;
  businessName: string;
  tokens: FreshBooksTokens;
}

const PURPOSE = { coupa: 'credentials:coupa', freshbooks: 'credentials:freshbooks' } as const;

type CoupaSecret = Pick<CoupaCredentials, 'clientSecret' | 'token'>;
type FreshBooksSecret = Pick<FreshBooksCredentials, 'clientSecret' | 'tokens'>;

export async function saveCoupa(
  store: Store,
  vault: Vault,
  tenantId: string,
  creds: CoupaCredentials,
  db: Store['db'] | Tx = store.db,
): Promise<void> {
  const secret: CoupaSecret = { clientSecret: creds.clientSecret, token: creds.token };
  await putCredential(db, {
    tenantId,
    provider: 'coupa',
    sealed: await vault.seal(tenantId, PURPOSE.coupa, secret, db),
    meta: {
      instanceUrl: creds.instanceUrl,
      clientId: creds.clientId,
      scopes: creds.scopes,
      tokenExpiresAt: creds.token?.expiresAt ?? null,
    },
  });
}

export async function loadCoupa(store: Store, vault: Vault, tenantId: string, db: Store['db'] | Tx = store.db): Promise<CoupaCredentials> {
  const row = await getCredential(db, tenantId, 'coupa');
  if (!row) throw new NotConnectedError(tenantId, 'coupa');
  const secret = await vault.open<CoupaSecret>(tenantId, PURPOSE.coupa, row.sealed, db);
  const meta = row.meta as { instanceUrl: string; clientId: string; scopes: string[] };
  return { instanceUrl: meta.instanceUrl, clientId: meta.clientId, scopes: meta.scopes, ...secret };
}

export async function saveFreshBooks(
  store: Store,
  vault: Vault,
  tenantId: string,
  creds: FreshBooksCredentials,
  db: Store['db'] | Tx = store.db,
): Promise<void> {
  const secret: FreshBooksSecret = { clientSecret: creds.clientSecret, tokens: creds.tokens };
  await putCredential(db, {
    tenantId,
    provider: 'freshbooks',
    sealed: await vault.seal(tenantId, PURPOSE.freshbooks, secret, db),
    meta: {
      clientId: creds.clientId,
      redirectUri: creds.redirectUri,
      authUrl: creds.authUrl,
      apiUrl: creds.apiUrl,
      accountId: creds.accountId,
      businessId: creds.businessId,
      businessName: creds.businessName,
      scope: creds.tokens.scope,
      tokenExpiresAt: (creds.tokens.createdAt + creds.tokens.expiresIn) * 1000,
    },
  });
}

export async function loadFreshBooks(
  store: Store,
  vault: Vault,
  tenantId: string,
  db: Store['db'] | Tx = store.db,
): Promise<FreshBooksCredentials> {
  const row = await getCredential(db, tenantId, 'freshbooks');
  if (!row) throw new NotConnectedError(tenantId, 'freshbooks');
  const secret = await vault.open<FreshBooksSecret>(tenantId, PURPOSE.freshbooks, row.sealed, db);
  const meta = row.meta as Omit<FreshBooksCredentials, 'clientSecret' | 'tokens'>;
  return {
    clientId: meta.clientId,
    redirectUri: meta.redirectUri,
    authUrl: meta.authUrl,
    apiUrl: meta.apiUrl,
    accountId: meta.accountId,
    businessId: meta.businessId,
    businessName: meta.businessName,
    ...secret,
  };
}

/** The Coupa token cache over the sealed credentials, shared by every process of a tenant. */
export function coupaTokenCache(store: Store, vault: Vault, tenantId: string) {
  return {
    async get(): Promise<CoupaToken | undefined> {
      return (await loadCoupa(store, vault, tenantId)).token;
    },
    async set(token: CoupaToken): Promise<void> {
      const creds = await loadCoupa(store, vault, tenantId);
      await saveCoupa(store, vault, tenantId, { ...creds, token });
    },
  };
}
