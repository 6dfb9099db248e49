/**
 * OAuth 2.0 client credentials as a Coupa instance runs them: `POST /oauth2/token` with the
 * client's id and secret in the form body or as HTTP Basic, a space-separated `scope` that
 * must be a subset of what the client was granted, and a JWT-looking bearer token that lasts
 * 24 hours. Error bodies follow RFC 6749 (Coupa's OAuth server is Doorkeeper-like).
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { asText, isRecord } from '../guards.js';
import { CoupaApiError } from './errors.js';
import { KNOWN_SCOPES } from './scopes.js';
import type { InstanceClock } from './time.js';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

export interface Principal {
  clientId: string;
  scopes: ReadonlySet<string>;
}

interface IssuedToken extends Principal {
  issuedAt: number;
  expiresAt: number;
}

interface TokenResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Coupa reports 86399 s; the token stops working 24 h after issue. */
export const EXPIRES_IN_SECONDS = 86_399;
const LIFETIME_MS = 86_400_000;

const oauthError = (status: number, error: string, description: string): TokenResponse => ({
  status,
  headers: {
    'cache-control': 'no-store',
    ...(status === 401 ? { 'www-authenticate': `Basic realm="Coupa", error="${error}"` } : {}),
  },
  body: { error, error_description: description },
});

function field(body: unknown, name: string): string | undefined {
  if (!isRecord(body)) return undefined;
  const v = body[name];
  if (Array.isArray(v)) return v[0] === undefined ? undefined : asText(v[0]);
  return v === undefined || v === null ? undefined : asText(v);
}

function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class TokenIssuer {
  private readonly clients = new Map<string, OAuthClient>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly signingKey = randomBytes(32);

  constructor(
    private readonly clock: InstanceClock,
    private readonly issuer: string,
    /** Docs advise waiting ~5 s before using a new token; 0 (default) makes it usable at once. */
    private readonly activationDelayMs = 0,
  ) {}

  addClient(client: OAuthClient): void {
    this.clients.set(client.clientId, { ...client, scopes: [...client.scopes] });
  }

  listClients(): OAuthClient[] {
    return [...this.clients.values()].map((c) => ({ ...c, scopes: [...c.scopes] }));
  }

  /** Every token issued so far stops working (as if 24 h had passed). */
  expireAll(): void {
    for (const t of this.tokens.values()) t.expiresAt = Math.min(t.expiresAt, this.clock.nowMs());
  }

  token(body: unknown, authorization: string | undefined): TokenResponse {
    let clientId = field(body, 'client_id');
    let clientSecret = field(body, 'client_secret');
    const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '')?.[1];
    if (basic !== undefined) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) {
        // RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding.
        clientId = formDecode(decoded.slice(0, colon));
        clientSecret = formDecode(decoded.slice(colon + 1));
      }
    }
    const grantType = field(body, 'grant_type');
    if (!grantType) return oauthError(400, 'invalid_request', 'The request is missing a required parameter: grant_type.');
    if (grantType !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.');
    }
    const client = clientId === undefined ? undefined : this.clients.get(clientId);
    if (!client || clientSecret === undefined || !sameSecret(client.clientSecret, clientSecret)) {
      return oauthError(
        401,
        'invalid_client',
        'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
      );
    }
    const requested = (field(body, 'scope') ?? '').split(' ').filter((s) => s !== '');
    // Choice CP-01 (docs/api-notes.md): no `scope` grants everything the client has.
    const scopes = requested.length === 0 ? client.scopes : requested;
    if (scopes.some((s) => !client.scopes.includes(s) || !KNOWN_SCOPES.includes(s))) {
      return oauthError(400, 'invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
    }
    const now = this.clock.nowMs();
    const accessToken = this.mint(client.clientId, scopes, now);
    this.prune(now);
    this.tokens.set(accessToken, { clientId: client.clientId, scopes: new Set(scopes), issuedAt: now, expiresAt: now + LIFETIME_MS });
    return {
      status: 200,
      headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
      // Choice CP-02 (docs/api-notes.md): `scope` echoed, token_type lower-case "bearer".
      body: { access_token: accessToken, token_type: 'bearer', expires_in: EXPIRES_IN_SECONDS, scope: scopes.join(' ') },
    };
  }

  /** The caller behind `Authorization: Bearer …`, or a 401. */
  authenticate(authorization: string | undefined): Principal {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    // Choice CP-03 (docs/api-notes.md): 401 in Coupa's error shape, with an RFC 6750 header.
    if (bearer === undefined) throw unauthorized('invalid_request', 'Authentication required: send Authorization: Bearer <access token>.');
    const token = this.tokens.get(bearer);
    if (!token) throw unauthorized('invalid_token', 'The access token is invalid');
    const now = this.clock.nowMs();
    if (now >= token.expiresAt) throw unauthorized('invalid_token', 'The access token expired');
    if (now < token.issuedAt + this.activationDelayMs) throw unauthorized('invalid_token', 'The access token is not active yet');
    return { clientId: token.clientId, scopes: token.scopes };
  }

  /** A JWT-shaped token; its length grows with the scopes, as Coupa's does. */
  private mint(clientId: string, scopes: string[], now: number): string {
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'coupa-sandbox' }));
    const iat = Math.floor(now / 1000);
    const payload = base64url(
      JSON.stringify({
        iss: this.issuer,
        sub: clientId,
        aud: this.issuer,
        iat,
        exp: iat + EXPIRES_IN_SECONDS,
        scope: scopes.join(' '),
        jti: randomUUID(),
      }),
    );
    const signature = createHmac('sha256', this.signingKey).update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${signature}`;
  }

  private prune(now: number): void {
    if (this.tokens.size < 1000) return;
    for (const [k, t] of this.tokens) if (t.expiresAt <= now) this.tokens.delete(k);
  }
}

export function unauthorized(error: string, description: string): CoupaApiError {
  return new CoupaApiError(401, 'base', [description], {
    'www-authenticate': `Bearer realm="Coupa", error="${error}", error_description="${description}"`,
  });
}
