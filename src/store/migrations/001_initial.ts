import type { Kysely } from 'kysely';
import { TIME, withSerialId } from './helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', TIME, (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  await db.schema
    .createTable('data_keys')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    .addColumn('kek_id', 'text', (c) => c.notNull())
    .addColumn('wrapped', 'text', (c) => c.notNull())
    .addColumn('created_at', TIME, (c) => c.notNull())
    .addColumn('rotated_at', TIME)
    .execute();

  await db.schema
    .createTable('credentials')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('meta', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('updated_at', TIME, (c) => c.notNull())
    .addPrimaryKeyConstraint('credentials_pk', ['tenant_id', 'provider'])
    .execute();

  await withSerialId(db, db.schema.createTable('links'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('coupa_id', 'text', (c) => c.notNull())
    .addColumn('freshbooks_id', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('source_updated_at', 'text')
    .addColumn('created_at', TIME, (c) => c.notNull())
    .addColumn('updated_at', TIME, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('links_by_coupa').unique().on('links').columns(['tenant_id', 'kind', 'coupa_id']).execute();
  await db.schema.createIndex('links_by_freshbooks').on('links').columns(['tenant_id', 'kind', 'freshbooks_id']).execute();

  await db.schema
    .createTable('cursors')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', TIME, (c) => c.notNull())
    .addPrimaryKeyConstraint('cursors_pk', ['tenant_id', 'side', 'resource'])
    .execute();

  await withSerialId(db, db.schema.createTable('audit_events'))
    .addColumn('tenant_id', 'text')
    .addColumn('delivery_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('at', TIME, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_by_tenant').on('audit_events').columns(['tenant_id', 'at']).execute();
  await db.schema.createIndex('audit_by_delivery').on('audit_events').columns(['delivery_id', 'id']).execute();
}
