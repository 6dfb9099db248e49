/**
 * OAuth2 client credentials against `{instanceUrl}/oauth2/token` (docs/api-notes.md#coupa-auth): the
 * documented form post with `client_id`, `client_secret`, `grant_type` and a space-separated
 * `scope`. There is no refresh token: a new token is simply requested. The token is kept for
 * its life (24 h at Coupa) in memory and in the injected cache (shared by the tenant's
 * processes), renewed 5 minutes before it expires, and once more when Coupa answers 401.
 * Concurrent callers of one client share a single token request.
 */
import { parseJson, type HttpResponse } from '../http.js';
import { isRecord } from '../json.js';
import type { CallLabel, Transport } from '../transport.js';
import { statusError } from './answers.js';
import { CoupaApiError, CoupaAuthError, CoupaResponseError, CoupaScopeError, errorMessagesOf } from './errors.js';
import type { TokenSource } from './http.js';
import type { CoupaToken, CoupaTokenCache } from './token-cache.js';

/** Renew this long before expiry (Coupa recommends a new token every ~20 h of 24 h; 5 min is plenty for a request). */
const RENEW_BEFORE_MS = 5 * 60_000;

/** Used when Coupa omits `expires_in`: short, so a wrong guess costs one token request. */
const FALLBACK_LIFETIME_S = 3600;

interface CoupaAuthOptions {
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
  /** The instance's transport (coupaTransport): token requests are paced and retried like any call. */
  transport: Transport;
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
  private held: CoupaToken | undefined;
  private pending: Promise<CoupaToken> | undefined;
  /** Token requests made by this object (for tests and diagnostics). */
  requests = 0;

  constructor(private readonly options: CoupaAuthOptions) {
    this.instanceUrl = options.transport.baseUrl;
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
  async current(): Promise<CoupaToken> {
    if (this.held && this.isFresh(this.held)) return this.held;
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
    if (this.held && this.held.accessToken !== rejected.accessToken && this.isFresh(this.held)) return this.held;
    return this.single(async () => {
      const cached = await this.options.cache?.get();
      if (cached && cached.accessToken !== rejected.accessToken && this.isFresh(cached)) return cached;
      return this.obtain();
    });
  }

  headers(token: CoupaToken): Record<string, string> {
    return { authorization: `Bearer ${token.accessToken}` };
  }

  /** Scopes granted with the current token (undefined before the first one). */
  grantedScopes(): string[] | undefined {
    return this.held?.scope.split(/\s+/).filter(Boolean);
  }

  /**
   * Asks Coupa for a token now, caching nothing. `connect` uses it to prove the credentials,
   * `ping` to probe scopes one at a time.
   */
  async requestToken(scopes: readonly string[] = this.scopes): Promise<IssuedToken> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope: scopes.join(' ') });
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
    if (this.options.clientAuth === 'basic') {
      headers.authorization =
        'Basic ' + Buffer.from(`${encodeURIComponent(this.clientId)}:${encodeURIComponent(this.options.clientSecret)}`).toString('base64');
    } else {
      form.set('client_id', this.clientId);
      form.set('client_secret', this.options.clientSecret);
    }
    this.requests += 1;
    // Taken before the first try: a retried request only makes the token look older than it is.
    const issuedAt = this.now;
    return this.options.transport.request({
      method: 'POST',
      path: '/oauth2/token',
      headers,
      body: form.toString(),
      retry: 'all',
      settle: ({ res, label, now }) => {
        const body = parseJson(res.text);
        if (res.status >= 200 && res.status <= 299) return parseToken(body, scopes, issuedAt);
        throw this.refusal(res, body, scopes, label, now);
      },
    });
  }

  /** The typed error of a token request Coupa refused. */
  private refusal(res: HttpResponse, body: unknown, scopes: readonly string[], label: CallLabel, now: number): Error {
    const fields = isRecord(body) ? body : {};
    const error = typeof fields.error === 'string' ? fields.error : undefined;
    const messages = errorMessagesOf(body, res.text);
    if (error === 'invalid_client' || (res.status === 401 && error === undefined)) {
      return new CoupaAuthError('invalid_client', this.instanceUrl, this.clientId, res.status, messages);
    }
    if (error === 'invalid_scope') {
      const description = typeof fields.error_description === 'string' ? fields.error_description : '';
      const named = scopes.filter((s) => description.includes(s));
      return new CoupaScopeError(
        named.length > 0 ? named : [...scopes],
        this.instanceUrl,
        this.clientId,
        'token',
        named.length > 0 ? '' : ' (Coupa did not say which)',
      );
    }
    if (res.status === 404) {
      return new CoupaApiError(
        { ...label, status: 404, messages },
        `No Coupa token endpoint at ${this.instanceUrl}/oauth2/token (404).`,
        'Check the instance URL: it is the base URL of the Coupa instance, e.g. https://acme.coupahost.com.',
        'coupa_no_token_endpoint',
      );
    }
    return statusError(res, label, 'token endpoint', now);
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
        this.held = token;
        return token;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}

/** A token answer: `access_token`, `expires_in` (seconds, a number or digits), `scope` (the grant's echo). */
function parseToken(body: unknown, requested: readonly string[], issuedAt: number): IssuedToken {
  const fields = isRecord(body) ? body : {};
  const accessToken = fields.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') throw new CoupaResponseError('a token answer', 'no access_token in it');
  const raw = fields.expires_in;
  const seconds = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : FALLBACK_LIFETIME_S;
  if (!Number.isFinite(seconds) || seconds <= 0) throw new CoupaResponseError('a token answer', `expires_in is ${JSON.stringify(raw)}`);
  const scope = fields.scope;
  const granted = typeof scope === 'string' && scope.trim() !== '' ? scope.trim().split(/[\s,]+/) : [...requested];
  return { accessToken, issuedAt, expiresAt: issuedAt + seconds * 1000, scope: granted.join(' '), granted };
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
