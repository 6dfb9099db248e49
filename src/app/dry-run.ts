/**
 * `sync --dry-run`: the real engine, run against a scratch copy of the tenant's state and the
 * two systems as DryRun ports (reads real, writes kept), so what it prints is what a real
 * pass would do now — to the record — while nothing is written to Coupa, FreshBooks, or the
 * tenant's own links and cursors. The plan is stored, so the admin API (and the dashboard)
 * can show it until a later plan replaces it.
 */
import { sql } from '../store/kysely.js';
import { openStore, type Store } from '../store/db.js';
import { saveSyncRun } from '../store/queries/sync-runs.js';
import { requireTenant } from '../store/queries/tenants.js';
import type { SyncDeps, WriteEvent } from '../sync/context.js';
import { DryRunCoupa, DryRunFreshBooks, isPlannedId, type HeldWrite } from '../sync/dry-run-ports.js';
import { runSync, type SyncOptions } from '../sync/engine.js';
import { outcomeOf, type Outcome } from '../sync/outcome.js';
import type { Flow, SyncReport } from '../sync/report.js';
import { parseSettings } from '../sync/settings.js';
import { syncStateFor } from './sync-state.js';
import { tenantPorts } from './tenant-deps.js';
import type { TenantScope } from './tenant-scope.js';

/** The tables the engine's state lives in, parents first. Everything else (credentials, deliveries) stays out of the copy. */
const STATE_TABLES = [
  'vendor_links',
  'vendor_intents',
  'po_links',
  'invoice_links',
  'invoiced_lines',
  'payment_links',
  'allocations',
  'cursors',
  'reviews',
  'attention_items',
] as const;

/** Rows per INSERT: well inside SQLite's limit on bound parameters for the widest table. */
const CHUNK = 200;

async function rowsOf(store: Store, query: ReturnType<typeof sql>): Promise<Array<Record<string, unknown>>> {
  const result = await query.execute(store.db);
  // Raw SELECT *: each row is a plain object of column → value.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- see above
  return result.rows as Array<Record<string, unknown>>;
}

async function insertRows(into: Store, table: string, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const [first] = rows;
  if (!first) return;
  const columns = Object.keys(first);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows.slice(i, i + CHUNK).map((row) => sql`(${sql.join(columns.map((c) => row[c]))})`);
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.join(values)}`.execute(into.db);
  }
}

/** An in-memory store holding a copy of one tenant's sync state, to be thrown away. */
async function scratchCopy(store: Store, tenantId: string): Promise<Store> {
  const scratch = await openStore({ kind: 'sqlite', file: ':memory:' });
  try {
    await insertRows(scratch, 'tenants', await rowsOf(store, sql`select * from tenants where id = ${tenantId}`));
    for (const table of STATE_TABLES) {
      await insertRows(scratch, table, await rowsOf(store, sql`select * from ${sql.table(table)} where tenant_id = ${tenantId}`));
    }
    return scratch;
  } catch (err) {
    await scratch.close();
    throw err;
  }
}

export interface Plan {
  outcome: Outcome;
  report: SyncReport;
  /** Every write the pass would have made, as kept from each system (a test checks none got through). */
  held: HeldWrite[];
}

type PlanOptions = SyncOptions & { onProgress?: (flow: Flow, processed: number) => void };

/** A dry run of a tenant as stored: its settings, its connections. The plan is kept for the admin API. */
export async function planTenantSync(scope: TenantScope, options: PlanOptions = {}): Promise<Plan> {
  const { store, tenantId } = scope;
  const tenant = await requireTenant(store.db, tenantId);
  const plan = await planSync(
    store,
    { tenantId, settings: parseSettings(tenant.id, tenant.settings), ...(await tenantPorts(scope)) },
    options,
  );
  await saveSyncRun(store.db, { tenantId, kind: 'plan', outcome: plan.outcome });
  return plan;
}

/** A dry run with the given sides and settings (the model test plans every sequence's last pass this way). */
export async function planSync(
  store: Store,
  base: Pick<SyncDeps, 'tenantId' | 'settings' | 'coupa' | 'freshbooks' | 'clock'>,
  options: PlanOptions = {},
): Promise<Plan> {
  const coupa = new DryRunCoupa(base.coupa);
  const freshbooks = new DryRunFreshBooks(base.freshbooks);
  const events: WriteEvent[] = [];
  const scratch = await scratchCopy(store, base.tenantId);
  let report: SyncReport;
  try {
    report = await runSync(
      {
        ...base,
        state: syncStateFor(scratch, base.tenantId),
        coupa,
        freshbooks,
        onWrite: (event) => events.push(event),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      },
      { ...(options.only ? { only: options.only } : {}), ...(options.full ? { full: true } : {}) },
    );
  } finally {
    await scratch.close();
  }
  return { outcome: outcomeOf(events, isPlannedId), report, held: [...coupa.held, ...freshbooks.held] };
}
