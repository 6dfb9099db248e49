/**
 * Incremental reading: a pass reads what changed since its cursor (plus the overlap), and an
 * older copy of a record — a late poll, an old webhook — never overwrites a fresher write.
 */
import { syncStateFor } from '../../src/app/sync-state.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncContext } from '../../src/sync/context.js';
import { syncPurchaseOrder } from '../../src/sync/purchase-orders.js';
import { generateDataset } from '../../src/sandbox/generator/index.js';
import { writes } from '../../src/sync/report.js';
import { startWorld, type World } from '../helpers/world.js';

const processed = (f: {
  created: number;
  updated: number;
  linked: number;
  deleted: number;
  skipped: number;
  queued: number;
  failed: unknown[];
}) => f.created + f.updated + f.linked + f.deleted + f.skipped + f.queued + f.failed.length;

describe('cursors and freshness', () => {
  let world: World;
  beforeEach(async () => {
    const data = generateDataset({ seed: 3 });
    world = await startWorld({ coupaData: data.coupa, freshbooksData: data.freshbooks });
  });
  afterEach(async () => world.close());

  it('a second pass reads only what changed since the first; --full reads everything again', async () => {
    const first = await world.sync();
    expect(processed(first.suppliers)).toBe(12);
    const nimbus = world.coupa.control.records('suppliers').find((s) => s.name === 'Nimbus Cloud Hosting Inc.')!;
    world.coupa.control.updateSupplier(Number(nimbus.id), { website: 'https://nimbus.example' });

    const second = await world.sync({ only: 'suppliers' });
    // The changed supplier, and — through the 5-minute overlap — the newest one of the first
    // pass, read again and skipped as unchanged.
    expect(processed(second.suppliers)).toBe(2);
    expect(second.suppliers.updated).toBe(1);
    expect(second.suppliers.skippedReasons).toEqual({ unchanged: 1 });
    const full = await world.sync({ only: 'suppliers', full: true });
    expect(processed(full.suppliers)).toBe(12);
    expect(writes(full)).toBe(0);
  });

  it('an older copy of a PO never overwrites the bill written from a newer one', async () => {
    await world.sync();
    const ports = await world.ports();
    const old = (await ports.coupa.purchaseOrderByNumber('2401'))!;
    world.coupa.control.revisePurchaseOrder(Number(old.id), {
      lines: [{ lineNum: '1', description: 'Legal services – Q1 retainer', price: '15000.00' }],
    });
    // PO 2401 is fully invoiced in the demo data (no bill of its own); use one with an open commitment.
    const po = (await ports.coupa.purchaseOrderByNumber('2409'))!;
    world.coupa.control.revisePurchaseOrder(Number(po.id), {
      lines: [{ lineNum: '1', description: 'Laptop 14" (32 GB)', quantity: '6', price: '1649.00' }],
    });
    const report = await world.sync({ only: 'purchase-orders' });
    expect(report['purchase-orders'].updated).toBe(1);
    const bill = () => world.fb().bills.find((b) => b.bill_number === 'PO 2409' && b.vis_state === 0)!;
    const fresh = bill().total_amount.amount;

    const ctx = new SyncContext({
      tenantId: world.tenantId,
      state: syncStateFor(world.store, world.tenantId),
      settings: await world.settings(),
      ...ports,
    });
    await syncPurchaseOrder(ctx, po); // the copy read before the revision
    expect(ctx.report['purchase-orders'].skippedReasons).toEqual({ stale: 1 });
    expect(bill().total_amount.amount).toBe(fresh);
  });
});
