/**
 * The links table: what the connector wrote, on which side, from which record. It is what
 * makes every write idempotent — a retry or a replay finds the link and writes nothing new.
 */
import type { Db, Tx } from '../db.js';
import { jsonObject } from '../json.js';
import type { Selectable } from 'kysely';
import type { LinksTable } from '../schema.js';

export interface Link {
  id: number;
  tenantId: string;
  kind: string;
  coupaId: string;
  freshbooksId: string;
  fingerprint: string | null;
  origin: string;
  sourceUpdatedAt: string | null;
  meta: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface LinkInput {
  tenantId: string;
  kind: string;
  coupaId: string;
  freshbooksId: string;
  fingerprint?: string | null;
  origin: string;
  sourceUpdatedAt?: string | null;
  meta?: Record<string, unknown>;
}

function toLink(r: Selectable<LinksTable>): Link {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    kind: r.kind,
    coupaId: r.coupa_id,
    freshbooksId: r.freshbooks_id,
    fingerprint: r.fingerprint,
    origin: r.origin,
    sourceUpdatedAt: r.source_updated_at,
    meta: jsonObject(r.meta, 'links', 'meta'),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findLinkByCoupa(db: Db | Tx, tenantId: string, kind: string, coupaId: string): Promise<Link | undefined> {
  const row = await db
    .selectFrom('links')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .where('coupa_id', '=', coupaId)
    .executeTakeFirst();
  return row ? toLink(row) : undefined;
}

export async function findLinksByFreshBooks(db: Db | Tx, tenantId: string, kind: string, freshbooksId: string): Promise<Link[]> {
  const rows = await db
    .selectFrom('links')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .where('freshbooks_id', '=', freshbooksId)
    .orderBy('id')
    .execute();
  return rows.map(toLink);
}

export async function listLinks(db: Db | Tx, tenantId: string, kind?: string): Promise<Link[]> {
  let q = db.selectFrom('links').selectAll().where('tenant_id', '=', tenantId);
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.orderBy('id').execute();
  return rows.map(toLink);
}

/** Inserts or updates the link for (tenant, kind, coupa id). */
export async function upsertLink(db: Db | Tx, input: LinkInput, now = Date.now()): Promise<void> {
  const values = {
    freshbooks_id: input.freshbooksId,
    fingerprint: input.fingerprint ?? null,
    origin: input.origin,
    source_updated_at: input.sourceUpdatedAt ?? null,
    meta: JSON.stringify(input.meta ?? {}),
    updated_at: now,
  };
  await db
    .insertInto('links')
    .values({ tenant_id: input.tenantId, kind: input.kind, coupa_id: input.coupaId, created_at: now, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'coupa_id']).doUpdateSet(values))
    .execute();
}

export async function deleteLink(db: Db | Tx, tenantId: string, kind: string, coupaId: string): Promise<void> {
  await db.deleteFrom('links').where('tenant_id', '=', tenantId).where('kind', '=', kind).where('coupa_id', '=', coupaId).execute();
}
