/**
 * Records that need a person. One row per (record, reason); raising it again refreshes it. A
 * failing record is 'retrying' until its retry budget is spent, then 'open'; a record that
 * syncs fine again resolves its rows.
 */
import { newId } from '../../lib/ids.js';
import type { Db, Tx } from '../db.js';
import type { AttentionItemsTable } from '../schema.js';
import type { Selectable } from 'kysely';

type Q = Db | Tx;

export type AttentionStatus = 'retrying' | 'open' | 'resolved';

export interface AttentionRow {
  id: string;
  tenantId: string;
  recordKind: string;
  recordId: string;
  label: string;
  code: string;
  message: string;
  action: string;
  status: AttentionStatus;
  attempts: number;
  sourceUpdatedAt: string | null;
  firstSeenAt: number;
  lastSeenAt: number;
  resolvedAt: number | null;
}

const STATUSES: readonly AttentionStatus[] = ['retrying', 'open', 'resolved'];

function rowOf(r: Selectable<AttentionItemsTable>): AttentionRow {
  const status = STATUSES.find((s) => s === r.status) ?? 'open';
  return {
    id: r.id,
    tenantId: r.tenant_id,
    recordKind: r.record_kind,
    recordId: r.record_id,
    label: r.label,
    code: r.code,
    message: r.message,
    action: r.action,
    status,
    attempts: r.attempts,
    sourceUpdatedAt: r.source_updated_at,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    resolvedAt: r.resolved_at,
  };
}

interface AttentionInput {
  recordKind: string;
  recordId: string;
  label: string;
  code: string;
  message: string;
  action: string;
}

async function find(db: Q, tenantId: string, input: Pick<AttentionInput, 'recordKind' | 'recordId' | 'code'>) {
  return db
    .selectFrom('attention_items')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('record_kind', '=', input.recordKind)
    .where('record_id', '=', input.recordId)
    .where('code', '=', input.code)
    .executeTakeFirst();
}

/** Opens an item, or refreshes its text and puts it back to `status` if it was resolved. */
export async function upsertAttention(
  db: Q,
  tenantId: string,
  input: AttentionInput,
  status: 'open' | 'retrying',
  attempts: number,
  sourceUpdatedAt: string | null = null,
  now = Date.now(),
): Promise<AttentionRow> {
  const values = {
    label: input.label,
    message: input.message,
    action: input.action,
    status,
    attempts,
    source_updated_at: sourceUpdatedAt,
    last_seen_at: now,
    resolved_at: null,
  };
  await db
    .insertInto('attention_items')
    .values({
      id: newId('att', now),
      tenant_id: tenantId,
      record_kind: input.recordKind,
      record_id: input.recordId,
      code: input.code,
      first_seen_at: now,
      ...values,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'record_kind', 'record_id', 'code']).doUpdateSet(values))
    .execute();
  const row = await find(db, tenantId, input);
  if (!row) throw new Error(`attention item for ${input.recordKind} ${input.recordId} vanished after it was written`);
  return rowOf(row);
}

/** The current item of a record for a code, whatever its status. */
export async function findAttention(db: Q, tenantId: string, input: Pick<AttentionInput, 'recordKind' | 'recordId' | 'code'>) {
  const row = await find(db, tenantId, input);
  return row && rowOf(row);
}

export async function resolveAttentionFor(
  db: Q,
  tenantId: string,
  record: { recordKind: string; recordId: string },
  codes?: readonly string[],
  now = Date.now(),
): Promise<void> {
  let q = db
    .updateTable('attention_items')
    .set({ status: 'resolved', resolved_at: now, attempts: 0 })
    .where('tenant_id', '=', tenantId)
    .where('record_kind', '=', record.recordKind)
    .where('record_id', '=', record.recordId)
    .where('status', '!=', 'resolved');
  if (codes !== undefined) {
    if (codes.length === 0) return;
    q = q.where('code', 'in', [...codes]);
  }
  await q.execute();
}

export async function getAttention(db: Q, id: string): Promise<AttentionRow | undefined> {
  const row = await db.selectFrom('attention_items').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowOf(row);
}

export async function resolveAttention(db: Q, id: string, now = Date.now()): Promise<void> {
  await db.updateTable('attention_items').set({ status: 'resolved', resolved_at: now, attempts: 0 }).where('id', '=', id).execute();
}

export async function listAttention(db: Q, tenantId: string, status: AttentionStatus | 'all' = 'open'): Promise<AttentionRow[]> {
  let q = db.selectFrom('attention_items').selectAll().where('tenant_id', '=', tenantId);
  if (status !== 'all') q = q.where('status', '=', status);
  return (await q.orderBy('first_seen_at').orderBy('id').execute()).map(rowOf);
}
