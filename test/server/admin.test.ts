/** The admin API: the CLI's reads and replays as JSON, for this machine or a bearer of the admin token. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createServer } from '../../src/server/app.js';
import { routes } from '../../src/server/routes/index.js';
import { withWriteTransaction } from '../../src/store/db.js';
import { insertDelivery } from '../../src/store/queries/deliveries.js';
import { countJobs } from '../../src/store/queries/jobs.js';
import { planTenantSync } from '../../src/app/dry-run.js';
import { coupaEventJob } from '../../src/app/job-kinds.js';
import { startWorld, type World } from '../helpers/world.js';

describe('admin API', () => {
  let world: World;
  let deliveryId: string;
  beforeEach(async () => {
    world = await startWorld();
    ({ id: deliveryId } = await withWriteTransaction(world.store, (tx) =>
      insertDelivery(
        tx,
        {
          tenantId: world.tenantId,
          source: 'coupa',
          dedupeKey: 'msg_a',
          event: 'invoice.updated',
          objectType: 'invoice',
          objectId: '5',
          headers: {},
          body: '{}',
        },
        coupaEventJob('invoice', { type: 'invoice.updated', id: '5' }),
      ),
    ));
  });
  afterEach(async () => {
    delete process.env.ML_CONNECTOR_ADMIN_TOKEN;
    await world.close();
  });

  const server = () =>
    createServer(
      { store: world.store, vault: world.vault, logger: createLogger({ level: 'silent' }), publicUrl: 'http://127.0.0.1:8080' },
      routes(),
    );

  it('lists, shows and replays deliveries; unknown ids are 404 with a message', async () => {
    const app = await server();
    const list = await app.inject({ method: 'GET', url: `/api/tenants/${world.tenantId}/deliveries` });
    expect(list.statusCode).toBe(200);
    expect(list.json().deliveries.map((d: { id: string }) => d.id)).toEqual([deliveryId]);
    expect((await app.inject({ method: 'GET', url: `/api/deliveries/${deliveryId}` })).json().delivery.event).toBe('invoice.updated');
    const replay = await app.inject({ method: 'POST', url: `/api/deliveries/${deliveryId}/replay` });
    expect(replay.statusCode).toBe(202);
    // Its job is still waiting to run: the replay says so and adds none.
    expect(replay.json().replayed[0].state).toBe('already-queued');
    expect(await countJobs(world.store.db, 'pending')).toBe(1);
    const audit = await app.inject({ method: 'GET', url: `/api/tenants/${world.tenantId}/audit?delivery=${deliveryId}` });
    expect(audit.json().events.map((e: { kind: string }) => e.kind)).toEqual(['replay.requested']);
    const missing = await app.inject({ method: 'GET', url: '/api/deliveries/dlv_nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toMatch(/No delivery with id 'dlv_nope'/);
    expect((await app.inject({ method: 'GET', url: '/api/tenants/nobody/deliveries' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/tenants/${world.tenantId}/deliveries?status=weird` })).statusCode).toBe(400);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/ml_connector_jobs\{status="pending"\} 1/);
    await app.close();
  });

  it('serves the plan of the last dry run and the first and last sync reports', async () => {
    const app = await server();
    const url = (which: string) => `/api/tenants/${world.tenantId}/sync-runs/${which}`;
    const none = await app.inject({ method: 'GET', url: url('plan') });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.message).toMatch(/has no dry run yet/);
    const plan = await planTenantSync({ store: world.store, vault: world.vault, tenantId: world.tenantId });
    const served = await app.inject({ method: 'GET', url: url('plan') });
    expect(served.statusCode).toBe(200);
    expect(served.json().run).toMatchObject({ kind: 'plan', items: plan.outcome.items, totals: plan.outcome.totals });
    expect((await app.inject({ method: 'GET', url: url('first') })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: url('everything') })).statusCode).toBe(400);
    await app.close();
  });

  it('checks query strings and bodies instead of trusting their declared types', async () => {
    const app = await server();
    const base = `/api/tenants/${world.tenantId}`;
    const twice = await app.inject({ method: 'GET', url: `${base}/deliveries?status=failed&status=dead` });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.message).toMatch(/status must be given once/);
    expect((await app.inject({ method: 'GET', url: `${base}/audit?limit=0` })).json().error.message).toMatch(/limit must be a positive/);
    const replay = (payload: unknown) =>
      app.inject({
        method: 'POST',
        url: `${base}/deliveries/replay`,
        payload: JSON.stringify(payload),
        headers: { 'content-type': 'application/json' },
      });
    expect((await replay({})).json().error.message).toMatch(/send \{"failed": true\}/);
    expect((await replay({ failed: true, since: 5 })).json().error.message).toMatch(/since must be an ISO-8601 date or instant, as text/);
    expect((await replay({ failed: true, since: 'soon' })).json().error.message).toMatch(/got 'soon'/);
    const ok = await replay({ failed: true, since: '2020-01-01' });
    expect(ok.statusCode).toBe(202);
    await app.close();
  });

  it('refuses other machines without a token, and anyone without the right token when one is set', async () => {
    let app = await server();
    expect((await app.inject({ method: 'GET', url: '/api/tenants', remoteAddress: '10.1.2.3' })).statusCode).toBe(403);
    await app.close();
    process.env.ML_CONNECTOR_ADMIN_TOKEN = 'admin-token-123';
    app = await server();
    expect((await app.inject({ method: 'GET', url: '/api/tenants' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/tenants', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const ok = await app.inject({
      method: 'GET',
      url: '/api/tenants',
      remoteAddress: '10.1.2.3',
      headers: { authorization: 'Bearer admin-token-123' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().tenants[0]).toMatchObject({ tenant: world.tenantId });
    await app.close();
  });
});
