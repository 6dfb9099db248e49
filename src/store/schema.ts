/**
 * Table types for Kysely. Times are epoch milliseconds (integers on both stores); JSON
 * columns are text; booleans are 0/1, so one query works on SQLite and PostgreSQL alike.
 */
import type { Generated } from 'kysely';

export type Provider = 'coupa' | 'freshbooks';
export type ConnectionStatus = 'connected' | 'needs_reauth' | 'error';

export interface TenantsTable {
  id: string;
  created_at: number;
  /** JSON: per-tenant sync settings (category mapping, cost-centre segment, …). */
  settings: string;
}

export interface DataKeysTable {
  tenant_id: string;
  /** Which master key wrapped this data key (a short hash of the key, never the key). */
  kek_id: string;
  wrapped: string;
  created_at: number;
  rotated_at: number | null;
}

export interface CredentialsTable {
  tenant_id: string;
  provider: Provider;
  /** The secrets, sealed with the tenant's data key. */
  sealed: string;
  /** Bumped on every write: a compare-and-swap guard for token refresh. */
  version: number;
  status: ConnectionStatus;
  last_error: string | null;
  /** JSON of what is not secret: instance URL, account id, scopes, token expiry. */
  meta: string;
  updated_at: number;
}

export interface LinksTable {
  id: Generated<number>;
  tenant_id: string;
  kind: string;
  coupa_id: string;
  freshbooks_id: string;
  fingerprint: string | null;
  origin: string;
  source_updated_at: string | null;
  created_at: number;
  updated_at: number;
}

export interface CursorsTable {
  tenant_id: string;
  side: Provider;
  resource: string;
  value: string;
  updated_at: number;
}

export interface AuditEventsTable {
  id: Generated<number>;
  tenant_id: string | null;
  delivery_id: string | null;
  kind: string;
  /** JSON, already redacted. */
  detail: string;
  at: number;
}

export interface Database {
  tenants: TenantsTable;
  data_keys: DataKeysTable;
  credentials: CredentialsTable;
  links: LinksTable;
  cursors: CursorsTable;
  audit_events: AuditEventsTable;
}
