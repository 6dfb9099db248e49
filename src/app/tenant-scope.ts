/**
 * What every per-tenant use case works in: the store, the vault that seals the tenant's
 * secrets, and the tenant. One value instead of the same three arguments everywhere.
 */
import type { Store } from '../store/db.js';
import type { Vault } from '../vault/vault.js';

export interface TenantScope {
  readonly store: Store;
  readonly vault: Vault;
  readonly tenantId: string;
}
