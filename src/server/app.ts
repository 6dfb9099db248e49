/**
 * The HTTP side of `serve`: health, the FreshBooks OAuth callback, webhooks and the admin
 * API. Each route family is its own module that receives the same dependencies.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../log.js';
import type { Store } from '../store/db.js';
import type { Vault } from '../vault/vault.js';

export interface ServerDeps {
  store: Store;
  vault: Vault;
  logger: Logger;
  /** The URL this server is reached at from outside (for OAuth redirects and webhook URLs). */
  publicUrl: string;
  /** Called once a delivery and its job are stored, so local workers start at once. */
  onEnqueued?: () => void;
  /** Take the client address from X-Forwarded-For: only behind a proxy that sets it. */
  trustProxy?: boolean;
}

export type RouteModule = (app: FastifyInstance, deps: ServerDeps) => void | Promise<void>;

export async function createServer(deps: ServerDeps, modules: RouteModule[]): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true, trustProxy: deps.trustProxy === true });
  app.get('/healthz', () => Promise.resolve({ ok: true }));
  for (const register of modules) await register(app, deps);
  return app;
}
