/** The public URL each tenant's webhooks were last registered at (for `webhooks show`). */
import type { Db, Tx } from '../db.js';

export async function getWebhookEndpoint(db: Db | Tx, tenantId: string): Promise<{ publicUrl: string; updatedAt: number } | undefined> {
  const row = await db.selectFrom('webhook_endpoints').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  return row ? { publicUrl: row.public_url, updatedAt: row.updated_at } : undefined;
}

export async function setWebhookEndpoint(db: Db | Tx, tenantId: string, publicUrl: string, now = Date.now()): Promise<void> {
  await db
    .insertInto('webhook_endpoints')
    .values({ tenant_id: tenantId, public_url: publicUrl, updated_at: now })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ public_url: publicUrl, updated_at: now }))
    .execute();
}
