/**
 * The auth host's routes: `GET /oauth/authorize` (the browser step; approves at once for the
 * configured user), `POST /auth/oauth/token` (JSON, form and multipart bodies — the Node SDK,
 * the Python SDK and the docs' curl each send a different one) and `POST /auth/oauth/revoke`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FreshBooksAppConfig } from './config.js';
import { OAUTH_TEXT, oauthError, sendError } from './errors.js';
import { queryOf } from './paging.js';
import { grantScopes, type TokenStore } from './tokens.js';
import { isObject } from './validation.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A registered redirect URI, or — sandbox only — any http(s) loopback URI without a query
 * string (the real portal requires https and refuses localhost; local tools need a free port).
 */
function allowedRedirect(app: FreshBooksAppConfig, uri: string | undefined): uri is string {
  if (!uri) return false;
  if (app.redirectUris.includes(uri)) return true;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash && LOOPBACK.has(url.hostname);
}

/** One string per field whatever the encoding (JSON numbers become strings, repeated fields keep the first). */
function formFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(body)) return out;
  for (const [k, v] of Object.entries(body)) {
    const first: unknown = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string' || typeof first === 'number' || typeof first === 'boolean') out[k] = String(first);
  }
  return out;
}

/** Client credentials from the body, or from HTTP Basic auth (RFC 6749 §2.3.1). A Bearer header is ignored. */
function clientCredentials(req: FastifyRequest, fields: Record<string, string>): { id?: string; secret?: string } {
  if (fields.client_id) return { id: fields.client_id, secret: fields.client_secret };
  const header = req.headers.authorization ?? '';
  if (!/^basic /i.test(header)) return {};
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return {};
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

export function registerOAuthRoutes(app: FastifyInstance, tokens: TokenStore): void {
  const authorize = (req: FastifyRequest, reply: FastifyReply) => {
    const q = queryOf(req.url);
    const client = tokens.app(q.get('client_id') ?? undefined);
    const redirectUri = q.get('redirect_uri') ?? undefined;
    // Choice FB-01 (docs/api-notes.md): when it cannot redirect, a 400 OAuth JSON error, not a page.
    if (!client) return sendError(reply, oauthError('invalid_client'));
    if (!allowedRedirect(client, redirectUri)) return sendError(reply, oauthError('invalid_redirect_uri'));
    const target = new URL(redirectUri);
    const state = q.get('state');
    // Errors the app can handle go back to it on the redirect URI (RFC 6749 §4.1.2.1).
    const scopes = grantScopes(client, q.get('scope') ?? undefined);
    const refuse = (error: 'unsupported_response_type' | 'invalid_scope') => {
      target.searchParams.set('error', error);
      target.searchParams.set('error_description', OAUTH_TEXT[error]);
    };
    if (q.get('response_type') !== 'code') refuse('unsupported_response_type');
    else if (!scopes) refuse('invalid_scope');
    else target.searchParams.set('code', tokens.issueCode(client.clientId, redirectUri, scopes));
    if (state !== null) target.searchParams.set('state', state);
    return reply.code(302).header('location', target.toString()).header('cache-control', 'no-store').send();
  };
  app.get('/oauth/authorize', authorize);
  app.get('/oauth/authorize/', authorize);

  app.post('/auth/oauth/token', (req, reply) => {
    const fields = formFields(req.body);
    const grantType = fields.grant_type;
    if (!grantType) return sendError(reply, oauthError('invalid_request'));
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') return sendError(reply, oauthError('unsupported_grant_type'));
    const creds = clientCredentials(req, fields);
    const client = tokens.authenticateClient(creds.id, creds.secret);
    let body;
    if (grantType === 'authorization_code') {
      body = tokens.exchangeCode(client, fields.code, fields.redirect_uri);
    } else {
      // Choice FB-07 (docs/api-notes.md): redirect_uri on a refresh is checked when present.
      if (fields.redirect_uri !== undefined && !allowedRedirect(client, fields.redirect_uri)) throw oauthError('invalid_grant');
      body = tokens.refreshGrant(client, fields.refresh_token);
    }
    return reply.header('cache-control', 'no-store').send(body);
  });

  /** Choice FB-08 (docs/api-notes.md): revoke → 200 {} and the grant is dead at once. Client credentials required. */
  app.post('/auth/oauth/revoke', (req, reply) => {
    const fields = formFields(req.body);
    const creds = clientCredentials(req, fields);
    const client = tokens.app(creds.id);
    if (!client || client.clientSecret !== creds.secret) return sendError(reply, oauthError('invalid_client', 401));
    tokens.revoke(client, fields.token);
    return reply.send({});
  });
}
