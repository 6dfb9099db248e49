/**
 * FreshBooks OAuth2 (authorization-code grant only): the authorize URL a person opens, and the
 * two calls to `POST {apiUrl}/auth/oauth/token` — code exchange and refresh. Refresh tokens are
 * single-use: whoever calls `refreshAccessToken` must save the returned pair before using it
 * (the token store does, under its cross-process lock). Token requests are never retried: a
 * refresh that reached FreshBooks has spent the old refresh token, whatever happened after.
 */
import { parseJson } from '../http.js';
import { isRecord } from '../json.js';
import { parseErrorBody, type ParsedErrorBody } from './error-body.js';
import { FreshBooksOAuthError, FreshBooksReauthRequiredError, FreshBooksResponseError } from './errors.js';
import { baseUrl, freshbooksTransport, type FreshBooksTransportOptions } from './http.js';
import type { FreshBooksTokens } from './tokens.js';

export const DEFAULT_AUTH_URL = 'https://auth.freshbooks.com';
export const DEFAULT_API_URL = 'https://api.freshbooks.com';
const TOKEN_PATH = '/auth/oauth/token';

/** Every scope the connector's flows use (profile for /users/me, the bill family, categories, taxes). */
export const REQUIRED_SCOPES = [
  'user:profile:read',
  'user:bill_vendors:read',
  'user:bill_vendors:write',
  'user:bills:read',
  'user:bills:write',
  'user:bill_payments:read',
  'user:bill_payments:write',
  'user:expenses:read',
  // Choice FB-58 (docs/api-notes.md): the business's taxes, for bill line taxes.
  'user:taxes:read',
] as const;

/** The registered app a tenant authorised. */
export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** Where the token endpoint is, and what the transport may be given (the retry policy is not used: never retried). */
export type TokenHttpOptions = Pick<FreshBooksTransportOptions, 'apiUrl' | 'fetch' | 'clock' | 'recorder' | 'timeoutMs'>;

/** `{authUrl}/oauth/authorize?client_id…&response_type=code&redirect_uri…&scope…&state…`. */
export function authorizeUrl(input: {
  authUrl: string;
  clientId: string;
  redirectUri: string;
  state: string;
  scopes?: readonly string[];
}): string {
  const scopes = input.scopes ?? REQUIRED_SCOPES;
  const params: Array<[string, string]> = [
    ['client_id', input.clientId],
    ['response_type', 'code'],
    ['redirect_uri', input.redirectUri],
    ...(scopes.length > 0 ? [['scope', scopes.join(' ')] as [string, string]] : []),
    ['state', input.state],
  ];
  // Spaces as %20 (not '+'): every server decodes it the same way.
  return `${baseUrl(input.authUrl)}/oauth/authorize?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}

/**
 * Reads a token response. Expiry is `created_at + expires_in` (a refresh may return the
 * grant's original created_at); a missing created_at means "now".
 */
export function parseTokenResponse(body: unknown, nowMs: number): FreshBooksTokens {
  const b = isRecord(body) ? body : {};
  const accessToken = b.access_token;
  const refreshToken = b.refresh_token;
  if (typeof accessToken !== 'string' || accessToken === '' || typeof refreshToken !== 'string' || refreshToken === '') {
    throw new FreshBooksResponseError('the token response has no access_token or refresh_token', { method: 'POST', path: TOKEN_PATH });
  }
  const expiresIn = Number(b.expires_in);
  if (!Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new FreshBooksResponseError(`the token response has no usable expires_in (${JSON.stringify(b.expires_in)})`, {
      method: 'POST',
      path: TOKEN_PATH,
    });
  }
  const created = Number(b.created_at);
  return {
    accessToken,
    refreshToken,
    expiresIn: Math.floor(expiresIn),
    createdAt: Number.isFinite(created) && created > 0 ? Math.floor(created) : Math.floor(nowMs / 1000),
    scope: typeof b.scope === 'string' ? b.scope.trim().split(/\s+/).filter(Boolean).join(' ') : '',
  };
}

async function tokenRequest(
  app: OAuthApp,
  grant: Record<string, string>,
  options: TokenHttpOptions,
  onInvalidGrant: (status: number, parsed: ParsedErrorBody) => Error,
): Promise<FreshBooksTokens> {
  const request = { method: 'POST', path: TOKEN_PATH };
  return freshbooksTransport(options).request({
    ...request,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ ...grant, client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: app.redirectUri }),
    retry: 'none',
    settle: ({ res, now }) => {
      const body = parseJson(res.text);
      if (res.status >= 200 && res.status < 300) return parseTokenResponse(body, now);
      const parsed = parseErrorBody(body);
      if (parsed?.oauthError === 'invalid_grant') throw onInvalidGrant(res.status, parsed);
      if (!parsed && body === undefined) {
        throw new FreshBooksResponseError(`HTTP ${res.status} from the token endpoint with a body that is not JSON`, request);
      }
      if (res.status >= 500 || res.status === 429) {
        throw new FreshBooksOAuthError({
          status: res.status,
          parsed,
          hint: 'FreshBooks\u2019 token endpoint is failing or busy; try again in a minute (check FreshBooks\u2019 status page if it lasts).',
        });
      }
      throw new FreshBooksOAuthError({ status: res.status, parsed });
    },
  });
}

/** Exchanges an authorization code (single-use, 5 minutes) for the first token pair. */
export function exchangeCode(app: OAuthApp, code: string, options: TokenHttpOptions): Promise<FreshBooksTokens> {
  return tokenRequest(
    app,
    { grant_type: 'authorization_code', code },
    options,
    (status, parsed) => new FreshBooksOAuthError({ status, parsed }),
  );
}

/**
 * Spends `refreshToken` for a new pair. invalid_grant (spent, revoked or unknown) becomes
 * FreshBooksReauthRequiredError: retrying cannot help, a person must authorise again.
 */
export function refreshAccessToken(app: OAuthApp, refreshToken: string, options: TokenHttpOptions): Promise<FreshBooksTokens> {
  return tokenRequest(
    app,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    options,
    (status, parsed) => new FreshBooksReauthRequiredError({ status, parsed }),
  );
}
