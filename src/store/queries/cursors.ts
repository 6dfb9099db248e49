import type { Db, Tx } from '../db.js';
import type { Provider } from '../schema.js';

export async function getCursor(db: Db | Tx, tenantId: string, side: Provider, resource: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('cursors')
    .select('value')
    .where('tenant_id', '=', tenantId)
    .where('side', '=', side)
    .where('resource', '=', resource)
    .executeTakeFirst();
  return row?.value;
}

export async function setCursor(
  db: Db | Tx,
  tenantId: string,
  side: Provider,
  resource: string,
  value: string,
  now = Date.now(),
): Promise<void> {
  await db
    .insertInto('cursors')
    .values({ tenant_id: tenantId, side, resource, value, updated_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'side', 'resource']).doUpdateSet({ value, updated_at: now }))
    .execute();
}

/** Forgets these cursors (and anything else kept under them), so the next pass reads those resources from the start. */
export async function deleteCursors(db: Db | Tx, tenantId: string, side: Provider, resources: readonly string[]): Promise<void> {
  if (resources.length === 0) return;
  await db
    .deleteFrom('cursors')
    .where('tenant_id', '=', tenantId)
    .where('side', '=', side)
    .where('resource', 'in', [...resources])
    .execute();
}

/** Whether the tenant has read anything yet (any cursor saved). */
export async function hasCursors(db: Db | Tx, tenantId: string): Promise<boolean> {
  const row = await db.selectFrom('cursors').select('resource').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst();
  return row !== undefined;
}
