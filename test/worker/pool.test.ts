/**
 * Workers over the real queue and both sandboxes: a delivery is processed and audited step
 * by step; a failing one is retried on its schedule and succeeds with one bill only; one that
 * keeps failing is dead-lettered, and a replay then succeeds.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { withWriteTransaction } from '../../src/store/db.js';
import { sql } from '../../src/store/kysely.js';
import { listAudit } from '../../src/store/queries/audit.js';
import { getDelivery, insertDelivery } from '../../src/store/queries/deliveries.js';
import { countJobs } from '../../src/store/queries/jobs.js';
import { coupaEventJob } from '../../src/app/job-kinds.js';
import { PollScheduler } from '../../src/worker/poll-scheduler.js';
import { WorkerPool } from '../../src/worker/pool.js';
import { replayDelivery } from '../../src/app/replay.js';
import { storeTargets } from '../helpers/stores.js';
import { startWorld, type World } from '../helpers/world.js';
import { runCli } from '../helpers/cli.js';
import { createServer } from '../../src/server/app.js';
import { routes } from '../../src/server/routes/index.js';

const logger = createLogger({ level: 'silent' });

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(storeTargets)('worker pool on $name', (target) => {
  let world: World;
  let pool: WorkerPool | undefined;
  let poId: string;

  beforeEach(async () => {
    world = await startWorld({ target });
    const supplier = world.coupa.control.createSupplier({ name: 'Hartley & Finch LLP' });
    const po = world.coupa.control.createPurchaseOrder({
      supplierId: Number(supplier.id),
      poNumber: 'PO-77',
      currency: 'USD',
      status: 'issued',
      lines: [{ description: 'Retainer', price: '500.00' }],
    });
    poId = String(po.id);
  });
  afterEach(async () => {
    await pool?.stop(1_000);
    pool = undefined;
    await world.close();
  });

  const deliver = (dedupeKey: string) =>
    withWriteTransaction(world.store, (tx) =>
      insertDelivery(
        tx,
        {
          tenantId: world.tenantId,
          source: 'coupa',
          dedupeKey,
          event: 'purchase_order.updated',
          objectType: 'purchase_order',
          objectId: poId,
          headers: { 'webhook-id': dedupeKey },
          body: JSON.stringify({ type: 'purchase_order.updated', data: { id: Number(poId) } }),
        },
        coupaEventJob('purchase_order', { type: 'purchase_order.updated', id: poId }),
      ),
    );
  const start = (retryScheduleMs: number[]) => {
    pool = new WorkerPool({ store: world.store, vault: world.vault, logger, idleMs: 20, retryScheduleMs });
    pool.start();
    return pool;
  };
  const status = async (id: string) => (await getDelivery(world.store.db, id))?.status;

  it('processes a delivery: fetches the object, syncs it, and audits every step', async () => {
    const { id } = await deliver('msg_1');
    start([50]);
    await until(async () => (await status(id)) === 'processed', 'the delivery to be processed');
    expect(world.fb().bills.map((b) => b.bill_number)).toEqual(['PO PO-77']);
    const kinds = (await listAudit(world.store.db, { deliveryId: id })).map((e) => e.kind);
    expect(kinds[0]).toBe('processing.started');
    expect(kinds).toContain('api.call');
    expect(kinds.filter((k) => k === 'write')).toHaveLength(2); // the vendor, then the bill
    expect(kinds.at(-1)).toBe('processing.succeeded');
    const calls = (await listAudit(world.store.db, { deliveryId: id })).filter((e) => e.kind === 'api.call');
    expect(
      calls.some(
        (c) => c.detail.provider === 'coupa' && c.detail.method === 'GET' && String(c.detail.path).startsWith('/api/purchase_orders/'),
      ),
    ).toBe(true);
    expect(JSON.stringify(calls)).not.toMatch(/Bearer|access_token/);
  });

  it('a delivery whose FreshBooks write fails is retried and succeeds later, with one bill only', async () => {
    world.freshbooks.faults.add({
      kind: 'error',
      status: 500,
      method: 'POST',
      path: `/accounting/account/${world.accountId}/bills/bills`,
      times: 1,
    });
    const { id } = await deliver('msg_2');
    start([100]);
    await until(async () => (await status(id)) === 'processed', 'the retried delivery to be processed');
    const delivery = await getDelivery(world.store.db, id);
    expect(delivery?.attempts).toBe(2);
    expect(world.fb().bills).toHaveLength(1);
    const kinds = (await listAudit(world.store.db, { deliveryId: id })).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'processing.failed')).toHaveLength(1);
    expect(kinds.at(-1)).toBe('processing.succeeded');
  });

  it('dead-letters after the last try; a replay then succeeds and writes nothing twice', async () => {
    const rule = world.freshbooks.faults.add({
      kind: 'error',
      status: 500,
      method: 'POST',
      path: `/accounting/account/${world.accountId}/bills/bills`,
    });
    const { id } = await deliver('msg_3');
    start([30, 30]);
    await until(async () => (await status(id)) === 'dead', 'the delivery to be dead-lettered');
    expect((await getDelivery(world.store.db, id))?.attempts).toBe(3);
    expect(world.fb().bills).toHaveLength(0);
    expect((await listAudit(world.store.db, { deliveryId: id })).at(-1)?.kind).toBe('processing.dead');

    world.freshbooks.faults.remove(rule.id!);
    await replayDelivery(world.store, id, 'test');
    pool!.poke();
    await until(async () => (await status(id)) === 'processed', 'the replayed delivery to be processed');
    await replayDelivery(world.store, id, 'test');
    await until(
      async () => (await countJobs(world.store.db, 'pending')) + (await countJobs(world.store.db, 'running')) === 0,
      'the second replay to finish',
    );
    expect(world.fb().bills).toHaveLength(1);
    const kinds = (await listAudit(world.store.db, { deliveryId: id })).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'replay.requested')).toHaveLength(2);
  });

  it('a replay of a failed delivery runs at once instead of waiting for its retry, from the CLI and the admin API; a second replay adds nothing', async () => {
    world.freshbooks.faults.add({
      kind: 'error',
      status: 503,
      method: 'POST',
      path: `/accounting/account/${world.accountId}/bills/bills`,
      times: 1,
    });
    const { id } = await deliver('msg_r');
    // The retry would come in an hour: only the replay can make it run within this test.
    start([3_600_000]);
    await until(async () => (await status(id)) === 'failed', 'the first try to fail');
    const cli = await runCli([
      ...(world.databaseUrl ? ['--database-url', world.databaseUrl] : ['--data-dir', world.dataDir]),
      'deliveries',
      'replay',
      id,
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/its retry \(job \d+\) was waiting for its time; it runs now instead/);
    await until(async () => (await status(id)) === 'processed', 'the replayed delivery to be processed', 5_000);
    expect(world.fb().bills).toHaveLength(1);
    expect(await countJobs(world.store.db)).toBe(1);

    // The same through the admin API, for a delivery of another record.
    world.freshbooks.faults.add({
      kind: 'error',
      status: 503,
      method: 'POST',
      path: `/accounting/account/${world.accountId}/bills/bills`,
      times: 1,
    });
    const other = world.coupa.control.createPurchaseOrder({
      supplierId: Number(world.coupa.control.records('suppliers')[0]?.id),
      poNumber: 'PO-78',
      currency: 'USD',
      status: 'issued',
      lines: [{ description: 'Windows', price: '650.00' }],
    });
    const { id: revision } = await withWriteTransaction(world.store, (tx) =>
      insertDelivery(
        tx,
        {
          tenantId: world.tenantId,
          source: 'coupa',
          dedupeKey: 'msg_r2',
          event: 'purchase_order.created',
          objectType: 'purchase_order',
          objectId: String(other.id),
          headers: {},
          body: '{}',
        },
        coupaEventJob('purchase_order', { type: 'purchase_order.created', id: String(other.id) }),
      ),
    );
    await until(async () => (await status(revision)) === 'failed', 'the new PO to fail once');
    const app = await createServer({ store: world.store, vault: world.vault, logger, publicUrl: 'http://127.0.0.1:8080' }, routes());
    try {
      const replayed = await app.inject({ method: 'POST', url: `/api/deliveries/${revision}/replay` });
      expect(replayed.statusCode).toBe(202);
      expect(replayed.json().replayed[0].state).toBe('advanced');
    } finally {
      await app.close();
    }
    await until(async () => (await status(revision)) === 'processed', 'the revision replayed through the API to be processed', 5_000);
    expect(
      world
        .fb()
        .bills.map((b) => b.bill_number)
        .sort(),
    ).toEqual(['PO PO-77', 'PO PO-78']);

    // Queued twice while no worker runs: the second replay adds no job.
    await pool!.stop(1_000);
    const first = await replayDelivery(world.store, id, 'test');
    const second = await replayDelivery(world.store, id, 'test');
    expect([first.state, second.state]).toEqual(['queued', 'already-queued']);
    expect(second.jobId).toBe(first.jobId);
    expect(await countJobs(world.store.db, 'pending')).toBe(1);
  });

  it('a worker whose lease is taken over stops the job (its calls are aborted) and records nothing', async () => {
    world.coupa.faults.add({ kind: 'latency', latencyMs: 30_000, method: 'GET', path: `/api/purchase_orders/${poId}` });
    const { id } = await deliver('msg_l');
    pool = new WorkerPool({ store: world.store, vault: world.vault, logger, idleMs: 20, leaseMs: 300, retryScheduleMs: [50] });
    pool.start();
    const running = async () =>
      (await world.store.db.selectFrom('jobs').select('status').where('delivery_id', '=', id).executeTakeFirst())?.status === 'running';
    await until(running, 'the job to start');
    // Another worker took the job over (as after a pause longer than the lease).
    await world.store.db
      .updateTable('jobs')
      .set({ locked_by: 'other-worker', locked_until: Date.now() + 60_000 })
      .where('delivery_id', '=', id)
      .execute();
    await until(
      () => Promise.resolve((pool as unknown as { active: Map<number, unknown> }).active.size === 0),
      'the worker to stop the job',
      10_000,
    );
    const row = await world.store.db
      .selectFrom('jobs')
      .select(['status', 'locked_by'])
      .where('delivery_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'running', locked_by: 'other-worker' });
    expect(await status(id)).toBe('received');
    const kinds = (await listAudit(world.store.db, { deliveryId: id })).map((e) => e.kind);
    expect(kinds).toEqual(['processing.started']);
  });

  it('on shutdown, a job still running after the drain time is stopped, then given back untouched', async () => {
    world.coupa.faults.add({ kind: 'latency', latencyMs: 30_000, method: 'GET', path: `/api/purchase_orders/${poId}` });
    const { id } = await deliver('msg_s');
    start([50]);
    const job = () =>
      world.store.db.selectFrom('jobs').select(['status', 'locked_by', 'attempts']).where('delivery_id', '=', id).executeTakeFirstOrThrow();
    await until(async () => (await job()).status === 'running', 'the job to start');
    await pool!.stop(200);
    expect(await job()).toEqual({ status: 'pending', locked_by: null, attempts: 0 });
    expect(await status(id)).toBe('received');
  });

  it('a job whose payload is not in this version’s shape is dead at once, not retried', async () => {
    const { id } = await withWriteTransaction(world.store, (tx) =>
      insertDelivery(
        tx,
        {
          tenantId: world.tenantId,
          source: 'coupa',
          dedupeKey: 'msg_bad',
          event: 'purchase_order.updated',
          objectType: 'purchase_order',
          objectId: poId,
          headers: {},
          body: '{}',
        },
        { kind: 'coupa-event', recordKey: `coupa:purchase_order:${poId}`, payload: { id: 7 }, maxAttempts: 5 },
      ),
    );
    start([50, 50, 50, 50]);
    await until(async () => (await status(id)) === 'dead', 'the bad job to be dead');
    expect((await getDelivery(world.store.db, id))?.attempts).toBe(1);
    expect((await getDelivery(world.store.db, id))?.lastError).toMatch(/not in the shape this version of ml-connector writes/);
  });

  it('a store failure when a job starts is logged and the job left to its lease; the worker keeps going', async () => {
    const { id } = await deliver('msg_db');
    // The audit table is gone (a broken migration, a DBA's mistake): every job's first write fails.
    await sql`drop table audit_events`.execute(world.store.db);
    start([50]);
    const job = () =>
      world.store.db.selectFrom('jobs').select(['status', 'locked_by']).where('delivery_id', '=', id).executeTakeFirstOrThrow();
    await until(async () => (await job()).status === 'running', 'the job to be claimed');
    await until(
      () => Promise.resolve((pool as unknown as { active: Map<number, unknown> }).active.size === 0),
      'the worker to let go of it',
    );
    expect((await job()).locked_by).toBe(pool!.workerId);
    expect(await status(id)).toBe('received');
  });

  it('the poll scheduler queues one pass per connected tenant, run by the workers like any job', async () => {
    const scheduler = new PollScheduler(world.store, logger, 60_000, () => pool?.poke());
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0); // one already waiting
    start([50]);
    await until(async () => (await countJobs(world.store.db, 'done')) === 1, 'the poll to run');
    expect(world.fb().bills.map((b) => b.bill_number)).toEqual(['PO PO-77']);
  });
});
