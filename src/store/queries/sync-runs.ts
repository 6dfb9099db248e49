/** Dry-run plans, pass reports and reconciliations (migration 009), stored as JSON as they were made. */
import type { Db } from '../db.js';
import { jsonObject } from '../json.js';

export type SyncRunKind = 'plan' | 'sync' | 'reconciliation';

export interface SyncRun {
  id: number;
  kind: SyncRunKind;
  createdAt: number;
  complete: boolean;
  outcome: Record<string, unknown>;
}

/** How many of each kind a tenant keeps besides its first sync. */
const KEEP = 20;

export async function saveSyncRun(
  db: Db,
  run: { tenantId: string; kind: SyncRunKind; outcome: object; complete?: boolean },
): Promise<number> {
  const row = await db
    .insertInto('sync_runs')
    .values({
      tenant_id: run.tenantId,
      kind: run.kind,
      outcome: JSON.stringify(run.outcome),
      complete: run.complete === false ? 0 : 1,
      created_at: Date.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const kept = await db
    .selectFrom('sync_runs')
    .select('id')
    .where('tenant_id', '=', run.tenantId)
    .where('kind', '=', run.kind)
    .orderBy('id', 'desc')
    .limit(KEEP)
    .execute();
  const first = run.kind === 'sync' ? await firstSyncRunIds(db, run.tenantId) : [];
  await db
    .deleteFrom('sync_runs')
    .where('tenant_id', '=', run.tenantId)
    .where('kind', '=', run.kind)
    .where('id', 'not in', [...kept.map((r) => r.id), ...first])
    .execute();
  return row.id;
}

type Row = { id: number; kind: SyncRunKind; created_at: number; complete: number; outcome: string };

function toRun(row: Row): SyncRun {
  return {
    id: row.id,
    kind: row.kind,
    createdAt: row.created_at,
    complete: row.complete !== 0,
    outcome: jsonObject(row.outcome, 'sync_runs', 'outcome'),
  };
}

/** The tenant's latest dry run, or latest sync pass. */
export async function latestSyncRun(db: Db, tenantId: string, kind: SyncRunKind): Promise<SyncRun | undefined> {
  const row = await db
    .selectFrom('sync_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toRun(row);
}

/** The ids of the passes of the tenant's first sync: from the first up to the first that finished (all so far if none has). */
async function firstSyncRunIds(db: Db, tenantId: string): Promise<number[]> {
  const finished = await db
    .selectFrom('sync_runs')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'sync')
    .where('complete', '=', 1)
    .orderBy('id', 'asc')
    .limit(1)
    .executeTakeFirst();
  let q = db.selectFrom('sync_runs').select('id').where('tenant_id', '=', tenantId).where('kind', '=', 'sync');
  if (finished) q = q.where('id', '<=', finished.id);
  return (await q.orderBy('id', 'asc').execute()).map((r) => r.id);
}

/** The passes of the tenant's first sync, oldest first (see `firstSyncRunIds`). */
export async function firstSyncRuns(db: Db, tenantId: string): Promise<SyncRun[]> {
  const ids = await firstSyncRunIds(db, tenantId);
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('sync_runs').selectAll().where('id', 'in', ids).orderBy('id', 'asc').execute();
  return rows.map(toRun);
}
