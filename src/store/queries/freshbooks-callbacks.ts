/**
 * The FreshBooks callbacks of each tenant and their verifiers (sealed by the vault before they
 * reach this module). Two writers share a row: `webhooks register` records a callback it
 * created (event, uri), and `serve` records the verifier once FreshBooks accepted it. Each
 * writes only its own columns, so neither undoes the other whatever the order.
 */
import type { Db, Tx } from '../db.js';
import type { FreshBooksCallbacksTable } from '../schema.js';

export interface StoredCallback {
  tenantId: string;
  callbackId: string;
  event: string;
  uri: string;
  /** Sealed; null until the handshake is done. */
  verifierSealed: string | null;
  verified: boolean;
  createdAt: number;
  verifiedAt: number | null;
}

function toCallback(r: FreshBooksCallbacksTable): StoredCallback {
  return {
    tenantId: r.tenant_id,
    callbackId: r.callback_id,
    event: r.event,
    uri: r.uri,
    verifierSealed: r.verifier_sealed,
    verified: r.verified === 1,
    createdAt: r.created_at,
    verifiedAt: r.verified_at,
  };
}

/** Records a callback (created or found by `webhooks register`); an existing row keeps its verifier. */
export async function recordCallback(
  db: Db | Tx,
  row: { tenantId: string; callbackId: string; event: string; uri: string },
  now = Date.now(),
): Promise<void> {
  await db
    .insertInto('freshbooks_callbacks')
    .values({
      tenant_id: row.tenantId,
      callback_id: row.callbackId,
      event: row.event,
      uri: row.uri,
      verifier_sealed: null,
      verified: 0,
      created_at: now,
      verified_at: null,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'callback_id']).doUpdateSet({ event: row.event, uri: row.uri, updated_at: now }))
    .execute();
}

/** FreshBooks accepted the verifier we sent back: it is the callback's key from now on. */
export async function markCallbackVerified(
  db: Db | Tx,
  row: { tenantId: string; callbackId: string; event: string; uri: string; verifierSealed: string },
  now = Date.now(),
): Promise<void> {
  await db
    .insertInto('freshbooks_callbacks')
    .values({
      tenant_id: row.tenantId,
      callback_id: row.callbackId,
      event: row.event,
      uri: row.uri,
      verifier_sealed: row.verifierSealed,
      verified: 1,
      created_at: now,
      verified_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'callback_id']).doUpdateSet({
        event: row.event,
        uri: row.uri,
        verifier_sealed: row.verifierSealed,
        verified: 1,
        verified_at: now,
        updated_at: now,
      }),
    )
    .execute();
}

/**
 * Before asking FreshBooks to send the verification again: the callback counts as unverified
 * until `serve` has answered the new message (its old key keeps checking deliveries meanwhile).
 */
export async function markCallbackUnverified(db: Db | Tx, tenantId: string, callbackId: string, now = Date.now()): Promise<void> {
  await db
    .updateTable('freshbooks_callbacks')
    .set({ verified: 0, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('callback_id', '=', callbackId)
    .execute();
}

export async function getCallback(db: Db | Tx, tenantId: string, callbackId: string): Promise<StoredCallback | undefined> {
  const row = await db
    .selectFrom('freshbooks_callbacks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('callback_id', '=', callbackId)
    .executeTakeFirst();
  return row ? toCallback(row) : undefined;
}

export async function listCallbacks(db: Db | Tx, tenantId: string): Promise<StoredCallback[]> {
  const rows = await db
    .selectFrom('freshbooks_callbacks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('event')
    .orderBy('callback_id')
    .execute();
  return rows.map(toCallback);
}

/** The callbacks whose verifier is known: the keys a delivery of this tenant may be signed with. */
export async function listCallbackKeys(db: Db | Tx, tenantId: string): Promise<Array<StoredCallback & { verifierSealed: string }>> {
  const rows = await db
    .selectFrom('freshbooks_callbacks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('verifier_sealed', 'is not', null)
    .orderBy('callback_id')
    .execute();
  return rows.flatMap((row) => {
    const callback = toCallback(row);
    const { verifierSealed } = callback;
    return verifierSealed === null ? [] : [{ ...callback, verifierSealed }];
  });
}
