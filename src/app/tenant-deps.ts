/**
 * The composition root: what the sync engine needs for one tenant, built from its stored
 * connections and settings. Workers, `sync`, `review resolve` and the demo all build a
 * tenant's dependencies here, so they all talk to the same clients in the same way.
 */
import type { ClientDeps } from '../providers/client-deps.js';
import { coupaPort } from '../providers/coupa/port.js';
import type { CallRecorder } from '../providers/http.js';
import { requireTenant } from '../store/queries/tenants.js';
import type { SyncDeps, WriteEvent } from '../sync/context.js';
import type { CoupaPort, FreshBooksPort } from '../sync/ports.js';
import { parseSettings } from '../sync/settings.js';
import type { Flow } from '../sync/report.js';
import { coupaClientFor } from './coupa-client.js';
import { freshbooksPortFor } from './freshbooks-client.js';
import { syncStateFor } from './sync-state.js';
import type { TenantScope } from './tenant-scope.js';

interface TenantDepsOptions {
  recorder?: CallRecorder;
  onWrite?: (event: WriteEvent) => void;
  onProgress?: (flow: Flow, processed: number) => void;
  /** Stops the clients' calls once aborted (a job that lost its lease, a shutdown). */
  signal?: AbortSignal;
}

/** The tenant's two sides as the sync engine sees them. Throws NotConnectedError for a side not connected. */
export async function tenantPorts(
  scope: TenantScope,
  clientDeps: ClientDeps = {},
): Promise<{ coupa: CoupaPort; freshbooks: FreshBooksPort }> {
  return {
    coupa: coupaPort(await coupaClientFor(scope, clientDeps)),
    freshbooks: await freshbooksPortFor(scope, clientDeps),
  };
}

export async function syncDepsFor(scope: TenantScope, options: TenantDepsOptions = {}): Promise<SyncDeps> {
  const tenant = await requireTenant(scope.store.db, scope.tenantId);
  const ports = await tenantPorts(scope, {
    ...(options.recorder ? { recorder: options.recorder } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return {
    tenantId: tenant.id,
    state: syncStateFor(scope.store, tenant.id),
    settings: parseSettings(tenant.id, tenant.settings),
    ...ports,
    ...(options.onWrite ? { onWrite: options.onWrite } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
}
