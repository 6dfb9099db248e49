/**
 * What every API call passes before its handler: a live bearer token (401), the rate limit
 * (429, with X-RateLimit-* headers on every answer), the route's scopes (403) and membership of
 * the account in the path (403). Routes declare their needs in `config.freshbooks`; routes
 * without it (OAuth, /_sandbox) are not guarded.
 */
import { isRecord } from '../guards.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { accountDenied, insufficientScope, RateLimitedError, sendError, UnauthenticatedError } from './errors.js';
import type { FixedWindowLimiter } from './rate-limit.js';
import type { SandboxState } from './state.js';
import type { AuthContext, TokenStore } from './tokens.js';

interface RoutePolicy {
  /** Every one of these scopes is required. */
  scopes?: string[];
  /** The path has `:accountId`, which must be one of the user's accounts. */
  account?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    freshbooks?: RoutePolicy;
  }
  interface FastifyRequest {
    freshbooksAuth?: AuthContext;
  }
}

/** The caller, for handlers of guarded routes. */
function authOf(req: FastifyRequest): AuthContext {
  if (!req.freshbooksAuth) throw new UnauthenticatedError();
  return req.freshbooksAuth;
}

/** For checks a handler can only make once it has read the body (e.g. a callback's event). */
export function requireScopes(req: FastifyRequest, needed: readonly string[]): void {
  const auth = authOf(req);
  const missing = needed.filter((s) => !auth.scopes.includes(s));
  if (missing.length > 0) throw insufficientScope(auth.scopes, needed);
}

function bearer(req: FastifyRequest): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

export function registerGuard(app: FastifyInstance, deps: { tokens: TokenStore; limiter: FixedWindowLimiter; state: SandboxState }): void {
  app.addHook('onRequest', async (req, reply) => {
    const policy = req.routeOptions.config.freshbooks;
    if (!policy) return;
    const auth = deps.tokens.authenticate(bearer(req));
    if (!auth) return sendError(reply, new UnauthenticatedError());
    const rate = deps.limiter.hit(auth.accessToken);
    reply.header('x-ratelimit-limit', String(rate.limit));
    reply.header('x-ratelimit-remaining', String(rate.remaining));
    reply.header('x-ratelimit-reset', String(rate.resetAt));
    if (!rate.allowed) return sendError(reply, new RateLimitedError(rate.retryAfter));
    req.freshbooksAuth = auth;
    const required = policy.scopes ?? [];
    const missing = required.filter((s) => !auth.scopes.includes(s));
    if (missing.length > 0) return sendError(reply, insufficientScope(auth.scopes, required));
    if (policy.account) {
      const params = req.params;
      const accountId = isRecord(params) && typeof params.accountId === 'string' ? params.accountId : '';
      if (!deps.state.accountIds().includes(accountId)) return sendError(reply, accountDenied(accountId));
    }
  });
}
