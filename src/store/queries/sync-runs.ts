/** Dry-run plans and pass reports (migration 009); the outcome is stored as the engine made it. */
import type { Db } from '../db.js';
import { jsonObject } from '../json.js';

export type SyncRunKind = 'plan' | 'sync';

export interface SyncRun {
  id: number;
  kind: SyncRunKind;
  createdAt: number;
  outcome: Record<string, unknown>;
}

/** How many of each kind a tenant keeps besides its first pass. */
const KEEP = 20;

export async function saveSyncRun(db: Db, run: { tenantId: string; kind: SyncRunKind; outcome: object; at?: number }): Promise<number> {
  const row = await db
    .insertInto('sync_runs')
    .values({ tenant_id: run.tenantId, kind: run.kind, outcome: JSON.stringify(run.outcome), created_at: run.at ?? Date.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const first = await firstRunId(db, run.tenantId);
  const kept = await db
    .selectFrom('sync_runs')
    .select('id')
    .where('tenant_id', '=', run.tenantId)
    .where('kind', '=', run.kind)
    .orderBy('id', 'desc')
    .limit(KEEP)
    .execute();
  const keep = [...kept.map((r) => r.id), ...(first === undefined ? [] : [first])];
  await db.deleteFrom('sync_runs').where('tenant_id', '=', run.tenantId).where('kind', '=', run.kind).where('id', 'not in', keep).execute();
  return row.id;
}

async function firstRunId(db: Db, tenantId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('sync_runs')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'sync')
    .orderBy('id', 'asc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** The tenant's latest run of a kind, or its first pass ('first'). */
export async function findSyncRun(
  db: Db,
  tenantId: string,
  which: 'latest-plan' | 'latest-sync' | 'first-sync',
): Promise<SyncRun | undefined> {
  const row = await db
    .selectFrom('sync_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', which === 'latest-plan' ? 'plan' : 'sync')
    .orderBy('id', which === 'first-sync' ? 'asc' : 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { id: row.id, kind: row.kind, createdAt: row.created_at, outcome: jsonObject(row.outcome, 'sync_runs', 'outcome') };
}
