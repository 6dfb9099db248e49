/**
 * Named leases. A holder that dies leaves a lease that simply runs out, so nothing needs
 * cleaning up after a kill -9.
 */
import type { Db } from '../db.js';

/** Takes the lease if it is free or expired; true when this owner now holds it. */
export async function tryAcquireLock(db: Db, key: string, owner: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  const row = await db
    .insertInto('locks')
    .values({ key, owner, expires_at: now + ttlMs })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ owner, expires_at: now + ttlMs })
        .where((eb) => eb.or([eb('locks.expires_at', '<', now), eb('locks.owner', '=', owner)])),
    )
    .returning('owner')
    .executeTakeFirst();
  return row?.owner === owner;
}

export async function renewLock(db: Db, key: string, owner: string, ttlMs: number, now = Date.now()): Promise<void> {
  await db
    .updateTable('locks')
    .set({ expires_at: now + ttlMs })
    .where('key', '=', key)
    .where('owner', '=', owner)
    .execute();
}

export async function releaseLock(db: Db, key: string, owner: string): Promise<void> {
  await db.deleteFrom('locks').where('key', '=', key).where('owner', '=', owner).execute();
}
