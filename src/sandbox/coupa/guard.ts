/**
 * What stands before every `/api/…` handler: the bearer token (401), the client's rate-limit
 * bucket (429), the scope the route needs (403), and the translation of any CoupaApiError into
 * Coupa's error body in the negotiated format.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isRecord } from '../guards.js';
import type { Principal, TokenIssuer } from './auth.js';
import { CoupaApiError } from './errors.js';
import type { TokenBucketLimiter } from './rate-limit.js';
import { formatOf, sendError, type Format } from './respond.js';

export interface GuardDeps {
  issuer: TokenIssuer;
  limiter: TokenBucketLimiter | undefined;
}

export interface ApiCall {
  format: Format;
  principal: Principal;
  /** The route's path parameters (`:id`). */
  params: Readonly<Record<string, string>>;
}

export type ApiHandler = (req: FastifyRequest, reply: FastifyReply, call: ApiCall) => Promise<FastifyReply>;

function pathParams(params: unknown): Record<string, string> {
  if (!isRecord(params)) return {};
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export function rateLimited(): CoupaApiError {
  return new CoupaApiError(429, 'base', ['Rate limit exceeded'], { 'retry-after': '1' });
}

export function guarded(deps: GuardDeps, scope: string, handler: ApiHandler) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const format = formatOf(req);
    try {
      const principal = deps.issuer.authenticate(req.headers.authorization);
      // UNCONFIRMED: what Coupa meters; we keep one bucket per OAuth client id, counting only
      // authenticated API calls (token requests and control routes are not metered).
      if (deps.limiter && !deps.limiter.take(principal.clientId)) throw rateLimited();
      if (!principal.scopes.has(scope)) {
        // UNCONFIRMED: 401 vs 403 for a valid token without the scope; we choose 403 (RFC 6750
        // insufficient_scope), so a client does not loop refreshing a token that cannot help.
        throw new CoupaApiError(403, 'base', [`Access denied: this access token lacks the scope ${scope}`], {
          'www-authenticate': `Bearer realm="Coupa", error="insufficient_scope", scope="${scope}"`,
        });
      }
      return await handler(req, reply, { format, principal, params: pathParams(req.params) });
    } catch (err) {
      if (err instanceof CoupaApiError) return sendError(reply, format, err);
      throw err;
    }
  };
}
