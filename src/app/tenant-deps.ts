/** What the sync engine needs for one tenant, built from its stored connections and settings. */
import { coupaClientFor } from './coupa-client.js';
import { freshbooksPortFor } from './freshbooks-client.js';
import { coupaPort } from '../providers/coupa/port.js';
import type { CallRecorder } from '../providers/http.js';
import type { Store } from '../store/db.js';
import { requireTenant } from '../store/queries/tenants.js';
import type { SyncDeps, WriteEvent } from '../sync/context.js';
import { parseSettings } from '../sync/settings.js';
import type { Flow } from '../sync/report.js';
import type { Vault } from '../vault/vault.js';

export interface TenantDepsOptions {
  recorder?: CallRecorder;
  onWrite?: (event: WriteEvent) => void;
  onProgress?: (flow: Flow, processed: number) => void;
}

export async function syncDepsFor(store: Store, vault: Vault, tenantId: string, options: TenantDepsOptions = {}): Promise<SyncDeps> {
  const tenant = await requireTenant(store.db, tenantId);
  const clientDeps = options.recorder ? { recorder: options.recorder } : {};
  return {
    tenantId: tenant.id,
    store,
    settings: parseSettings(tenant.id, tenant.settings),
    coupa: coupaPort(await coupaClientFor(store, vault, tenant.id, clientDeps)),
    freshbooks: await freshbooksPortFor(store, vault, tenant.id, clientDeps),
    ...(options.onWrite ? { onWrite: options.onWrite } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
}
