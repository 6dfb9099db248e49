/**
 * The admin API under /api/: the same reads and replays as the CLI, as JSON. It answers
 * requests bearing ML_CONNECTOR_ADMIN_TOKEN, or — when no token is configured — requests
 * from this machine only.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, UnknownTenantError, UsageError } from '../../lib/errors.js';
import { listAudit } from '../../store/queries/audit.js';
import { listCredentials } from '../../store/queries/credentials.js';
import { deliveryStatus, getDelivery, listDeliveries, summarise } from '../../store/queries/deliveries.js';
import { DELIVERY_STATUSES } from '../../store/schema.js';
import { listReviews } from '../../store/queries/reviews.js';
import { listTenants, requireTenant } from '../../store/queries/tenants.js';
import { replayDelivery, replayFailed, UnknownDeliveryError } from '../../app/replay.js';
import { NoStoredReportError, requireStoredReport } from '../../app/sync-reports.js';
import { NotConnectedError } from '../../app/errors.js';
import { NoReconciliationError } from '../../app/reconcile.js';
import type { RouteModule } from '../app.js';
import { number, text, type Query } from './query.js';
import { reconciliationRoutes } from './reconciliation.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function authorised(request: FastifyRequest, token: string | undefined): boolean {
  if (!token) return LOOPBACK.has(request.socket.remoteAddress ?? '');
  const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function statusOf(err: AppError): number {
  if (
    err instanceof UnknownTenantError ||
    err instanceof UnknownDeliveryError ||
    err instanceof NoStoredReportError ||
    err instanceof NoReconciliationError
  )
    return 404;
  if (err instanceof UsageError) return 400;
  // The request is fine; the tenant is not in a state to answer it until someone connects it.
  if (err instanceof NotConnectedError) return 409;
  return 500;
}

/** The body of a bulk replay: `{"failed": true, "since"?: "2026-11-01"}` (epoch ms, or undefined). */
const bulkReplay = z.object({ failed: z.literal(true), since: z.string().optional() });

function sinceOf(body: unknown): number | undefined {
  const parsed = bulkReplay.safeParse(body ?? {});
  if (!parsed.success) {
    const failedIsTrue = typeof body === 'object' && body !== null && 'failed' in body && body.failed === true;
    if (!failedIsTrue) throw new UsageError('Only replaying failed deliveries in bulk is supported: send {"failed": true}.');
    throw new UsageError('since must be an ISO-8601 date or instant, as text.');
  }
  const { since } = parsed.data;
  if (since === undefined) return undefined;
  const at = Date.parse(since);
  if (Number.isNaN(at)) throw new UsageError(`since must be an ISO-8601 date or instant; got '${since}'.`);
  return at;
}

export const adminRoutes: RouteModule = (app, deps) => {
  const token = process.env.ML_CONNECTOR_ADMIN_TOKEN || undefined;
  const db = deps.store.db;

  app.register(
    (api, _options, registered) => {
      api.addHook('onRequest', (request, reply, done) => {
        if (authorised(request, token)) {
          done();
          return;
        }
        // Answered here: the route never runs (and `done` is not called).
        void reply.code(token ? 401 : 403).send({
          error: {
            code: 'forbidden',
            message: token
              ? 'Missing or wrong admin token.'
              : 'The admin API answers this machine only when ML_CONNECTOR_ADMIN_TOKEN is not set.',
            hint: token
              ? 'Send Authorization: Bearer <ML_CONNECTOR_ADMIN_TOKEN>.'
              : 'Set ML_CONNECTOR_ADMIN_TOKEN on the service and send it as a bearer token.',
          },
        });
      });
      api.setErrorHandler((err, _request, reply) => {
        if (err instanceof AppError)
          return reply.code(statusOf(err)).send({ error: { code: err.code, message: err.message, hint: err.hint ?? null } });
        deps.logger.error({ err }, 'admin API failed');
        return reply.code(500).send({ error: { code: 'internal', message: 'Internal error; see the service log.' } });
      });

      api.get('/tenants', async () => {
        const tenants = await listTenants(db);
        return {
          tenants: await Promise.all(
            tenants.map(async (t) => ({
              tenant: t.id,
              connections: (await listCredentials(db, t.id)).map((c) => ({ side: c.provider, status: c.status, lastError: c.lastError })),
            })),
          ),
        };
      });

      // The last dry run's plan, the first sync's report (the one signed off on day one), or the last sync's.
      api.get<{ Params: { tenant: string; which: string } }>('/tenants/:tenant/sync-runs/:which', async (request) => {
        const { tenant, which } = request.params;
        await requireTenant(db, tenant);
        const key = (['plan', 'first', 'last'] as const).find((k) => k === which);
        if (!key) throw new UsageError(`The run must be one of plan, first, last; got '${which}'.`);
        const stored = await requireStoredReport(db, tenant, key);
        return {
          tenant,
          run: { kind: key, at: new Date(stored.at).toISOString(), complete: stored.complete, passes: stored.passes, ...stored.outcome },
        };
      });

      api.get<{ Params: { tenant: string }; Querystring: Query }>('/tenants/:tenant/deliveries', async (request) => {
        const { tenant } = request.params;
        await requireTenant(db, tenant);
        const given = text(request.query, 'status');
        const status = given === undefined ? undefined : deliveryStatus(given);
        if (given !== undefined && status === undefined)
          throw new UsageError(`status must be one of ${DELIVERY_STATUSES.join(', ')}; got '${given}'.`);
        const list = await listDeliveries(db, {
          tenantId: tenant,
          ...(status ? { status } : {}),
          limit: number(request.query, 'limit', 100),
        });
        return { deliveries: list.map(summarise) };
      });

      api.get<{ Params: { id: string } }>('/deliveries/:id', async (request) => {
        const delivery = await getDelivery(db, request.params.id);
        if (!delivery) throw new UnknownDeliveryError(request.params.id);
        return { delivery, audit: await listAudit(db, { deliveryId: delivery.id }) };
      });

      api.post<{ Params: { id: string } }>('/deliveries/:id/replay', async (request, reply) => {
        const replayed = await replayDelivery(deps.store, request.params.id, `admin-api ${request.ip}`);
        deps.onEnqueued?.();
        return reply.code(202).send({ replayed: [replayed] });
      });

      api.post<{ Params: { tenant: string }; Body: unknown }>('/tenants/:tenant/deliveries/replay', async (request, reply) => {
        const { tenant } = request.params;
        await requireTenant(db, tenant);
        const since = sinceOf(request.body);
        const replayed = await replayFailed(deps.store, tenant, since, `admin-api ${request.ip}`);
        deps.onEnqueued?.();
        return reply.code(202).send({ replayed });
      });

      api.get<{ Params: { tenant: string }; Querystring: Query }>('/tenants/:tenant/audit', async (request) => {
        const { tenant } = request.params;
        await requireTenant(db, tenant);
        const delivery = text(request.query, 'delivery');
        const events = await listAudit(db, {
          tenantId: tenant,
          ...(delivery ? { deliveryId: delivery } : {}),
          limit: number(request.query, 'limit', 500),
        });
        return { events };
      });

      api.get<{ Params: { tenant: string } }>('/tenants/:tenant/reviews', async (request) => {
        await requireTenant(db, request.params.tenant);
        return { reviews: await listReviews(db, request.params.tenant) };
      });

      reconciliationRoutes(api, deps);
      registered();
    },
    { prefix: '/api' },
  );
};
