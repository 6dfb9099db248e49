/**
 * OAuth grants and their tokens (docs/api-notes.md#freshbooks-auth): authorization codes valid 5 minutes and once;
 * access tokens valid 12 hours; refresh tokens that never expire but work ONCE, each use
 * returning a new pair.
 */
import type { FreshBooksAppConfig } from './config.js';
import { oauthError } from './errors.js';
import type { SandboxState } from './state.js';

const ACCESS_TOKEN_SECONDS = 43_200;
const CODE_TTL_MS = 5 * 60_000;
export const PROFILE_SCOPE = 'user:profile:read';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
  created_at: number;
}

/** Who is calling, attached to each authenticated request. */
export interface AuthContext {
  grantId: number;
  clientId: string;
  scopes: string[];
  accessToken: string;
}

interface Grant {
  id: number;
  clientId: string;
  scopes: string[];
  accessToken?: string;
  refreshToken?: string;
  revoked: boolean;
}

interface AccessToken {
  grantId: number;
  expiresAt: number;
}

interface Code {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

export class TokenStore {
  private readonly grants = new Map<number, Grant>();
  private readonly access = new Map<string, AccessToken>();
  /** Refresh token → grant; spent tokens stay here marked so reuse reads as invalid_grant. */
  private readonly refresh = new Map<string, { grantId: number; spent: boolean }>();
  private readonly codes = new Map<string, Code>();
  private nextGrant = 1;

  constructor(private readonly state: SandboxState) {}

  app(clientId: string | undefined): FreshBooksAppConfig | undefined {
    return this.state.config.apps.find((a) => a.clientId === clientId);
  }

  /** The client must be registered and its secret right, else 401 invalid_client. */
  authenticateClient(clientId: string | undefined, clientSecret: string | undefined): FreshBooksAppConfig {
    const app = this.app(clientId);
    if (!app || app.clientSecret !== clientSecret) throw oauthError('invalid_client', 401);
    return app;
  }

  issueCode(clientId: string, redirectUri: string, scopes: string[]): string {
    const code = this.state.token(64, '0123456789abcdef');
    this.codes.set(code, { clientId, redirectUri, scopes, expiresAt: this.state.now() + CODE_TTL_MS, used: false });
    return code;
  }

  /**
   * Choice FB-02 (docs/api-notes.md): another redirect_uri than the authorize request's, or a
   * reused code, is invalid_grant; reuse does not revoke the tokens the code produced.
   */
  exchangeCode(app: FreshBooksAppConfig, code: string | undefined, redirectUri: string | undefined): TokenResponse {
    if (!code) throw oauthError('invalid_request');
    const entry = this.codes.get(code);
    if (
      !entry ||
      entry.used ||
      entry.clientId !== app.clientId ||
      this.state.now() >= entry.expiresAt ||
      entry.redirectUri !== redirectUri
    ) {
      throw oauthError('invalid_grant');
    }
    entry.used = true;
    return this.newGrant(app.clientId, entry.scopes);
  }

  /** Rotation: the refresh token is spent, a new pair is issued and the grant's previous access token dies. */
  refreshGrant(app: FreshBooksAppConfig, refreshToken: string | undefined): TokenResponse {
    if (!refreshToken) throw oauthError('invalid_request');
    const entry = this.refresh.get(refreshToken);
    const grant = entry ? this.grants.get(entry.grantId) : undefined;
    // Choice FB-03 (docs/api-notes.md): a spent refresh token only fails; the grant's newer tokens live on.
    if (!entry || entry.spent || !grant || grant.revoked || grant.clientId !== app.clientId) throw oauthError('invalid_grant');
    entry.spent = true;
    return this.issue(grant);
  }

  /** What the developer portal hands out: a fresh grant for the configured user. */
  newGrant(clientId: string, scopes: string[]): TokenResponse {
    const grant: Grant = { id: this.nextGrant++, clientId, scopes, revoked: false };
    this.grants.set(grant.id, grant);
    return this.issue(grant);
  }

  /**
   * A new issuance invalidates the previous tokens. Choice FB-04 (docs/api-notes.md): per grant —
   * the grant's previous access token stops working, other authorisations live on.
   * Choice FB-05 (docs/api-notes.md): a refresh returns a fresh `created_at`.
   */
  private issue(grant: Grant): TokenResponse {
    if (grant.accessToken) this.access.delete(grant.accessToken);
    const createdAt = Math.floor(this.state.now() / 1000);
    const accessToken = this.jwtLike(grant, createdAt);
    const refreshToken = this.state.token(64, '0123456789abcdef');
    grant.accessToken = accessToken;
    grant.refreshToken = refreshToken;
    this.access.set(accessToken, { grantId: grant.id, expiresAt: (createdAt + ACCESS_TOKEN_SECONDS) * 1000 });
    this.refresh.set(refreshToken, { grantId: grant.id, spent: false });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      refresh_token: refreshToken,
      scope: grant.scopes.join(' '),
      created_at: createdAt,
    };
  }

  /** Real access tokens look like JWTs ("eyJ…"); clients must treat them as opaque. */
  private jwtLike(grant: Grant, createdAt: number): string {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const payload = { jti: this.state.token(24), iat: createdAt, exp: createdAt + ACCESS_TOKEN_SECONDS, scope: grant.scopes.join(' ') };
    return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}.${this.state.token(43)}`;
  }

  /** The caller of a bearer token, or undefined when it is unknown, revoked or expired. */
  authenticate(accessToken: string | undefined): AuthContext | undefined {
    if (!accessToken) return undefined;
    const entry = this.access.get(accessToken);
    const grant = entry ? this.grants.get(entry.grantId) : undefined;
    if (!entry || !grant || grant.revoked || this.state.now() >= entry.expiresAt) return undefined;
    return { grantId: grant.id, clientId: grant.clientId, scopes: grant.scopes, accessToken };
  }

  /** Revoking either token of a grant ends the whole grant. Unknown tokens are fine (RFC 7009). */
  revoke(app: FreshBooksAppConfig, token: string | undefined): void {
    const grantId = (token && (this.access.get(token)?.grantId ?? this.refresh.get(token)?.grantId)) || undefined;
    const grant = grantId === undefined ? undefined : this.grants.get(grantId);
    if (!grant || grant.clientId !== app.clientId) return;
    grant.revoked = true;
    if (grant.accessToken) this.access.delete(grant.accessToken);
  }

  /** Every live access token expires now (refresh tokens keep working). */
  expireAll(): number {
    const past = this.state.now() - 1;
    for (const entry of this.access.values()) entry.expiresAt = Math.min(entry.expiresAt, past);
    return this.access.size;
  }
}

/**
 * The scopes a grant gets. Omitted → the app's registered scopes. Asking for a scope the app
 * does not have fails the whole consent (invalid_scope). `user:profile:read` is always added
 * (Choice FB-06, docs/api-notes.md: even when not asked for).
 */
export function grantScopes(app: FreshBooksAppConfig, requested: string | undefined): string[] | undefined {
  const asked = (requested ?? '').split(/\s+/).filter(Boolean);
  const scopes = asked.length === 0 ? [...app.scopes] : asked;
  if (scopes.some((s) => !app.scopes.includes(s))) return undefined;
  if (!scopes.includes(PROFILE_SCOPE)) scopes.unshift(PROFILE_SCOPE);
  return [...new Set(scopes)];
}
