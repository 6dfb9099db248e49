/**
 * The tenant's start date against both sandboxes: POs and invoices older than it and never
 * written are left out (and announced), documents already written keep syncing, and an invoice
 * after the start on an older PO is billed as usual.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncStateFor } from '../../src/app/sync-state.js';
import { changeStartDate } from '../../src/app/start-date.js';
import { runTenantSync } from '../../src/app/tenant-sync.js';
import { listAudit } from '../../src/store/queries/audit.js';
import type { WriteEvent } from '../../src/sync/context.js';
import { runSync } from '../../src/sync/engine.js';
import { writes } from '../../src/sync/report.js';
import { liveBillTotals, startWorld, type World } from '../helpers/world.js';

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('the start date', () => {
  let world: World;
  let supplierId: number;
  beforeEach(async () => {
    world = await startWorld();
    supplierId = Number(world.coupa.control.createSupplier({ name: 'Hartley Facilities Ltd' }).id);
  });
  afterEach(async () => world.close());

  const c = () => world.coupa.control;
  const live = () => liveBillTotals(world);
  const syncWithEvents = async () => {
    const events: WriteEvent[] = [];
    const settings = await world.settings();
    const report = await runSync({
      tenantId: world.tenantId,
      state: syncStateFor(world.store, world.tenantId),
      settings,
      ...(await world.ports()),
      onWrite: (e) => events.push(e),
    });
    return { report, events };
  };

  it('leaves out a PO issued before it, bills a later invoice on that PO, and writes no payment of an older invoice', async () => {
    // POs are issued "now" (the sandbox's clock): a start date of tomorrow puts them before it.
    const tomorrow = isoDay(Date.now() + DAY);
    const later = isoDay(Date.now() + 2 * DAY);
    await world.settings({ startDate: tomorrow });
    c().createPurchaseOrder({
      supplierId,
      poNumber: '5001',
      currency: 'USD',
      status: 'issued',
      lines: [{ description: 'Audit', price: '900.00' }],
    });
    const old = c().createInvoice({
      supplierId,
      invoiceNumber: 'OLD-1',
      poNumber: '5001',
      invoiceDate: '2025-01-15',
      status: 'approved',
      lines: [{ poLineNum: '1', description: 'Audit part 1', price: '300.00' }],
    });
    c().recordPayment(Number(old.id), { amount: '300.00', date: '2025-02-01' });

    const first = await syncWithEvents();
    // The supplier is active: it gets its vendor as before; no bill for either old document.
    expect(world.fb().bill_vendors.map((v) => v.vendor_name)).toEqual(['Hartley Facilities Ltd']);
    expect(live()).toEqual({});
    expect(world.fb().bill_payments).toEqual([]);
    expect(first.report['purchase-orders'].skippedReasons['before-start-date']).toBe(1);
    expect(first.report.invoices.skippedReasons['before-start-date']).toBeGreaterThanOrEqual(1);
    const skips = first.events.filter((e) => e.action === 'skip-before-start');
    expect(skips).toContainEqual(
      expect.objectContaining({
        linkKind: 'po',
        coupaId: '5001',
        label: 'PO 5001 (Hartley Facilities Ltd)',
        amount: '900.00',
        currency: 'USD',
      }),
    );
    expect(skips).toContainEqual(
      expect.objectContaining({ linkKind: 'invoice', coupaId: String(old.id), amount: '300.00', currency: 'USD' }),
    );
    expect(writes(first.report)).toBe(1); // the vendor

    // An invoice dated after the start on the old PO is billed; the PO still gets no bill.
    c().createInvoice({
      supplierId,
      invoiceNumber: 'NEW-1',
      poNumber: '5001',
      invoiceDate: later,
      status: 'approved',
      lines: [{ poLineNum: '1', description: 'Audit part 2', price: '250.00' }],
    });
    const second = await syncWithEvents();
    expect(live()).toEqual({ 'INV NEW-1 / PO 5001': '250.00' });
    expect(second.events.filter((e) => e.action === 'create').map((e) => e.linkKind)).toEqual(['invoice']);
    expect(writes((await syncWithEvents()).report)).toBe(0);
    expect(writes(await world.sync({ full: true }))).toBe(0);
    expect(live()).toEqual({ 'INV NEW-1 / PO 5001': '250.00' });
  });

  it('a pass run for a person audits its real writes, never a document left out', async () => {
    await world.settings({ startDate: isoDay(Date.now() + DAY) });
    c().createPurchaseOrder({
      supplierId,
      poNumber: '5003',
      currency: 'USD',
      status: 'issued',
      lines: [{ description: 'Audit', price: '10.00' }],
    });
    await runTenantSync({ store: world.store, vault: world.vault, tenantId: world.tenantId }, { source: 'cli-sync' });
    const audited = (await listAudit(world.store.db, { tenantId: world.tenantId })).filter((e) => e.kind === 'write');
    expect(audited.map((e) => (e.detail as { action: string; linkKind: string }).linkKind)).toEqual(['vendor']);
    expect(live()).toEqual({});
  });

  it('moved earlier, the next pass reads the older documents again and writes them', async () => {
    // No overlap window: only the cursor reset brings the PO back into reach.
    await world.settings({ startDate: isoDay(Date.now() + DAY), overlapSeconds: 0 });
    c().createPurchaseOrder({
      supplierId,
      poNumber: '5004',
      currency: 'USD',
      status: 'issued',
      lines: [{ description: 'Audit', price: '75.00' }],
    });
    await world.sync();
    expect(live()).toEqual({});
    // The setting alone (no reset) does not read it again…
    await world.settings({ startDate: '2020-01-01' });
    await world.sync();
    expect(live()).toEqual({});
    // …moving it earlier through changeStartDate does.
    const change = await changeStartDate(world.store.db, world.tenantId, await world.settings(), '2019-01-01');
    expect(change).toEqual({ from: '2020-01-01', to: '2019-01-01', cursorsReset: true });
    await world.settings({ startDate: '2019-01-01' });
    await world.sync();
    expect(live()).toEqual({ 'PO 5004': '75.00' });
  });

  it('keeps a PO written before the start date was set in agreement with Coupa', async () => {
    const order = c().createPurchaseOrder({
      supplierId,
      poNumber: '5002',
      currency: 'USD',
      status: 'issued',
      lines: [{ description: 'Audit', price: '400.00' }],
    });
    await world.sync();
    expect(live()).toEqual({ 'PO 5002': '400.00' });
    await world.settings({ startDate: isoDay(Date.now() + DAY) });
    c().revisePurchaseOrder(Number(order.id), { lines: [{ lineNum: '1', description: 'Audit', price: '450.00' }] });
    const { report, events } = await syncWithEvents();
    expect(live()).toEqual({ 'PO 5002': '450.00' });
    expect(report['purchase-orders'].updated).toBe(1);
    expect(events.some((e) => e.action === 'skip-before-start')).toBe(false);
  });
});
