/**
 * Sealed credentials and the connection state of each (tenant, side). The secrets arrive
 * here already sealed by the vault; this module never sees them in clear.
 */
import { sql } from '../kysely.js';
import type { Db, Dialect, Tx } from '../db.js';
import { jsonObject } from '../json.js';
import type { ConnectionStatus, CredentialsTable, Provider } from '../schema.js';

interface CredentialRow {
  tenantId: string;
  provider: Provider;
  sealed: string;
  version: number;
  status: ConnectionStatus;
  lastError: string | null;
  meta: Record<string, unknown>;
  updatedAt: number;
}

function toRow(r: CredentialsTable): CredentialRow {
  return {
    tenantId: r.tenant_id,
    provider: r.provider,
    sealed: r.sealed,
    version: r.version,
    status: r.status,
    lastError: r.last_error,
    meta: jsonObject(r.meta, 'credentials', 'meta'),
    updatedAt: r.updated_at,
  };
}

export async function getCredential(db: Db | Tx, tenantId: string, provider: Provider): Promise<CredentialRow | undefined> {
  const row = await db
    .selectFrom('credentials')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('provider', '=', provider)
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

export async function listCredentials(db: Db, tenantId: string): Promise<CredentialRow[]> {
  const rows = await db.selectFrom('credentials').selectAll().where('tenant_id', '=', tenantId).orderBy('provider').execute();
  return rows.map(toRow);
}

/**
 * Reads the credential row holding its lock until the transaction ends: a row lock on
 * PostgreSQL; on SQLite the caller's write transaction already holds the database lock.
 */
export async function lockCredential(tx: Tx, dialect: Dialect, tenantId: string, provider: Provider): Promise<CredentialRow | undefined> {
  const query = tx.selectFrom('credentials').selectAll().where('tenant_id', '=', tenantId).where('provider', '=', provider);
  const row = await (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
  return row ? toRow(row) : undefined;
}

export async function putCredential(
  db: Db | Tx,
  input: { tenantId: string; provider: Provider; sealed: string; meta: Record<string, unknown>; status?: ConnectionStatus },
  now = Date.now(),
): Promise<void> {
  const values = {
    sealed: input.sealed,
    meta: JSON.stringify(input.meta),
    status: input.status ?? 'connected',
    last_error: null,
    updated_at: now,
  };
  await db
    .insertInto('credentials')
    .values({ tenant_id: input.tenantId, provider: input.provider, version: 1, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'provider']).doUpdateSet({ ...values, version: sql`credentials.version + 1` }))
    .execute();
}

export async function setConnectionStatus(
  db: Db | Tx,
  tenantId: string,
  provider: Provider,
  status: ConnectionStatus,
  lastError: string | null,
  now = Date.now(),
): Promise<void> {
  await db
    .updateTable('credentials')
    .set({ status, last_error: lastError, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('provider', '=', provider)
    .execute();
}
