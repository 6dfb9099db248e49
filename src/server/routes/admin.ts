/**
 * The admin API under /api/: the same reads and replays as the CLI, as JSON. It answers
 * requests bearing ML_CONNECTOR_ADMIN_TOKEN, or — when no token is configured — requests
 * from this machine only.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, UnknownTenantError, UsageError } from '../../lib/errors.js';
import { listAudit } from '../../store/queries/audit.js';
import { listCredentials } from '../../store/queries/credentials.js';
import { getDelivery, listDeliveries } from '../../store/queries/deliveries.js';
import { listReviews } from '../../store/queries/reviews.js';
import { listTenants, requireTenant } from '../../store/queries/tenants.js';
import type { DeliveryStatus } from '../../store/schema.js';
import { replayDelivery, replayFailed, UnknownDeliveryError } from '../../app/replay.js';
import type { RouteModule } from '../app.js';

const STATUSES: DeliveryStatus[] = ['received', 'processed', 'failed', 'dead'];
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function authorised(request: FastifyRequest, token: string | undefined): boolean {
  if (!token) return LOOPBACK.has(request.socket.remoteAddress ?? '');
  const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function statusOf(err: AppError): number {
  if (err instanceof UnknownTenantError || err instanceof UnknownDeliveryError) return 404;
  if (err instanceof UsageError) return 400;
  return 500;
}

function number(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive whole number; got '${String(value)}'.`);
  return n;
}

export const adminRoutes: RouteModule = (app, deps) => {
  const token = process.env.ML_CONNECTOR_ADMIN_TOKEN || undefined;
  const db = deps.store.db;

  app.register(
    async (api) => {
      api.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        if (!authorised(request, token)) {
          return reply.code(token ? 401 : 403).send({
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
        }
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

      api.get<{ Params: { tenant: string }; Querystring: { status?: string; limit?: string } }>(
        '/tenants/:tenant/deliveries',
        async (request) => {
          const { tenant } = request.params;
          await requireTenant(db, tenant);
          const status = request.query.status;
          if (status !== undefined && !STATUSES.includes(status as DeliveryStatus))
            throw new UsageError(`status must be one of ${STATUSES.join(', ')}; got '${status}'.`);
          const list = await listDeliveries(db, {
            tenantId: tenant,
            ...(status ? { status: status as DeliveryStatus } : {}),
            limit: number(request.query.limit, 'limit', 100),
          });
          return { deliveries: list.map(({ body: _b, headers: _h, ...d }) => d) };
        },
      );

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

      api.post<{ Params: { tenant: string }; Body: { failed?: boolean; since?: string } | undefined }>(
        '/tenants/:tenant/deliveries/replay',
        async (request, reply) => {
          const { tenant } = request.params;
          await requireTenant(db, tenant);
          const body = request.body ?? {};
          if (body.failed !== true) throw new UsageError('Only replaying failed deliveries in bulk is supported: send {"failed": true}.');
          const since = body.since === undefined ? undefined : Date.parse(body.since);
          if (since !== undefined && Number.isNaN(since))
            throw new UsageError(`since must be an ISO-8601 date or instant; got '${body.since}'.`);
          const replayed = await replayFailed(deps.store, tenant, since, `admin-api ${request.ip}`);
          deps.onEnqueued?.();
          return reply.code(202).send({ replayed });
        },
      );

      api.get<{ Params: { tenant: string }; Querystring: { delivery?: string; limit?: string } }>(
        '/tenants/:tenant/audit',
        async (request) => {
          const { tenant } = request.params;
          await requireTenant(db, tenant);
          const events = await listAudit(db, {
            tenantId: tenant,
            ...(request.query.delivery ? { deliveryId: request.query.delivery } : {}),
            limit: number(request.query.limit, 'limit', 500),
          });
          return { events };
        },
      );

      api.get<{ Params: { tenant: string } }>('/tenants/:tenant/reviews', async (request) => {
        await requireTenant(db, request.params.tenant);
        return { reviews: await listReviews(db, request.params.tenant) };
      });
    },
    { prefix: '/api' },
  );
};
