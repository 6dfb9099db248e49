/**
 * Connecting a tenant to FreshBooks, shared by `connect freshbooks` and `serve`'s OAuth
 * callback:
 *
 * 1. `startFreshBooksAuthorization` makes the authorize URL with a random `state`, stored
 *    server-side (10 minutes, single use) with the app settings and the sealed client secret.
 * 2. A grant (an authorization code, or a refresh token from the developer portal) becomes a
 *    token pair at once — a refresh token is spent doing so, so the NEW pair is what is kept.
 * 3. The identity says which businesses the user reaches: one is used; with several,
 *    `accountId` chooses. Without a choice the new tokens are not thrown away: they wait
 *    (sealed, 10 minutes) for `completePendingFreshBooks`, i.e. the same command run again
 *    with `--account-id`.
 * 4. The credentials are saved sealed; the connection is `connected`.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import type { CallRecorder } from '../providers/http.js';
import {
  authorizeUrl,
  exchangeCode,
  refreshAccessToken,
  REQUIRED_SCOPES,
  type OAuthApp,
  type TokenHttpOptions,
} from '../providers/freshbooks/auth.js';
import { FreshBooksReauthRequiredError } from '../providers/freshbooks/errors.js';
import { FreshBooksClient } from '../providers/freshbooks/client.js';
import { connectableBusinesses, type Business, type Identity } from '../providers/freshbooks/identity.js';
import { QUICK_RETRY } from '../providers/freshbooks/check.js';
import { expiresAt, memoryTokenStore, type FreshBooksTokens } from '../providers/freshbooks/tokens.js';
import {
  insertOAuthState,
  latestOAuthState,
  OAUTH_STATE_TTL_MS,
  takeOAuthState,
  type OAuthStateRow,
} from '../store/queries/oauth-states.js';
import { requireTenant } from '../store/queries/tenants.js';
import type { Vault } from '../vault/vault.js';
import { freshbooksTokensSchema, saveFreshBooks } from './credentials.js';
import { rehinted } from './hints.js';
import type { TenantScope } from './tenant-scope.js';

/** Everything needed to talk to one registered FreshBooks app. */
export interface FreshBooksAppSettings extends OAuthApp {
  authUrl: string;
  apiUrl: string;
}

interface ConnectDeps {
  fetch?: typeof fetch;
  clock?: Clock;
  recorder?: CallRecorder;
  timeoutMs?: number;
}

export interface ConnectedFreshBooks {
  tenantId: string;
  accountId: string;
  businessId: number;
  businessName: string;
  /** Who approved access. */
  user: string | null;
  scopes: string[];
  /** Needed scopes the token lacks (the flows that need them will fail). */
  missingScopes: string[];
  tokenExpiresAt: string;
}

type FreshBooksGrant = { code: string } | { refreshToken: string };

const PURPOSE_SECRET = 'oauth-state:freshbooks';

const sealedState = z.object({ clientSecret: z.string(), tokens: freshbooksTokensSchema.optional() });
type SealedState = z.infer<typeof sealedState>;

interface BusinessChoice {
  name: string;
  accountId: string;
}

/** Several businesses and no (or an unknown) --account-id; the grant waits for the choice. */
export class BusinessChoiceError extends AppError {
  constructor(
    readonly tenantId: string,
    readonly choices: BusinessChoice[],
    readonly given: string | undefined,
    /** The id of the grant kept for `completePendingFreshBooks`. */
    readonly pendingId: string,
  ) {
    const list = choices.map((c) => `'${c.name}' (account id ${c.accountId})`).join(', ');
    super(
      'freshbooks_choose_business',
      given
        ? `The FreshBooks user has no business with account id '${given}'; they reach ${list}.`
        : `The FreshBooks user reaches ${choices.length} businesses: ${list}; choose one with --account-id.`,
      `Run \`ml-connector connect freshbooks --tenant ${tenantId} --client-id … --client-secret … --redirect-uri … --account-id <account id>\` within 10 minutes (without --code or --refresh-token: this authorisation is kept until then).`,
    );
  }
}

class NoBusinessError extends AppError {
  constructor(identity: Identity) {
    super(
      'freshbooks_no_business',
      `The FreshBooks user ${identity.email ?? identity.identityId} has no business with an accounting account (${identity.businesses.length} membership${identity.businesses.length === 1 ? '' : 's'}, none with an account id).`,
      'Authorise with a FreshBooks user who owns or administers the business to connect.',
    );
  }
}

