/**
 * The demo tenant through the engine: exact names linked, near names queued for review and
 * their records held back, everything else written once — and a second pass writes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/sandbox/generator/index.js';
import { listReviews } from '../../src/store/queries/reviews.js';
import { runForSupplier } from '../../src/sync/engine.js';
import { failures, writes } from '../../src/sync/report.js';
import { loadReview } from '../../src/app/reviews.js';
import { syncStateFor } from '../../src/app/sync-state.js';
import { resolveReview } from '../../src/sync/review.js';
import { startWorld, type World } from '../helpers/world.js';

describe('demo tenant', () => {
  let world: World;
  beforeEach(async () => {
    const data = generateDataset({ seed: 1 });
    world = await startWorld({ coupaData: data.coupa, freshbooksData: data.freshbooks });
  });
  afterEach(async () => world.close());

  it('links the exact name, queues the near one, writes each record once, and a second pass writes nothing', async () => {
    const first = await world.sync();
    expect(failures(first)).toBe(0);
    expect(first.suppliers).toMatchObject({ created: 10, linked: 1, queued: 1 });

    const fb = world.fb();
    // "Nimbus Cloud Hosting Inc." existed: linked, not duplicated.
    expect(fb.bill_vendors.filter((v) => v.vendor_name === 'Nimbus Cloud Hosting Inc.')).toHaveLength(1);
    // "Acme Inc." only nearly matches "ACME Inc": no vendor created, a review instead.
    expect(fb.bill_vendors.filter((v) => /acme/i.test(v.vendor_name)).map((v) => v.vendor_name)).toEqual(['ACME Inc']);
    const reviews = await listReviews(world.store.db, world.tenantId);
    expect(reviews.map((r) => [r.supplierName, r.reason, r.candidates.map((c) => ('name' in c ? c.name : c.billId))])).toEqual([
      ['Acme Inc.', 'near', ['ACME Inc']],
    ]);

    // Issued POs hold their open commitment; the draft and the cancelled one have no bill;
    // Acme's PO waits. Approved invoices have bills of their own; fully invoiced POs have none.
    const live = Object.fromEntries(fb.bills.filter((b) => b.vis_state === 0).map((b) => [b.bill_number, b.total_amount.amount]));
    expect(live).toEqual({
      'PO 2402': '24030.00',
      'PO 2404': '2340.00',
      'PO 2406': '1520.00',
      'PO 2409': '9194.50',
      'INV HF-2026-0117 / PO 2401': '14700.00',
      'INV NCH-55012 / PO 2402': '6810.00',
      'INV JR-014 / PO 2406': '2280.00',
      'INV KT-0042 / PO 2408': '185000.00',
      'INV BT-2026-01': '1019.00',
      // The tax of a standalone invoice is kept as its own line, so the bill totals what Coupa asks.
      'INV FA-2026-0031': '9360.00',
    });
    expect(first['purchase-orders'].skippedReasons).toMatchObject({ 'not-issued': 1, 'supplier-in-review': 1 });
    expect(first.invoices).toMatchObject({ created: 6 });
    // The one payment on a synced invoice went across once; the other waits with its supplier.
    expect(first['payments-to-freshbooks'].created).toBe(1);
    expect(fb.bill_payments.map((p) => p.amount.amount)).toEqual(['1000.00']);

    const second = await world.sync();
    expect(writes(second)).toBe(0);
    expect(failures(second)).toBe(0);
    const full = await world.sync({ full: true });
    expect(writes(full)).toBe(0);
    expect(world.fb().bills.filter((b) => b.vis_state === 0)).toHaveLength(10);
  });

  it('a resolved review releases exactly that supplier’s held records', async () => {
    await world.sync();
    const [review] = await listReviews(world.store.db, world.tenantId);
    const ports = await world.ports();
    const acme = world.fb().bill_vendors.find((v) => v.vendor_name === 'ACME Inc')!;
    const state = syncStateFor(world.store, world.tenantId);
    const result = await resolveReview({ state, ...ports }, await loadReview(world.store, review!.id), {
      action: 'link',
      vendorId: String(acme.vendorid),
    });
    expect(result).toMatchObject({ vendorId: String(acme.vendorid), created: false });

    const report = await runForSupplier(
      { tenantId: world.tenantId, state, settings: await world.settings(), ...ports },
      review!.supplierId,
    );
    expect(failures(report)).toBe(0);
    const fb = world.fb();
    const acmeBill = fb.bills.find((b) => b.bill_number === 'INV A-99321 / PO 2403' && b.vis_state === 0)!;
    expect(acmeBill.vendorid).toBe(acme.vendorid);
    // Invoice A-99321 has its bill, and its Coupa payment paid it; the PO was fully invoiced.
    expect(acmeBill.total_amount.amount).toBe('3629.92');
    expect(acmeBill.status).toBe('paid');
    expect(fb.bills.filter((b) => b.bill_number === 'PO 2403' && b.vis_state === 0)).toEqual([]);
    expect(await listReviews(world.store.db, world.tenantId)).toEqual([]);
    expect(writes(await world.sync())).toBe(0);
  });
});
