/**
 * Credentials of each (tenant, side), sealed by the vault: the secrets in the sealed blob,
 * what is safe to show (instance URL, client id, account id, expiry) in the row's meta.
 * Both halves are parsed on the way out, so a row written by another version fails here,
 * by name, rather than as an undefined somewhere in a client.
 */
import { z } from 'zod';
import type { Store, Tx } from '../store/db.js';
import { getCredential, putCredential } from '../store/queries/credentials.js';
import type { Provider } from '../store/schema.js';
import type { FreshBooksTokens } from '../providers/freshbooks/tokens.js';
import type { CoupaToken } from '../providers/coupa/token-cache.js';
import { NotConnectedError, StoredCredentialsError } from './errors.js';
import type { TenantScope } from './tenant-scope.js';

interface CoupaCredentials {
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  token?: CoupaToken;
}

interface FreshBooksCredentials {
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

/** A query runner: the store itself, or the transaction a caller holds. */
type Runner = Store['db'] | Tx;

const PURPOSE = { coupa: 'credentials:coupa', freshbooks: 'credentials:freshbooks' } as const;

const coupaSecret = z.object({
  clientSecret: z.string(),
  token: z.object({ accessToken: z.string(), expiresAt: z.number(), scope: z.string(), issuedAt: z.number().optional() }).optional(),
}) satisfies z.ZodType<Pick<CoupaCredentials, 'clientSecret' | 'token'>>;

const coupaMeta = z.object({ instanceUrl: z.string(), clientId: z.string(), scopes: z.array(z.string()) });

/** A FreshBooks token pair as sealed here and in a waiting OAuth state. */
export const freshbooksTokensSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  createdAt: z.number(),
  expiresIn: z.number(),
  scope: z.string(),
}) satisfies z.ZodType<FreshBooksTokens>;

const freshbooksSecret = z.object({
  clientSecret: z.string(),
  tokens: freshbooksTokensSchema,
}) satisfies z.ZodType<Pick<FreshBooksCredentials, 'clientSecret' | 'tokens'>>;

const freshbooksMeta = z.object({
  clientId: z.string(),
  redirectUri: z.string(),
  authUrl: z.string(),
  apiUrl: z.string(),
  accountId: z.string(),
  businessId: z.number(),
  businessName: z.string(),
});

/**
 * Reads and parses both halves of a stored connection: what is safe to show (the row's meta)
 * and the sealed secrets. A mismatch names every wrong field of both, never a value.
 */
async function loadConnection<M, S>(
  scope: TenantScope,
  provider: Provider,
  schemas: { meta: z.ZodType<M>; secret: z.ZodType<S> },
  db: Runner,
): Promise<M & S> {
  const row = await getCredential(db, scope.tenantId, provider);
  if (!row) throw new NotConnectedError(scope.tenantId, provider);
  const meta = schemas.meta.safeParse(row.meta);
  const secret = schemas.secret.safeParse(await scope.vault.open(scope.tenantId, PURPOSE[provider], row.sealed, db));
  if (meta.success && secret.success) return { ...meta.data, ...secret.data };
  const fields = [meta.error, secret.error].flatMap((error, i) =>
    (error?.issues ?? []).map((issue) => `${i === 0 ? 'meta' : 'secret'}.${issue.path.join('.') || '(all)'}`),
  );
  throw new StoredCredentialsError(scope.tenantId, provider, [...new Set(fields)]);
}

export async function saveCoupa(scope: TenantScope, creds: CoupaCredentials, db: Runner = scope.store.db): Promise<void> {
  const { tenantId, vault } = scope;
  const secret: z.input<typeof coupaSecret> = { clientSecret: creds.clientSecret, token: creds.token };
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

export async function loadCoupa(scope: TenantScope, db: Runner = scope.store.db): Promise<CoupaCredentials> {
  return loadConnection(scope, 'coupa', { meta: coupaMeta, secret: coupaSecret }, db);
}

export async function saveFreshBooks(scope: TenantScope, creds: FreshBooksCredentials, db: Runner = scope.store.db): Promise<void> {
  const { tenantId, vault } = scope;
  const secret: z.input<typeof freshbooksSecret> = { clientSecret: creds.clientSecret, tokens: creds.tokens };
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

export async function loadFreshBooks(scope: TenantScope, db: Runner = scope.store.db): Promise<FreshBooksCredentials> {
  return loadConnection(scope, 'freshbooks', { meta: freshbooksMeta, secret: freshbooksSecret }, db);
}

/** The Coupa token cache over the sealed credentials, shared by every process of a tenant. */
export function coupaTokenCache(scope: TenantScope) {
  return {
    async get(): Promise<CoupaToken | undefined> {
      return (await loadCoupa(scope)).token;
    },
    async set(token: CoupaToken): Promise<void> {
      const creds = await loadCoupa(scope);
      await saveCoupa(scope, { ...creds, token });
    },
  };
}
