import type { Kysely } from 'kysely';
import { TIME } from './helpers.js';

/**
 * OAuth `state` values handed out in authorize URLs (and grants waiting for a business to be
 * chosen): single use, 10 minutes. The client secret (and, for a waiting grant, its tokens)
 * are sealed by the vault; the rest is not secret.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oauth_states')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('auth_url', 'text', (c) => c.notNull())
    .addColumn('api_url', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', TIME, (c) => c.notNull())
    .addColumn('expires_at', TIME, (c) => c.notNull())
    .addColumn('used_at', TIME)
    .execute();
  await db.schema
    .createIndex('oauth_states_by_tenant')
    .on('oauth_states')
    .columns(['tenant_id', 'provider', 'purpose', 'created_at'])
    .execute();
}
