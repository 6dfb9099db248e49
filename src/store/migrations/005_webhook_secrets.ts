import type { Kysely } from 'kysely';
import { sql } from '../kysely.js';
import { TIME } from './helpers.js';

/**
 * The keys webhook deliveries are checked with, all sealed by the vault:
 * - `freshbooks_callbacks`: each FreshBooks callback of a tenant and, once the verification
 *   handshake is done, its verifier (the HMAC key of every delivery of that callback);
 * - `coupa_push_secrets`: the tenant's current `whsec_…` secret (expires_at null) and the
 *   previous ones, still accepted until their expires_at (rotation grace);
 * - `webhook_endpoints`: the public URL the tenant's webhooks were last registered at.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('freshbooks_callbacks')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('callback_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('uri', 'text', (c) => c.notNull())
    .addColumn('verifier_sealed', 'text')
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', TIME, (c) => c.notNull())
    .addColumn('verified_at', TIME)
    .addColumn('updated_at', TIME, (c) => c.notNull())
    .addPrimaryKeyConstraint('freshbooks_callbacks_pk', ['tenant_id', 'callback_id'])
    .execute();

  await db.schema
    .createTable('coupa_push_secrets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', TIME, (c) => c.notNull())
    .addColumn('expires_at', TIME)
    .execute();
  // One current secret per tenant: two processes creating it at once cannot both win.
  await db.schema
    .createIndex('coupa_push_secrets_current')
    .unique()
    .on('coupa_push_secrets')
    .column('tenant_id')
    .where(sql.ref('expires_at'), 'is', null)
    .execute();
  await db.schema.createIndex('coupa_push_secrets_by_tenant').on('coupa_push_secrets').columns(['tenant_id', 'expires_at']).execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    .addColumn('public_url', 'text', (c) => c.notNull())
    .addColumn('updated_at', TIME, (c) => c.notNull())
    .execute();
}
