/**
 * OAuth2 client credentials against `{instanceUrl}/oauth2/token` (docs/api-notes.md#coupa-auth): the
 * documented form post with `client_id`, `client_secret`, `grant_type` and a space-separated
 * `scope`. There is no refresh token: a new token is simply requested. The token is kept for
 * its life (24 h at Coupa) in memory and in the injected cache (shared by the tenant's
 * processes), renewed 5 minutes before it expires, and once more when Coupa answers 401.
 * Concurrent callers of one client share a single token request.
 */
import { parseJson } from '../http.js';
import { CoupaApiError, CoupaAuthError, CoupaResponseError, CoupaScopeError, errorMessagesOf } from './errors.js';
import { statusError, type CoupaTransport, type TokenSource } from './http.js';
import type { CoupaToken, CoupaTokenCache } from './token-cache.js';

/** Renew this long before expiry (Coupa recommends a new token every ~20 h of 24 h; 5 min is plenty for a request). */
export const RENEW_BEFORE_MS = 5 * 60_000;

/** Used when Coupa omits `expires_in`: short, so a wrong guess costs one token request. */
const FALLBACK_LIFETIME_S = 3600;

export interface CoupaAuthOptions {
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
  transport: CoupaTransport;
  /** Where tokens survive between processes (sealed credentials); memory only when absent. */
  cache?: CoupaTokenCache;
  renewBeforeMs?: number;
  /**
   * 'body' (default): client_id/client_secret in the form, as Coupa documents it.
   * 'basic': HTTP Basic, as some public clients do (not documented by Coupa).
   */
  clientAuth?: 'body' | 'basic';
}

/** A token just issued, with the scopes Coupa granted (its `scope` echo, else those requested). */
export interface IssuedToken extends CoupaToken {
  granted: string[];
}

export class CoupaAuth implements TokenSource {
  readonly instanceUrl: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  private current: CoupaToken | undefined;
  private pending: Promise<CoupaToken> | undefined;
  /** Token requests made by this object (for tests and diagnostics). */
  requests = 0;

  constructor(private readonly options: CoupaAuthOptions) {
    this.instanceUrl = options.transport.instanceUrl;
    this.clientId = options.clientId;
    this.scopes = options.scopes;
  }

  private get now(): number {
    return this.options.transport.clock.now();
  }

  /** True while the token can be used without renewing first. */
  isFresh(token: CoupaToken): boolean {
    const margin = this.options.renewBeforeMs ?? RENEW_BEFORE_MS;
    // A short-lived token (a sandbox's 60 s) is renewed at 90 % of its life instead.
    const effective = token.issuedAt !== undefined ? Math.min(margin, (token.expiresAt - token.issuedAt) / 10) : margin;
    return this.now < token.expiresAt - effective;
  }

  /** A usable token: from memory, else the cache, else a new one. */
  async token(): Promise<CoupaToken> {
    if (this.current && this.isFresh(this.current)) return this.current;
    return this.single(async () => {
      const cached = await this.options.cache?.get();
      if (cached && this.isFresh(cached)) return cached;
      return this.obtain();
    });
  }

  /** After a 401: a new token, unless another caller (or process) already replaced `rejected`. */
  async renew(rejected: CoupaToken): Promise<CoupaToken> {
    // A token request already under way may be handing out the very token that was refused
    // (read from the cache): wait for it, then decide.
    while (this.pending) await this.pending.catch(() => undefined);
    if (this.current && this.current.accessToken !== rejected.accessToken && this.isFresh(this.current)) return this.current;
    return this.single(async () => {
      const cached = await this.options.cache?.get();
      if (cached && cached.accessToken !== rejected.accessToken && this.isFresh(cached)) return cached;
      return this.obtain();
    });
  }

  /** Scopes granted with the current token (undefined before the first one). */
  grantedScopes(): string[] | undefined {
    return this.current?.scope.split(/\s+/).filter(Boolean);
  }

