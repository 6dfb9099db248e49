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

type ApiHandler = (req: FastifyRequest, reply: FastifyReply, call: ApiCall) => Promise<FastifyReply>;

function pathParams(params: unknown): Record<string, string> {
  if (!isRecord(params)) return {};
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function rateLimited(): CoupaApiError {
  return new CoupaApiError(429, 'base', ['Rate limit exceeded'], { 'retry-after': '1' });
}

export function guarded(deps: GuardDeps, scope: string, handler: ApiHandler) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const format = formatOf(req);
    try {
      const principal = deps.issuer.authenticate(req.headers.authorization);
      // Choice CP-05 (docs/api-notes.md): one bucket per OAuth client, authenticated API calls only.
      if (deps.limiter && !deps.limiter.take(principal.clientId)) throw rateLimited();
      if (!principal.scopes.has(scope)) {
        // Choice CP-04 (docs/api-notes.md): a missing scope is 403 insufficient_scope, not 401.
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
