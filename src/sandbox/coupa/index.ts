/**
 * The Coupa simulator, for tests, the demo and benchmarks:
 *
 *   const coupa = await startCoupaSandbox({ data: generateDataset({ seed: 1 }).coupa });
 *   // coupa.url → http://127.0.0.1:PORT; token: POST {url}/oauth2/token with COUPA_DEMO creds
 *   coupa.control.approveInvoice(9001);      // act as a Coupa user (also over HTTP, see control.ts)
 *   await coupa.close();
 *
 * It follows docs/api-notes.md (Coupa): OAuth client credentials with scopes, the three
 * resources with Coupa's query language, XML unless JSON is asked for, decimals as strings,
 * the 25/s burst-20 rate limit, export flags and PO versions, payments on invoices, and
 * Standard-Webhooks-signed pushes. Admin routes for faults come from ../http.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { FaultInjector, FaultRule } from '../faults.js';
import { createSandboxApp, listen } from '../http.js';
import { WebhookDispatcher } from '../webhook-dispatcher.js';
import { TokenIssuer, type OAuthClient } from './auth.js';
import { registerControlRoutes } from './control-routes.js';
import { CoupaControl } from './control.js';
import { CoupaApiError } from './errors.js';
import { coupaFaultResponses } from './fault-responses.js';
import type { ModelContext } from './model/index.js';
import { PushSender, type PushTarget } from './push.js';
import { COUPA_RATE_LIMIT, TokenBucketLimiter, type RateLimitOptions } from './rate-limit.js';
import { formatOf, sendError } from './respond.js';
import { registerInvoiceRoutes } from './routes/invoices.js';
import { registerOAuthRoutes } from './routes/oauth.js';
import { registerPurchaseOrderRoutes } from './routes/purchase-orders.js';
import { registerSupplierRoutes } from './routes/suppliers.js';
import { CONNECTOR_SCOPES } from './scopes.js';
import { loadSeed, type CoupaSeed } from './seed.js';
import { CoupaState } from './state.js';
import { InstanceClock } from './time.js';

export type { OAuthClient } from './auth.js';
export type { CoupaControl } from './control.js';
export type { PushTarget } from './push.js';
export { generatePushSecret } from './push.js';
export type { RateLimitOptions } from './rate-limit.js';
export type { CoupaSeed } from './seed.js';
export type { WireObject } from './model/index.js';
export { SCOPES } from './scopes.js';
export { EXPIRES_IN_SECONDS } from './auth.js';

/** The demo OAuth client: every scope the connector needs. */
export const COUPA_DEMO: Readonly<OAuthClient> = Object.freeze({
  clientId: 'demo-coupa-client',
  clientSecret: 'demo-coupa-secret',
  scopes: [...CONNECTOR_SCOPES],
});

export interface CoupaSandboxOptions {
  /** Port to listen on (0 = any free port; the default). */
  port?: number;
  host?: string;
  /** Seed for fault and webhook-fault randomness. */
  seed?: number;
  /** OAuth clients (default: COUPA_DEMO). */
  clients?: OAuthClient[];
  /** Pre-existing data, e.g. `generateDataset({ seed }).coupa`. */
  data?: CoupaSeed;
  /** Default 25/s with a burst of 20 per client; `false` turns the limit off. */
  rateLimit?: RateLimitOptions | false;
  faults?: FaultRule[];
  /** Push targets (Standard Webhooks; secrets `whsec_…`). */
  push?: PushTarget[];
  /** Waits between push attempts (default 1 s, 5 s, 30 s, 2 min). */
  webhookRetryDelaysMs?: number[];
  webhookTimeoutMs?: number;
  /** Injectable clock (epoch ms): record times, token expiry, rate limiting, push timestamps. */
  now?: () => number;
  /** The instance's time zone, shown in every timestamp's offset (default America/Los_Angeles). */
  timeZone?: string;
  /** Coupa advises waiting ~5 s before using a new token; set this to simulate it (default 0). */
  tokenActivationDelayMs?: number;
}

export interface CoupaSandbox {
  /** Base URL, e.g. http://127.0.0.1:43121 (empty until listening). */
  url: string;
  app: FastifyInstance;
  faults: FaultInjector;
  dispatcher: WebhookDispatcher;
  control: CoupaControl;
  state: CoupaState;
  close(): Promise<void>;
}

/** Builds the sandbox without listening (for `app.inject()` or a caller that listens itself). */
export function createCoupaSandbox(options: CoupaSandboxOptions = {}): CoupaSandbox {
  const now = options.now ?? Date.now;
  const clock = new InstanceClock(now, options.timeZone);
  const state = new CoupaState(clock);
  const ctx: ModelContext = { state };
  const dispatcher = new WebhookDispatcher({
    seed: options.seed ?? 7,
    ...(options.webhookRetryDelaysMs && { retryDelaysMs: options.webhookRetryDelaysMs }),
    ...(options.webhookTimeoutMs !== undefined && { timeoutMs: options.webhookTimeoutMs }),
  });
  const { app, faults } = createSandboxApp({
    name: 'coupa',
    faultResponses: coupaFaultResponses,
    seed: options.seed ?? 1,
    dispatcher,
    ...(options.faults && { faults: options.faults }),
  });
  const issuer = new TokenIssuer(clock, 'https://northwind.coupahost.com', options.tokenActivationDelayMs ?? 0);
  for (const client of options.clients ?? [COUPA_DEMO]) issuer.addClient(client);
  const limiter = options.rateLimit === false ? undefined : new TokenBucketLimiter(options.rateLimit ?? COUPA_RATE_LIMIT, now);
  const push = new PushSender(state, dispatcher, now, options.push ?? []);
  const control = new CoupaControl({ state, ctx, push, issuer });
  if (options.data) loadSeed(state, options.data);

  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (req.url.startsWith('/_sandbox')) return reply.code(status).send({ error: err.message });
    const message = status >= 500 ? "We're sorry, but something went wrong." : err.message;
    return sendError(reply, formatOf(req), new CoupaApiError(status, 'base', [message]));
  });
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, formatOf(req), new CoupaApiError(404, 'base', [`No route matches [${req.method}] "${req.url.split('?')[0]}"`])),
  );

  const deps = { state, ctx, issuer, limiter };
  registerOAuthRoutes(app, issuer);
  registerSupplierRoutes(app, deps);
  registerPurchaseOrderRoutes(app, deps);
  registerInvoiceRoutes(app, deps);
  registerControlRoutes(app, control);
  app.addHook('onClose', (_instance, done) => {
    push.close();
    done();
  });

  const sandbox: CoupaSandbox = {
    url: '',
    app,
    faults,
    dispatcher,
    control,
    state,
    close: async () => {
      await app.close();
    },
  };
  return sandbox;
}

/** Builds the sandbox and listens (loopback, any free port unless `port` is given). */
export async function startCoupaSandbox(options: CoupaSandboxOptions = {}): Promise<CoupaSandbox> {
  const sandbox = createCoupaSandbox(options);
  sandbox.url = await listen(sandbox.app, options.port ?? 0, options.host ?? '127.0.0.1');
  return sandbox;
}