  /**
   * Asks Coupa for a token now, caching nothing. `connect` uses it to prove the credentials,
   * `ping` to probe scopes one at a time.
   */
  async requestToken(scopes: readonly string[] = this.scopes): Promise<IssuedToken> {
    const transport = this.options.transport;
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope: scopes.join(' ') });
    const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' };
    if (this.options.clientAuth === 'basic') {
      headers.Authorization =
        'Basic ' + Buffer.from(`${encodeURIComponent(this.clientId)}:${encodeURIComponent(this.options.clientSecret)}`).toString('base64');
    } else {
      form.set('client_id', this.clientId);
      form.set('client_secret', this.options.clientSecret);
    }
    const label = { method: 'POST', path: '/oauth2/token' };
    return transport.retrying(label, 'all', async (attempt) => {
      this.requests += 1;
      const issuedAt = this.now;
      const res = await transport.sendOnce({ method: 'POST', path: '/oauth2/token', headers, body: form.toString() }, attempt);
      const body = parseJson(res.text) as Record<string, unknown> | undefined;
      if (res.status >= 200 && res.status <= 299) return this.parseToken(body, scopes, issuedAt);
      const error = typeof body?.error === 'string' ? body.error : undefined;
      const messages = errorMessagesOf(body, res.text);
      if (error === 'invalid_client' || (res.status === 401 && error === undefined)) {
        throw new CoupaAuthError('invalid_client', this.instanceUrl, this.clientId, res.status, messages);
      }
      if (error === 'invalid_scope') {
        const description = typeof body?.error_description === 'string' ? body.error_description : '';
        const named = scopes.filter((s) => description.includes(s));
        throw new CoupaScopeError(
          named.length > 0 ? named : [...scopes],
          this.instanceUrl,
          this.clientId,
          'token',
          named.length > 0 ? '' : ' (Coupa did not say which)',
        );
      }
      if (res.status === 404) {
        throw new CoupaApiError(
          { ...label, status: 404, messages },
          `No Coupa token endpoint at ${this.instanceUrl}/oauth2/token (404).`,
          'Check --instance-url: it is the base URL of the Coupa instance, e.g. https://acme.coupahost.com.',
          'coupa_no_token_endpoint',
        );
      }
      throw statusError(res, label, 'token endpoint', this.now);
    });
  }

  private parseToken(body: Record<string, unknown> | undefined, requested: readonly string[], issuedAt: number): IssuedToken {
    const accessToken = body?.access_token;
    if (typeof accessToken !== 'string' || accessToken === '') throw new CoupaResponseError('a token answer', 'no access_token in it');
    const raw = body?.expires_in;
    const seconds = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : FALLBACK_LIFETIME_S;
    if (!Number.isFinite(seconds) || seconds <= 0) throw new CoupaResponseError('a token answer', `expires_in is ${JSON.stringify(raw)}`);
    const granted = typeof body?.scope === 'string' && body.scope.trim() !== '' ? body.scope.trim().split(/[\s,]+/) : [...requested];
    return { accessToken, issuedAt, expiresAt: issuedAt + seconds * 1000, scope: granted.join(' '), granted };
  }

  private async obtain(): Promise<CoupaToken> {
    const issued = await this.requestToken();
    const token: CoupaToken = {
      accessToken: issued.accessToken,
      expiresAt: issued.expiresAt,
      scope: issued.scope,
      issuedAt: issued.issuedAt,
    };
    await this.options.cache?.set(token);
    return token;
  }

  /** One token request at a time per client; everyone waiting gets its result. */
  private single(fn: () => Promise<CoupaToken>): Promise<CoupaToken> {
    this.pending ??= fn()
      .then((token) => {
        this.current = token;
        return token;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}

/**
 * Which of `scopes` the OAuth client may not have: each asked for alone (a token request
 * for several fails as a whole with invalid_scope, naming none of them). Credentials errors
 * are thrown.
 */
export async function findRefusedScopes(auth: CoupaAuth, scopes: readonly string[]): Promise<string[]> {
  const refused: string[] = [];
  for (const scope of scopes) {
    try {
      const issued = await auth.requestToken([scope]);
      if (!issued.granted.includes(scope)) refused.push(scope);
    } catch (err) {
      if (err instanceof CoupaScopeError) refused.push(scope);
      else throw err;
    }
  }
  return refused;
}
