/**
 * One sync pass of a tenant started by a person (`sync`, the demo's first sync), audited: every
 * write it made, then `sync.completed` with its counts, so `audit` shows it beside the
 * deliveries. (Workers audit their passes against the job's delivery: worker/pool.ts.) What it
 * did, record by record, is kept as the pass's report: the first one is what a controller signs
 * off on day one.
 */
import { appendAudit, type NewAuditEvent } from '../store/queries/audit.js';
import { saveSyncRun } from '../store/queries/sync-runs.js';
import { isWrite, type WriteEvent } from '../sync/context.js';
import { runSync, type SyncFlowName } from '../sync/engine.js';
import type { ProgressEstimate } from '../sync/estimate.js';
import { outcomeOf, type Outcome } from '../sync/outcome.js';
import { failures, writes, type Flow, type SyncReport } from '../sync/report.js';
import { syncDepsFor } from './tenant-deps.js';
import type { TenantScope } from './tenant-scope.js';

interface TenantSyncOptions {
  only?: SyncFlowName;
  full?: boolean;
  /** Who ran it, kept on each write event ('cli-sync', 'demo'). */
  source: string;
  onProgress?: (flow: Flow, processed: number, estimate?: ProgressEstimate) => void;
  /** Stops the pass after the record under way (runSync throws SyncInterruptedError). */
  signal?: AbortSignal;
}

export async function runTenantSync(scope: TenantScope, options: TenantSyncOptions): Promise<{ report: SyncReport; outcome: Outcome }> {
  const { tenantId, store } = scope;
  const events: WriteEvent[] = [];
  const written: NewAuditEvent[] = [];
  const deps = await syncDepsFor(scope, {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    onWrite: (event) => {
      events.push(event);
      if (isWrite(event)) written.push({ tenantId, kind: 'write', detail: { ...event, source: options.source } });
    },
  });
  const started = Date.now();
  let report: SyncReport;
  let complete = false;
  let outcome: Outcome | undefined;
  try {
    report = await runSync(deps, {
      ...(options.only ? { only: options.only } : {}),
      full: options.full === true,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    complete = true;
  } finally {
    // What was written stays on record even when the pass stops half-way; the report of a pass
    // that stopped is kept too, marked incomplete, and the first report runs on to the pass that finished.
    await appendAudit(store.db, written);
    outcome = outcomeOf(events);
    if (events.length > 0 || complete) await saveSyncRun(store.db, { tenantId, kind: 'sync', outcome, complete });
  }
  await appendAudit(store.db, {
    tenantId,
    kind: 'sync.completed',
    detail: {
      only: options.only ?? 'all',
      full: options.full === true,
      writes: writes(report),
      failures: failures(report),
      ms: Date.now() - started,
    },
  });
  return { report, outcome };
}
