/**
 * Wires the FreshBooks sandbox together on one Fastify app. The real system has an auth host
 * and an API host; the sandbox serves both path families on one base URL.
 */
import type { FastifyInstance } from 'fastify';
import { seededRandom } from '../../lib/random.js';
import type { FaultInjector } from '../faults.js';
import { itemAt } from '../guards.js';
import { createSandboxApp } from '../http.js';
import { WebhookDispatcher } from '../webhook-dispatcher.js';
import { registerAccountingRoutes } from './accounting-routes.js';
import { seedCategories } from './categories.js';
import { resolveConfig, type FreshBooksSandboxOptions } from './config.js';
import { createControl, registerControlRoutes, type FreshBooksControl } from './control.js';
import {
  BadQueryError,
  ERRNO,
  familyOf,
  freshBooksFaultResponses,
  NotFoundError,
  oauthError,
  SandboxHttpError,
  sendError,
  ServerError,
} from './errors.js';
import { EventFanout } from './events.js';
import { registerEventsRoutes } from './events-routes.js';
import { registerGuard } from './guard.js';
import { registerIdentityRoutes } from './identity.js';
import { registerOAuthRoutes } from './oauth-routes.js';
import { FixedWindowLimiter } from './rate-limit.js';
import { applySeed } from './seed.js';
import { SandboxState } from './state.js';
import { TokenStore } from './tokens.js';

export interface FreshBooksSandboxParts {
  app: FastifyInstance;
  faults: FaultInjector;
  dispatcher: WebhookDispatcher;
  control: FreshBooksControl;
  state: SandboxState;
}

/** The HTTP status Fastify and the body parsers put on their errors, if any. */
function statusCodeOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('statusCode' in err)) return undefined;
  return typeof err.statusCode === 'number' ? err.statusCode : undefined;
}

function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof SandboxHttpError) return sendError(reply, err);
    const status = statusCodeOf(err);
    if (status !== undefined && status >= 400 && status < 500) {
      // A body the parsers could not read (malformed JSON, multipart without boundary…).
      if (familyOf(req.url) === 'oauth') return sendError(reply, oauthError('invalid_request'));
      return sendError(
        reply,
        new BadQueryError({ errno: ERRNO.ParseError, field: 'body', message: 'The request body could not be parsed.', object: 'request' }),
      );
    }
    // A bug in the sandbox itself: answer like FreshBooks would, but say so where a developer looks.
    process.stderr.write(`[freshbooks sandbox] ${req.method} ${req.url}: ${err instanceof Error ? err.stack : String(err)}\n`);
    return sendError(reply, new ServerError(500));
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, new NotFoundError('resource', 'path', req.url.split('?')[0] ?? '')));
}

export function buildFreshBooksSandbox(options: FreshBooksSandboxOptions = {}): FreshBooksSandboxParts {
  const config = resolveConfig(options);
  const now = options.now ?? (() => Date.now());
  const state = new SandboxState(config, now, seededRandom(config.seed));
  for (const id of state.accountIds()) seedCategories(state, state.account(id));

  const dispatcher = new WebhookDispatcher({
    retryDelaysMs: options.webhookRetryDelaysMs,
    timeoutMs: options.webhookTimeoutMs,
    seed: config.seed,
  });
  const fanout = new EventFanout(state, dispatcher);
  if (options.data) applySeed(state, state.account(itemAt(config.businesses, 0, 'business').accountId), options.data);

  const tokens = new TokenStore(state);
  const limiter = new FixedWindowLimiter(config.rateLimit.limit, config.rateLimit.windowSeconds, now);
  const control = createControl(state, tokens);

  const { app, faults } = createSandboxApp({
    name: 'freshbooks',
    faultResponses: freshBooksFaultResponses,
    faults: options.faults,
    seed: config.seed,
    dispatcher,
  });
  registerErrorHandling(app);
  registerGuard(app, { tokens, limiter, state });
  registerOAuthRoutes(app, tokens);
  registerIdentityRoutes(app, state);
  registerAccountingRoutes(app, state);
  registerEventsRoutes(app, state, fanout.sendVerification);
  registerControlRoutes(app, control);
  return { app, faults, dispatcher, control, state };
}
