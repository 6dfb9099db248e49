/**
 * The job queue, one table on both stores. A job is claimed only when every earlier job of
 * the same record is finished, so one record's changes apply one at a time and in order
 * while different records run in parallel. Claims are leases: a worker that dies (kill -9)
 * leaves a lease that expires, and the job is claimed again.
 */
import { sql } from '../kysely.js';
import { withWriteTransaction, type Db, type Store, type Tx } from '../db.js';
import { jsonObject } from '../json.js';
import type { JobsTable } from '../schema.js';

export interface Job {
  id: number;
  tenantId: string;
  kind: string;
  recordKey: string;
  deliveryId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  runAt: number;
}

export interface NewJob {
  tenantId: string;
  kind: string;
  recordKey: string;
  deliveryId?: string | null;
  payload: Record<string, unknown>;
  maxAttempts: number;
  runAt?: number;
}

type JobRow = Omit<JobsTable, 'id'> & { id: number };

function toJob(r: JobRow): Job {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    kind: r.kind,
    recordKey: r.record_key,
    deliveryId: r.delivery_id,
    payload: jsonObject(r.payload, 'jobs', 'payload'),
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    runAt: r.run_at,
  };
}

function jobRow(job: NewJob, now: number) {
  return {
    tenant_id: job.tenantId,
    kind: job.kind,
    record_key: job.recordKey,
    delivery_id: job.deliveryId ?? null,
    payload: JSON.stringify(job.payload),
    status: 'pending' as const,
    attempts: 0,
    max_attempts: job.maxAttempts,
    run_at: job.runAt ?? now,
    created_at: now,
    updated_at: now,
  };
}

export async function enqueueJob(db: Db | Tx, job: NewJob, now = Date.now()): Promise<number> {
  const row = await db.insertInto('jobs').values(jobRow(job, now)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Claims up to `limit` ready jobs for `workerId`, each leased for `leaseMs`. */
export async function claimJobs(store: Store, workerId: string, limit: number, leaseMs: number, now = Date.now()): Promise<Job[]> {
  return withWriteTransaction(store, async (tx) => {
    let query = tx
      .selectFrom('jobs as j')
      .selectAll('j')
      .where((eb) =>
        eb.or([
          eb.and([eb('j.status', '=', 'pending'), eb('j.run_at', '<=', now)]),
          // A lease that ran out belongs to a worker that died: the job is free again.
          eb.and([eb('j.status', '=', 'running'), eb('j.locked_until', '<', now)]),
        ]),
      )
      .where((outer) =>
        outer.not(
          outer.exists(
            outer
              .selectFrom('jobs as k')
              .select(sql`1`.as('one'))
              .whereRef('k.tenant_id', '=', 'j.tenant_id')
              .whereRef('k.record_key', '=', 'j.record_key')
              .where((eb) =>
                eb.or([
                  eb.and([eb('k.id', '<', eb.ref('j.id')), eb('k.status', 'in', ['pending', 'running'])]),
                  eb.and([eb('k.id', '!=', eb.ref('j.id')), eb('k.status', '=', 'running'), eb('k.locked_until', '>=', now)]),
                ]),
              ),
          ),
        ),
      )
      .orderBy('j.run_at')
      .orderBy('j.id')
      .limit(limit);
    if (store.dialect === 'postgres') query = query.forUpdate().skipLocked();
    const rows = await query.execute();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    await tx
      .updateTable('jobs')
      .set({ status: 'running', locked_by: workerId, locked_until: now + leaseMs, attempts: sql`attempts + 1`, updated_at: now })
      .where('id', 'in', ids)
      .execute();
    return rows.map((r) => ({ ...toJob(r), attempts: r.attempts + 1 }));
  });
}

/**
 * Every change of a running job is made by its owner only: a worker whose lease ran out (and
 * whose job another worker took) changes nothing. Each returns whether the change was made.
 */
export async function completeJob(db: Db | Tx, id: number, workerId: string, now = Date.now()): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'done', locked_by: null, locked_until: null, last_error: null, updated_at: now })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** A failed try: run again at `retryAt`, or — with none — the job is dead. */
export async function failJob(
  db: Db | Tx,
  id: number,
  workerId: string,
  error: string,
  retryAt: number | undefined,
  now = Date.now(),
): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({
      status: retryAt === undefined ? 'dead' : 'pending',
      run_at: retryAt ?? now,
      locked_by: null,
      locked_until: null,
      last_error: error,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Gives back a worker's running jobs untouched (graceful shutdown): they will run again. */
export async function releaseJobs(db: Db, workerId: string, ids: number[], now = Date.now()): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('jobs')
    .set({ status: 'pending', run_at: now, locked_by: null, locked_until: null, attempts: sql`attempts - 1`, updated_at: now })
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .where('id', 'in', ids)
    .execute();
}

export async function countJobs(db: Db, status?: JobsTable['status']): Promise<number> {
  let q = db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n'));
  if (status) q = q.where('status', '=', status);
  return (await q.executeTakeFirstOrThrow()).n;
}

/** How many jobs are in each status (for /metrics). */
export async function countJobsByStatus(db: Db): Promise<Array<{ status: JobsTable['status']; count: number }>> {
  const rows = await db
    .selectFrom('jobs')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status, count: r.n }));
}

/** Keeps a running job's lease alive while its worker is still on it; false once it is not (the lease was taken over). */
export async function renewJobLease(db: Db, id: number, workerId: string, until: number): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ locked_until: until })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/**
 * Queues a poll unless one of the tenant's is waiting or running; false when one is. The
 * unique partial index `jobs_one_open_poll` decides, so schedulers in several processes
 * never queue two.
 */
export async function enqueuePoll(db: Db, job: NewJob & { kind: 'poll' }, now = Date.now()): Promise<boolean> {
  const row = await db
    .insertInto('jobs')
    .values(jobRow(job, now))
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The channel on which workers of every process hear that work was queued (PostgreSQL). */
export const JOBS_CHANNEL = 'ml_connector_jobs';

/** Wakes the workers of every process at once (PostgreSQL NOTIFY); on SQLite they poll. */
export async function notifyJobs(store: Store): Promise<void> {
  if (store.dialect === 'postgres') await sql`select pg_notify(${JOBS_CHANNEL}, '')`.execute(store.db);
}

export type ReplayedJobState =
  /** A retry was waiting for its time: it runs now instead (with a fresh budget of tries). */
  | 'advanced'
  /** Already due to run: nothing to add. */
  | 'queued'
  /** Running now: its outcome is on the way. */
  | 'running';

/**
 * A replay of a delivery whose job is still open takes that job's place instead of queueing
 * another behind it (a job waits for every earlier job of its record, so a second one would
 * wait for the retry). Undefined when the delivery has no open job.
 */
export async function runOpenJobNow(
  tx: Tx,
  deliveryId: string,
  now = Date.now(),
): Promise<{ jobId: number; state: ReplayedJobState } | undefined> {
  const open = await tx
    .selectFrom('jobs')
    .select(['id', 'status', 'run_at'])
    .where('delivery_id', '=', deliveryId)
    .where('status', 'in', ['pending', 'running'])
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!open) return undefined;
  if (open.status === 'running') return { jobId: open.id, state: 'running' };
  if (open.run_at <= now) return { jobId: open.id, state: 'queued' };
  await tx
    .updateTable('jobs')
    .set({ run_at: now, attempts: 0, updated_at: now })
    .where('id', '=', open.id)
    .where('status', '=', 'pending')
    .execute();
  return { jobId: open.id, state: 'advanced' };
}