class PendingSecretMismatchError extends AppError {
  constructor(tenantId: string) {
    super(
      'freshbooks_pending_mismatch',
      `The waiting FreshBooks authorisation of tenant '${tenantId}' was made with another client secret.`,
      'Pass the same --client-id and --client-secret as before, or start again without --account-id to get a new authorize URL.',
    );
  }
}

/** A stored authorisation that opens (right key, intact) but is not in the shape this version reads. */
class OAuthStateUnreadableError extends AppError {
  constructor(tenantId: string) {
    super(
      'freshbooks_state_unreadable',
      `The waiting FreshBooks authorisation of tenant '${tenantId}' cannot be read (it was stored by another version of ml-connector).`,
      'Start again: run `ml-connector connect freshbooks` without --code, --refresh-token or --account-id to get a new authorize URL.',
    );
  }
}

function newState(): string {
  return randomBytes(24).toString('base64url');
}

/** Step 1: the authorize URL, its state stored server-side (10 minutes, single use). */
export async function startFreshBooksAuthorization(
  scope: TenantScope,
  app: FreshBooksAppSettings,
  options: { accountId?: string; now?: number; scopes?: readonly string[] } = {},
): Promise<{ url: string; state: string; expiresAt: number }> {
  const { store, vault, tenantId } = scope;
  await requireTenant(store.db, tenantId);
  const now = options.now ?? Date.now();
  const state = newState();
  const sealed: SealedState = { clientSecret: app.clientSecret };
  await insertOAuthState(store.db, {
    state,
    tenantId,
    provider: 'freshbooks',
    purpose: 'authorize',
    clientId: app.clientId,
    redirectUri: app.redirectUri,
    authUrl: app.authUrl,
    apiUrl: app.apiUrl,
    accountId: options.accountId ?? null,
    sealed: await vault.seal(tenantId, PURPOSE_SECRET, sealed),
    createdAt: now,
    expiresAt: now + OAUTH_STATE_TTL_MS,
  });
  const url = authorizeUrl({
    authUrl: app.authUrl,
    clientId: app.clientId,
    redirectUri: app.redirectUri,
    state,
    scopes: options.scopes ?? REQUIRED_SCOPES,
  });
  return { url, state, expiresAt: now + OAUTH_STATE_TTL_MS };
}

/** The app settings and secret a state was made with. */
export async function openOAuthState(vault: Vault, row: OAuthStateRow): Promise<{ app: FreshBooksAppSettings; tokens?: FreshBooksTokens }> {
  const parsed = sealedState.safeParse(await vault.open(row.tenantId, PURPOSE_SECRET, row.sealed));
  if (!parsed.success) throw new OAuthStateUnreadableError(row.tenantId);
  const secret = parsed.data;
  return {
    app: {
      clientId: row.clientId,
      clientSecret: secret.clientSecret,
      redirectUri: row.redirectUri,
      authUrl: row.authUrl,
      apiUrl: row.apiUrl,
    },
    tokens: secret.tokens,
  };
}

/** Steps 2–4 for a code or a refresh token given directly. */
export async function connectFreshBooks(
  scope: TenantScope,
  app: FreshBooksAppSettings,
  grant: FreshBooksGrant,
  options: { accountId?: string; deps?: ConnectDeps } = {},
): Promise<ConnectedFreshBooks> {
  await requireTenant(scope.store.db, scope.tenantId);
  const deps = options.deps ?? {};
  const http = { apiUrl: app.apiUrl, fetch: deps.fetch, clock: deps.clock, recorder: deps.recorder, timeoutMs: deps.timeoutMs };
  const tokens = 'code' in grant ? await exchangeCode(app, grant.code, http) : await spendRefreshToken(app, grant.refreshToken, http);
  return finishConnection(scope, app, tokens, options.accountId, deps);
}

