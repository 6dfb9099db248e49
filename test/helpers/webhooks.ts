/**
 * Webhook test plumbing: a world (both sandboxes, a store, a tenant connected to both) with a
 * server built by createServer(...) listening on a real port, a clock the receivers read
 * (frozen per test, moved by hand), and small helpers to post signed deliveries and count
 * what was stored.
 */
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../../src/log.js';
import { createServer } from '../../src/server/app.js';
import { webhookRoutes, type WebhookRouteOptions } from '../../src/server/webhooks/index.js';
import { listAudit, type AuditEvent } from '../../src/store/queries/audit.js';
import type { Store } from '../../src/store/db.js';
import { startWorld, type World, type WorldOptions } from './world.js';

export interface WebhookWorld extends World {
  base: string;
  server: FastifyInstance;
  /** The receivers' clock (epoch ms); frozen at the start, move it by assigning. */
  clock: { now: number };
  /** Another server on the same store (e.g. a small inbox bound, a moved clock, behind a proxy). */
  extraServer(options: WebhookRouteOptions, server?: { trustProxy?: boolean }): Promise<{ base: string; close(): Promise<void> }>;
}

async function listen(
  store: World['store'],
  vault: World['vault'],
  options: WebhookRouteOptions,
  trustProxy = false,
): Promise<{ app: FastifyInstance; base: string }> {
  const app = await createServer({ store, vault, logger: createLogger({ level: 'silent' }), publicUrl: 'http://127.0.0.1', trustProxy }, [
    webhookRoutes(options),
  ]);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return { app, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

export async function startWebhookWorld(options: WorldOptions & { routes?: WebhookRouteOptions } = {}): Promise<WebhookWorld> {
  const world = await startWorld(options);
  const clock = { now: Date.now() };
  const { app, base } = await listen(world.store, world.vault, { now: () => clock.now, ...options.routes });
  const extras: FastifyInstance[] = [];
  // Kept before Object.assign below replaces world.close with the version that also stops the servers.
  const closeWorld = world.close.bind(world);
  return Object.assign(world, {
    base,
    server: app,
    clock,
    async extraServer(extra: WebhookRouteOptions, server: { trustProxy?: boolean } = {}) {
      const made = await listen(world.store, world.vault, { now: () => clock.now, ...extra }, server.trustProxy === true);
      extras.push(made.app);
      return { base: made.base, close: () => made.app.close() };
    },
    async close() {
      world.freshbooks.dispatcher.close();
      world.coupa.dispatcher.close();
      for (const e of extras) await e.close();
      await app.close();
      await closeWorld();
    },
  });
}

interface Posted {
  status: number;
  headers: Headers;
  body: any;
}

export async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Posted> {
  const res = await fetch(url, { method: 'POST', body, headers });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep the text */
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export async function count(store: Store, table: 'deliveries' | 'jobs' | 'audit_events'): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function auditKinds(store: Store, tenantId: string): Promise<string[]> {
  return (await listAudit(store.db, { tenantId })).map((e) => e.kind);
}

export async function auditOf(store: Store, tenantId: string, kind: string): Promise<AuditEvent[]> {
  return (await listAudit(store.db, { tenantId })).filter((e) => e.kind === kind);
}
