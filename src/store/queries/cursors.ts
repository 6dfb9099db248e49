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