/** A refresh token given to connect with: refused, it was the one given that is dead, not a stored connection. */
async function spendRefreshToken(app: OAuthApp, refreshToken: string, http: TokenHttpOptions): Promise<FreshBooksTokens> {
  try {
    return await refreshAccessToken(app, refreshToken, http);
  } catch (err) {
    if (!(err instanceof FreshBooksReauthRequiredError)) throw err;
    throw rehinted(
      err,
      'Refresh tokens work once and this one is spent, revoked or unknown: issue a new one for the app in the FreshBooks developer portal, or run without --refresh-token to authorise in a browser.',
    );
  }
}

/**
 * Finishes a grant that waits for a business choice (made by an earlier connect or callback
 * that found several businesses). Undefined when none waits for this tenant and client id.
 */
export async function completePendingFreshBooks(
  scope: TenantScope,
  app: FreshBooksAppSettings,
  accountId: string,
  deps: ConnectDeps = {},
): Promise<ConnectedFreshBooks | undefined> {
  const { store, vault, tenantId } = scope;
  await requireTenant(store.db, tenantId);
  const now = (deps.clock ?? systemClock).now();
  const pending = await latestOAuthState(store.db, tenantId, 'freshbooks', 'choose_business', now);
  if (!pending || pending.clientId !== app.clientId) return undefined;
  const opened = await openOAuthState(vault, pending);
  if (opened.app.clientSecret !== app.clientSecret) throw new PendingSecretMismatchError(tenantId);
  const taken = await takeOAuthState(store.db, pending.state, 'choose_business', now);
  if (!taken.ok || !opened.tokens) return undefined;
  return finishConnection(scope, opened.app, opened.tokens, accountId, deps);
}

/** Reads the identity with `tokens`, chooses the business, saves the credentials. */
export async function finishConnection(
  scope: TenantScope,
  app: FreshBooksAppSettings,
  tokens: FreshBooksTokens,
  accountId: string | undefined,
  deps: ConnectDeps = {},
): Promise<ConnectedFreshBooks> {
  const { tenantId } = scope;
  const clock = deps.clock ?? systemClock;
  const held = memoryTokenStore(tokens);
  const client = new FreshBooksClient({ apiUrl: app.apiUrl, app, tokens: held, tenantId, retry: QUICK_RETRY, ...deps });
  const identity = await client.identity.me();
  const businesses = connectableBusinesses(identity);
  let chosen: (Business & { accountId: string }) | undefined;
  if (accountId) chosen = businesses.find((b) => b.accountId === accountId);
  else if (businesses.length === 1) chosen = businesses[0];
  if (!chosen) {
    if (businesses.length === 0) throw new NoBusinessError(identity);
    // Keep the (possibly just refreshed) pair: the code or refresh token that made it is spent.
    const pendingId = await keepPending(scope, app, held.current(), clock.now());
    throw new BusinessChoiceError(
      tenantId,
      businesses.map((b) => ({ name: b.name, accountId: b.accountId })),
      accountId,
      pendingId,
    );
  }
  const saved = held.current();
  await saveFreshBooks(scope, {
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: app.redirectUri,
    authUrl: app.authUrl,
    apiUrl: app.apiUrl,
    accountId: chosen.accountId,
    businessId: chosen.businessId,
    businessName: chosen.name,
    tokens: saved,
  });
  const scopes = saved.scope.split(/\s+/).filter(Boolean);
  return {
    tenantId,
    accountId: chosen.accountId,
    businessId: chosen.businessId,
    businessName: chosen.name,
    user: identity.email,
    scopes,
    missingScopes: scopes.length > 0 ? REQUIRED_SCOPES.filter((s) => !scopes.includes(s)) : [],
    tokenExpiresAt: new Date(expiresAt(saved) * 1000).toISOString(),
  };
}

async function keepPending(scope: TenantScope, app: FreshBooksAppSettings, tokens: FreshBooksTokens, now: number): Promise<string> {
  const { store, vault, tenantId } = scope;
  const id = newState();
  const sealed: SealedState = { clientSecret: app.clientSecret, tokens };
  await insertOAuthState(store.db, {
    state: id,
    tenantId,
    provider: 'freshbooks',
    purpose: 'choose_business',
    clientId: app.clientId,
    redirectUri: app.redirectUri,
    authUrl: app.authUrl,
    apiUrl: app.apiUrl,
    accountId: null,
    sealed: await vault.seal(tenantId, PURPOSE_SECRET, sealed),
    createdAt: now,
    expiresAt: now + OAUTH_STATE_TTL_MS,
  });
  return id;
}
