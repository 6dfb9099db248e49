import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';
import { withWriteTransaction } from '../../src/store/db.js';
import {
  claimJobs,
  completeJob,
  enqueueJob,
  enqueuePoll,
  failJob,
  releaseJobs,
  renewJobLease,
  runOpenJobNow,
} from '../../src/store/queries/jobs.js';
import { getDelivery, insertDelivery, listDeliveries } from '../../src/store/queries/deliveries.js';
import { addTenant } from '../../src/store/queries/tenants.js';
import { storeTargets } from '../helpers/stores.js';

describe.each(storeTargets)('job queue and inbox on $name', (target) => {
  let store: Store;
  let made: Awaited<ReturnType<typeof target.create>>;
  const job = (recordKey: string, extra: Record<string, unknown> = {}) => ({
    tenantId: 't',
    kind: 'sync-record',
    recordKey,
    payload: extra,
    maxAttempts: 3,
  });

  beforeEach(async () => {
    made = await target.create();
    store = await openStore(made.target);
    await addTenant(store.db, 't');
  });
  afterEach(async () => {
    await store.close();
    await made.cleanup();
  });

  it('runs one record’s jobs one at a time and in order, other records in parallel', async () => {
    const a1 = await enqueueJob(store.db, job('invoice:1'), 1000);
    const a2 = await enqueueJob(store.db, job('invoice:1'), 1000);
    const b1 = await enqueueJob(store.db, job('invoice:2'), 1000);
    const first = await claimJobs(store, 'w1', 10, 60_000, 2000);
    expect(first.map((j) => j.id).sort()).toEqual([a1, b1].sort());
    // a2 waits while a1 runs, even for another worker.
    expect(await claimJobs(store, 'w2', 10, 60_000, 2000)).toEqual([]);
    await completeJob(store.db, a1, 'w1');
    const next = await claimJobs(store, 'w2', 10, 60_000, 2001);
    expect(next.map((j) => j.id)).toEqual([a2]);
  });

  it('a failed job waits for its retry time and still blocks the later jobs of its record', async () => {
    const a1 = await enqueueJob(store.db, job('po:9'), 0);
    const a2 = await enqueueJob(store.db, job('po:9'), 0);
    const [claimed] = await claimJobs(store, 'w', 10, 60_000, 10);
    expect(claimed?.attempts).toBe(1);
    await failJob(store.db, a1, 'w', 'FreshBooks 503', 5_000, 10);
    expect(await claimJobs(store, 'w', 10, 60_000, 4_999)).toEqual([]);
    const retried = await claimJobs(store, 'w', 10, 60_000, 5_000);
    expect(retried.map((j) => [j.id, j.attempts])).toEqual([[a1, 2]]);
    await failJob(store.db, a1, 'w', 'still failing', undefined, 5_001);
    // Dead jobs no longer block: the next change of the record proceeds.
    expect((await claimJobs(store, 'w', 10, 60_000, 5_002)).map((j) => j.id)).toEqual([a2]);
  });

  it('reclaims a job whose worker died once its lease runs out; released jobs run again at once', async () => {
    const id = await enqueueJob(store.db, job('x'), 0);
    await claimJobs(store, 'dead-worker', 1, 1_000, 0);
    expect(await claimJobs(store, 'w', 1, 1_000, 999)).toEqual([]);
    const again = await claimJobs(store, 'w', 1, 1_000, 1_001);
    expect(again.map((j) => [j.id, j.attempts])).toEqual([[id, 2]]);
    await releaseJobs(store.db, 'w', [id], 1_002);
    const third = await claimJobs(store, 'w3', 1, 1_000, 1_003);
    expect(third.map((j) => [j.id, j.attempts])).toEqual([[id, 2]]);
  });

  it('a worker whose lease was taken over cannot change the job', async () => {
    const id = await enqueueJob(store.db, job('inv:3'), 0);
    await claimJobs(store, 'slow', 1, 1_000, 0);
    // Its lease lapses; another worker takes the job over.
    expect((await claimJobs(store, 'fast', 1, 1_000, 1_001)).map((j) => j.id)).toEqual([id]);
    expect(await renewJobLease(store.db, id, 'slow', 9_000)).toBe(false);
    expect(await completeJob(store.db, id, 'slow', 1_002)).toBe(false);
    expect(await failJob(store.db, id, 'slow', 'late failure', undefined, 1_003)).toBe(false);
    const row = await store.db
      .selectFrom('jobs')
      .select(['status', 'locked_by', 'last_error'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'running', locked_by: 'fast', last_error: null });
    expect(await renewJobLease(store.db, id, 'fast', 9_000)).toBe(true);
    expect(await completeJob(store.db, id, 'fast', 1_004)).toBe(true);
  });

  it('a replay takes the place of a waiting retry (runs now, fresh tries) and adds nothing when one is already due', async () => {
    const delivery = await insertDelivery(
      store.db,
      {
        tenantId: 't',
        source: 'coupa',
        dedupeKey: 'm1',
        event: 'invoice.updated',
        objectType: 'invoice',
        objectId: '5',
        headers: {},
        body: '{}',
      },
      { kind: 'coupa-event', recordKey: 'coupa:invoice:5', payload: {}, maxAttempts: 3 },
      0,
    );
    const [claimed] = await claimJobs(store, 'w', 1, 60_000, 0);
    await failJob(store.db, claimed!.id, 'w', 'FreshBooks 503', 30_000, 1);
    expect(await claimJobs(store, 'w', 1, 60_000, 2)).toEqual([]);
    const now = await withWriteTransaction(store, (tx) => runOpenJobNow(tx, delivery.id, 3));
    expect(now).toEqual({ jobId: claimed!.id, state: 'advanced' });
    expect(await withWriteTransaction(store, (tx) => runOpenJobNow(tx, delivery.id, 4))).toEqual({ jobId: claimed!.id, state: 'queued' });
    const again = await claimJobs(store, 'w', 1, 60_000, 5);
    expect(again.map((j) => [j.id, j.attempts])).toEqual([[claimed!.id, 1]]);
    expect(await withWriteTransaction(store, (tx) => runOpenJobNow(tx, delivery.id, 6))).toEqual({ jobId: claimed!.id, state: 'running' });
    await completeJob(store.db, claimed!.id, 'w', 7);
    expect(await withWriteTransaction(store, (tx) => runOpenJobNow(tx, delivery.id, 8))).toBeUndefined();
  });

  it('queues at most one open poll per tenant, however many schedulers try at once', async () => {
    const poll = { tenantId: 't', kind: 'poll' as const, recordKey: 'poll', payload: {}, maxAttempts: 1 };
    const tries = await Promise.all(Array.from({ length: 5 }, () => enqueuePoll(store.db, poll, 0)));
    expect(tries.filter(Boolean)).toHaveLength(1);
    const [running] = await claimJobs(store, 'w', 1, 60_000, 1);
    expect(await enqueuePoll(store.db, poll, 2)).toBe(false);
    await completeJob(store.db, running!.id, 'w', 3);
    expect(await enqueuePoll(store.db, poll, 4)).toBe(true);
  });

  it('two workers claiming at once never get the same job', async () => {
    for (let i = 0; i < 40; i++) await enqueueJob(store.db, job(`r${i}`), 0);
    const [x, y] = await Promise.all([claimJobs(store, 'a', 25, 60_000, 1), claimJobs(store, 'b', 25, 60_000, 1)]);
    const ids = [...x, ...y].map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(40);
  });

  it('stores a delivery with its job atomically and refuses a duplicate', async () => {
    const delivery = {
      tenantId: 't',
      source: 'coupa',
      dedupeKey: 'msg_1',
      event: 'invoice.updated',
      objectType: 'invoice',
      objectId: '5',
      headers: { 'webhook-id': 'msg_1' },
      body: '{}',
    };
    const first = await insertDelivery(store.db, delivery, { kind: 'delivery', recordKey: 'coupa:invoice:5', payload: {}, maxAttempts: 5 });
    const second = await insertDelivery(store.db, delivery, {
      kind: 'delivery',
      recordKey: 'coupa:invoice:5',
      payload: {},
      maxAttempts: 5,
    });
    expect(second).toEqual({ id: first.id, duplicate: true });
    expect((await getDelivery(store.db, first.id))?.status).toBe('received');
    expect(await listDeliveries(store.db, { tenantId: 't' })).toHaveLength(1);
    const jobs = await claimJobs(store, 'w', 10, 1000);
    expect(jobs.map((j) => j.deliveryId)).toEqual([first.id]);
  });

  it('a window-keyed repeat is a duplicate only until the first delivery is picked up', async () => {
    const delivery = {
      tenantId: 't',
      source: 'freshbooks',
      dedupeKey: 'cb1:bill.update:7:100',
      event: 'bill.update',
      objectType: 'bill',
      objectId: '7',
      headers: {},
      body: 'name=bill.update',
    };
    const job = { kind: 'freshbooks-event', recordKey: 'freshbooks:bill:7', payload: {}, maxAttempts: 5 };
    const first = await insertDelivery(store.db, delivery, job, 1, { coalesce: 'while-pending' });
    expect((await insertDelivery(store.db, delivery, job, 2, { coalesce: 'while-pending' })).duplicate).toBe(true);
    await claimJobs(store, 'w', 10, 1000, 3);
    // The first was picked up (its object may already be fetched): a repeat may carry a newer change.
    const later = await insertDelivery(store.db, delivery, job, 4, { coalesce: 'while-pending' });
    expect(later).toMatchObject({ duplicate: false });
    expect(later.id).not.toBe(first.id);
    expect(await listDeliveries(store.db, { tenantId: 't' })).toHaveLength(2);
  });
});
