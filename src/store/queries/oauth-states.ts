/**
 * OAuth states: the random `state` of each authorize URL (and grants waiting for a business
 * to be chosen). Each is valid for 10 minutes and spent at most once: `takeOAuthState` marks
 * it used in the same statement that finds it, so two callbacks cannot both win. Rows are
 * kept a day after they expire, so a late click is told "expired" rather than "unknown".
 */
import type { Db, Tx } from '../db.js';
import type { OAuthStatePurpose, OAuthStatesTable, Provider } from '../schema.js';

export const OAUTH_STATE_TTL_MS = 10 * 60_000;
const KEEP_AFTER_EXPIRY_MS = 24 * 60 * 60_000;

export interface OAuthStateRow {
  state: string;
  tenantId: string;
  provider: Provider;
  purpose: OAuthStatePurpose;
  clientId: string;
  redirectUri: string;
  authUrl: string;
  apiUrl: string;
  accountId: string | null;
  sealed: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

function toRow(r: OAuthStatesTable): OAuthStateRow {
  return {
    state: r.state,
    tenantId: r.tenant_id,
    provider: r.provider,
    purpose: r.purpose,
    clientId: r.client_id,
    redirectUri: r.redirect_uri,
    authUrl: r.auth_url,
    apiUrl: r.api_url,
    accountId: r.account_id,
    sealed: r.sealed,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    usedAt: r.used_at,
  };
}

export async function insertOAuthState(db: Db | Tx, row: Omit<OAuthStateRow, 'usedAt'>): Promise<void> {
  await db
    .deleteFrom('oauth_states')
    .where('expires_at', '<', row.createdAt - KEEP_AFTER_EXPIRY_MS)
    .execute();
  await db
    .insertInto('oauth_states')
    .values({
      state: row.state,
      tenant_id: row.tenantId,
      provider: row.provider,
      purpose: row.purpose,
      client_id: row.clientId,
      redirect_uri: row.redirectUri,
      auth_url: row.authUrl,
      api_url: row.apiUrl,
      account_id: row.accountId,
      sealed: row.sealed,
      created_at: row.createdAt,
      expires_at: row.expiresAt,
      used_at: null,
    })
    .execute();
}

type TakeStateResult = { ok: true; row: OAuthStateRow } | { ok: false; reason: 'unknown' | 'expired' | 'used'; row?: OAuthStateRow };

/** Spends a state: found, unused and unexpired → marked used and returned; otherwise why not. */
export async function takeOAuthState(db: Db | Tx, state: string, purpose: OAuthStatePurpose, now = Date.now()): Promise<TakeStateResult> {
  const taken = await db
    .updateTable('oauth_states')
    .set({ used_at: now })
    .where('state', '=', state)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
  if (taken) return { ok: true, row: toRow(taken) };
  const found = await db
    .selectFrom('oauth_states')
    .selectAll()
    .where('state', '=', state)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  if (!found) return { ok: false, reason: 'unknown' };
  const row = toRow(found);
  return { ok: false, reason: row.usedAt !== null ? 'used' : 'expired', row };
}

/** The newest unused, unexpired row of a purpose for a tenant. */
export async function latestOAuthState(
  db: Db | Tx,
  tenantId: string,
  provider: Provider,
  purpose: OAuthStatePurpose,
  now = Date.now(),
): Promise<OAuthStateRow | undefined> {
  const row = await db
    .selectFrom('oauth_states')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('provider', '=', provider)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}
