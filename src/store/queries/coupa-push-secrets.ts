/**
 * The secrets Coupa pushes are signed with (Standard Webhooks `whsec_…`), sealed by the vault
 * before they reach this module. One current secret per tenant (expires_at null, guarded by a
 * unique index); a rotation turns the current one into a previous one accepted until its
 * expiry, so senders can switch over without losing a delivery.
 */
import { newId } from '../../lib/ids.js';
import type { Db, Tx } from '../db.js';
import type { CoupaPushSecretsTable } from '../schema.js';

export interface PushSecretRow {
  id: string;
  tenantId: string;
  sealed: string;
  createdAt: number;
  /** Null: the current secret. */
  expiresAt: number | null;
}

function toRow(r: CoupaPushSecretsTable): PushSecretRow {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    sealed: r.sealed,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
}

export async function getCurrentPushSecret(db: Db | Tx, tenantId: string): Promise<PushSecretRow | undefined> {
  const row = await db
    .selectFrom('coupa_push_secrets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('expires_at', 'is', null)
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** The current secret first, then the previous ones not yet expired at `now`, newest first. */
export async function listAcceptedPushSecrets(db: Db | Tx, tenantId: string, now = Date.now()): Promise<PushSecretRow[]> {
  const rows = await db
    .selectFrom('coupa_push_secrets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const list = rows.map(toRow);
  return [...list.filter((r) => r.expiresAt === null), ...list.filter((r) => r.expiresAt !== null)];
}

/** Stores `sealed` as the current secret unless the tenant already has one; returns the current one. */
export async function insertPushSecretIfNone(
  db: Db | Tx,
  tenantId: string,
  sealed: string,
  now = Date.now(),
): Promise<{ row: PushSecretRow; created: boolean }> {
  const inserted = await db
    .insertInto('coupa_push_secrets')
    .values({ id: newId('cps', now), tenant_id: tenantId, sealed, created_at: now, expires_at: null })
    .onConflict((oc) => oc.column('tenant_id').where('expires_at', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { row: toRow(inserted), created: true };
  const current = await getCurrentPushSecret(db, tenantId);
  if (!current) throw new Error(`coupa_push_secrets: no current secret for '${tenantId}' after a refused insert`);
  return { row: current, created: false };
}

/**
 * Makes `sealed` the current secret; the old current one stays accepted until `now + graceMs`.
 * Secrets expired for a day or more are removed. Run inside a write transaction.
 */
export async function rotatePushSecret(
  tx: Tx,
  tenantId: string,
  sealed: string,
  graceMs: number,
  now = Date.now(),
): Promise<{ current: PushSecretRow; previous: PushSecretRow | undefined }> {
  await tx
    .deleteFrom('coupa_push_secrets')
    .where('tenant_id', '=', tenantId)
    .where('expires_at', '<', now - 24 * 60 * 60_000)
    .execute();
  const old = await tx
    .updateTable('coupa_push_secrets')
    .set({ expires_at: now + graceMs })
    .where('tenant_id', '=', tenantId)
    .where('expires_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  const current = await tx
    .insertInto('coupa_push_secrets')
    .values({ id: newId('cps', now), tenant_id: tenantId, sealed, created_at: now, expires_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { current: toRow(current), previous: old ? toRow(old) : undefined };
}

/** Previous secrets still accepted at `now` (for `webhooks show`; their values are never shown). */
/** Rotated-out secrets still accepted at `now` (each with its expiry). */
export async function listPreviousPushSecrets(
  db: Db | Tx,
  tenantId: string,
  now = Date.now(),
): Promise<Array<PushSecretRow & { expiresAt: number }>> {
  return (await listAcceptedPushSecrets(db, tenantId, now)).flatMap(({ expiresAt, ...row }) =>
    expiresAt === null ? [] : [{ ...row, expiresAt }],
  );
}
