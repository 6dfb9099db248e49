import { AppError, UnknownTenantError, UsageError } from '../../lib/errors.js';
import type { Db } from '../db.js';
import { jsonObject } from '../json.js';
import type { TenantsTable } from '../schema.js';

interface Tenant {
  id: string;
  createdAt: number;
  settings: Record<string, unknown>;
}

export class TenantExistsError extends AppError {
  constructor(id: string) {
    super('tenant_exists', `Tenant '${id}' already exists.`, 'Pick another name, or use the existing tenant.');
  }
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

function validateTenantName(id: string): void {
  if (!NAME.test(id)) {
    throw new UsageError(
      `'${id}' is not a valid tenant name.`,
      'Use 1–63 lowercase letters, digits, - or _, starting with a letter or digit (it appears in webhook URLs).',
    );
  }
}

function toTenant(row: TenantsTable): Tenant {
  return { id: row.id, createdAt: row.created_at, settings: jsonObject(row.settings, 'tenants', 'settings') };
}

export async function addTenant(db: Db, id: string, now = Date.now()): Promise<Tenant> {
  validateTenantName(id);
  const inserted = await db
    .insertInto('tenants')
    .values({ id, created_at: now, settings: '{}' })
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) throw new TenantExistsError(id);
  return toTenant(inserted);
}

export async function findTenant(db: Db, id: string): Promise<Tenant | undefined> {
  const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toTenant(row) : undefined;
}

export async function requireTenant(db: Db, id: string): Promise<Tenant> {
  const tenant = await findTenant(db, id);
  if (!tenant) throw new UnknownTenantError(id);
  return tenant;
}

export async function listTenants(db: Db): Promise<Tenant[]> {
  const rows = await db.selectFrom('tenants').selectAll().orderBy('id').execute();
  return rows.map(toTenant);
}

export async function updateTenantSettings(db: Db, id: string, settings: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('tenants')
    .set({ settings: JSON.stringify(settings) })
    .where('id', '=', id)
    .execute();
}

/** Removes a tenant and everything of it (links, credentials, deliveries, jobs, audit). */
export async function removeTenant(db: Db, id: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    await tx.deleteFrom('audit_events').where('tenant_id', '=', id).execute();
    await tx.deleteFrom('locks').where('key', 'like', `${id}:%`).execute();
    const result = await tx.deleteFrom('tenants').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}
