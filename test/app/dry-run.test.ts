/**
 * A dry run on each store: the tenant's state is copied to a scratch store (PostgreSQL rows
 * into embedded SQLite too), the plan names only what changed since the last sync, and
 * neither the tenant's links and cursors nor either system change until the sync that follows.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planTenantSync } from '../../src/app/dry-run.js';
import { runTenantSync } from '../../src/app/tenant-sync.js';
import { generateDataset } from '../../src/sandbox/generator/index.js';
import { sql } from '../../src/store/kysely.js';
import { storedReport } from '../../src/app/sync-reports.js';
import { storeTargets } from '../helpers/stores.js';
import { startWorld, type World } from '../helpers/world.js';

const TABLES = ['vendor_links', 'po_links', 'invoice_links', 'invoiced_lines', 'payment_links', 'cursors', 'reviews', 'attention_items'];

describe.each(storeTargets)('dry run on $name', (target) => {
  let world: World;
  const scope = () => ({ store: world.store, vault: world.vault, tenantId: world.tenantId });
  /** The tenant's own state, row for row. */
  const stateRows = async () => {
    const out: Record<string, unknown[]> = {};
    for (const table of TABLES) {
      out[table] = (
        await sql`select * from ${sql.table(table)} where tenant_id = ${world.tenantId} order by 1, 2, 3`.execute(world.store.db)
      ).rows;
    }
    return JSON.stringify(out);
  };

  beforeEach(async () => {
    const data = generateDataset({ seed: 1 });
    world = await startWorld({ target, coupaData: data.coupa, freshbooksData: data.freshbooks });
  });
  afterEach(async () => world.close());

  it('plans only what changed since the last sync, from a copy of the state, and changes nothing', async () => {
    await runTenantSync(scope(), { source: 'test' });
    const invoice = world.coupa.control.records('invoices').find((i) => i.status === 'pending_approval');
    expect(invoice).toBeDefined();
    world.coupa.control.approveInvoice(Number(invoice?.id));

    const state = await stateRows();
    const fb = JSON.stringify(world.fb());
    const plan = await planTenantSync(scope());
    expect(plan.report.invoices.failed).toEqual([]);
    const decisions = plan.outcome.items.map((i) => `${i.flow} ${i.action} ${i.record} ${i.coupaId}`);
    expect(decisions).toContain(`invoices create invoice ${String(invoice?.id)}`);
    expect(plan.outcome.items.every((i) => i.action !== 'create' || i.freshbooksId === null)).toBe(true);
    expect(plan.held.filter((h) => h.call === 'createBill')).toHaveLength(1);
    expect(await stateRows()).toBe(state);
    expect(JSON.stringify(world.fb())).toBe(fb);
    expect((await storedReport(world.store.db, world.tenantId, 'plan'))?.outcome).toEqual(plan.outcome);

    const { outcome } = await runTenantSync(scope(), { source: 'test' });
    const done = outcome.items.map((i) => `${i.flow} ${i.action} ${i.record} ${i.coupaId} ${i.amount ?? ''}`);
    expect(done.sort()).toEqual(plan.outcome.items.map((i) => `${i.flow} ${i.action} ${i.record} ${i.coupaId} ${i.amount ?? ''}`).sort());
    expect(await stateRows()).not.toBe(state);
  });
});
