/**
 * The engine's rules, each against both sandboxes: revisions, cancellations, invoices taking
 * their part off the PO's open commitment, standalone invoices, voids, out-of-order arrival,
 * a lost local link, a failing record.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failures, writes } from '../../src/sync/report.js';
import { liveBillTotals, startWorld, type World } from '../helpers/world.js';

describe('sync rules', () => {
  let world: World;
  let supplierId: number;
  beforeEach(async () => {
    world = await startWorld();
    supplierId = Number(world.coupa.control.createSupplier({ name: 'Nimbus Cloud Hosting Inc.', paymentTerm: 'Net 15' }).id);
  });
  afterEach(async () => world.close());

  const po = (
    poNumber: string,
    lines: Array<{ description: string; price: string; quantity?: string; accountCode?: string }>,
    status: 'issued' | 'draft' = 'issued',
  ) => world.coupa.control.createPurchaseOrder({ supplierId, poNumber, currency: 'USD', status, lines });
  const billsTagged = (tag: string) => world.fb().bills.filter((b) => b.bill_number === tag && b.vis_state === 0);
  const live = () => liveBillTotals(world);

  it('a new PO version rewrites its unpaid bill; a cancelled PO deletes its unpaid bill; POs are marked exported when asked', async () => {
    await world.settings({ markExported: true });
    const p1 = po('PO-1', [{ description: 'Hosting', quantity: '2', price: '100.00' }]);
    const p2 = po('PO-2', [{ description: 'Support', price: '50.00' }]);
    await world.sync();
    expect(billsTagged('PO PO-1')[0]!.total_amount.amount).toBe('200.00');
    expect(billsTagged('PO PO-1')[0]!.due_offset_days).toBe(15);
    expect(world.coupa.control.records('purchase_orders').every((p) => p.exported === true)).toBe(true);

    world.coupa.control.revisePurchaseOrder(Number(p1.id), {
      lines: [{ lineNum: '1', description: 'Hosting', quantity: '3', price: '100.00' }],
    });
    world.coupa.control.cancelPurchaseOrder(Number(p2.id));
    const report = await world.sync();
    expect(failures(report)).toBe(0);
    expect(report['purchase-orders']).toMatchObject({ updated: 1, deleted: 1 });
    expect(live()).toEqual({ 'PO PO-1': '300.00' });
    // The revision reset `exported`; the connector marked it again.
    expect(world.coupa.control.records('purchase_orders').find((p) => p.id === p1.id)!.exported).toBe(true);
    expect(writes(await world.sync())).toBe(0);
  });

  it('a PO bill with payments is changed only while it still holds at least what was paid', async () => {
    const p1 = po('PO-1', [{ description: 'Hosting', price: '100.00' }]);
    await world.sync();
    world.freshbooks.control.payBill(world.accountId, { billid: billsTagged('PO PO-1')[0]!.id, amount: '40.00' });
    world.coupa.control.revisePurchaseOrder(Number(p1.id), { lines: [{ lineNum: '1', description: 'Hosting', price: '900.00' }] });
    await world.sync({ only: 'purchase-orders' });
    expect(billsTagged('PO PO-1')[0]!.total_amount.amount).toBe('900.00');
    world.coupa.control.revisePurchaseOrder(Number(p1.id), { lines: [{ lineNum: '1', description: 'Hosting', price: '30.00' }] });
    const report = await world.sync({ only: 'purchase-orders' });
    expect(report['purchase-orders'].needsPerson.map((p) => p.code)).toEqual(['po-bill-overpaid']);
    expect(billsTagged('PO PO-1')[0]!.total_amount.amount).toBe('900.00');
  });

  it('invoices take their part off the PO’s open commitment; an invoice without PO stands alone; a voided one removes its unpaid bill', async () => {
    po('PO-7', [{ description: 'Hosting', quantity: '10', price: '100.00' }]);
    const c = world.coupa.control;
    c.createInvoice({
      supplierId,
      invoiceNumber: 'INV-1',
      poNumber: 'PO-7',
      status: 'approved',
      lines: [{ poLineNum: '1', quantity: '4' }],
    });
    const standalone = c.createInvoice({
      supplierId,
      invoiceNumber: 'INV-3',
      currency: 'USD',
      status: 'approved',
      lines: [{ description: 'Setup fee', price: '75.00' }],
    });
    const report = await world.sync();
    expect(failures(report)).toBe(0);
    expect(live()).toEqual({ 'INV INV-3': '75.00', 'INV INV-1 / PO PO-7': '400.00', 'PO PO-7': '600.00' });

    c.createInvoice({
      supplierId,
      invoiceNumber: 'INV-2',
      poNumber: 'PO-7',
      status: 'approved',
      lines: [{ poLineNum: '1', quantity: '6' }],
    });
    c.voidInvoice(Number(standalone.id));
    const after = await world.sync();
    expect(failures(after)).toBe(0);
    expect(after.invoices.deleted).toBe(1);
    // Fully invoiced: the PO's bill is gone; the liability is on the invoices' bills only.
    expect(live()).toEqual({ 'INV INV-1 / PO PO-7': '400.00', 'INV INV-2 / PO PO-7': '600.00' });
    expect(writes(await world.sync())).toBe(0);
  });

  it('a voided invoice gives its part back to the PO’s open commitment', async () => {
    po('PO-9', [{ description: 'Hosting', quantity: '10', price: '100.00' }]);
    const inv = world.coupa.control.createInvoice({
      supplierId,
      invoiceNumber: 'INV-9',
      poNumber: 'PO-9',
      status: 'approved',
      lines: [{ poLineNum: '1', quantity: '4' }],
    });
    await world.sync();
    expect(live()).toEqual({ 'INV INV-9 / PO PO-9': '400.00', 'PO PO-9': '600.00' });
    world.coupa.control.voidInvoice(Number(inv.id));
    const report = await world.sync();
    expect(failures(report)).toBe(0);
    expect(live()).toEqual({ 'PO PO-9': '1000.00' });
    expect(writes(await world.sync())).toBe(0);
  });

  it('an invoice seen before its PO and supplier fetches them first and takes its part off the PO', async () => {
    po('PO-5', [{ description: 'Hosting', quantity: '2', price: '250.00' }]);
    world.coupa.control.createInvoice({ supplierId, invoiceNumber: 'INV-5', poNumber: 'PO-5', status: 'approved' });
    const report = await world.sync({ only: 'invoices' });
    expect(failures(report)).toBe(0);
    expect(report.suppliers.created).toBe(1);
    const fb = world.fb();
    expect(fb.bill_vendors).toHaveLength(1);
    expect(live()).toEqual({ 'INV INV-5 / PO PO-5': '500.00' });
    // The PO and supplier passes that follow find everything done.
    expect(writes(await world.sync())).toBe(0);
  });

  it('a crash between the FreshBooks write and the local link leaves no duplicate on rerun', async () => {
    po('PO-3', [{ description: 'Hosting', price: '120.00' }]);
    const inv = world.coupa.control.createInvoice({
      supplierId,
      invoiceNumber: 'INV-S',
      currency: 'USD',
      status: 'approved',
      lines: [{ description: 'One-off', price: '80.00' }],
    });
    world.coupa.control.recordPayment(Number(inv.id), { amount: '80.00', date: '2026-03-01', notes: 'ACH-1' });
    po('PO-4', [{ description: 'Support', price: '60.00' }]);
    const inv4 = world.coupa.control.createInvoice({ supplierId, invoiceNumber: 'INV-4', poNumber: 'PO-4', status: 'approved' });
    await world.sync();
    world.freshbooks.control.payBill(world.accountId, {
      billid: billsTagged('INV INV-4 / PO PO-4')[0]!.id,
      amount: '60.00',
      paid_date: '2026-03-02',
    });
    await world.sync();
    const before = world.fb();
    const liveBefore = live();
    const paymentsOf = () => (world.coupa.control.records('invoices').find((i) => i.id === inv4.id)!.payments as unknown[]).length;
    expect(paymentsOf()).toBe(1);

    // Every local link lost, as if each write had crashed before its link was stored.
    for (const table of ['vendor_links', 'po_links', 'invoice_links', 'invoiced_lines', 'payment_links', 'allocations'] as const) {
      await world.store.db.deleteFrom(table).execute();
    }
    const report = await world.sync({ full: true });
    expect(failures(report)).toBe(0);
    const after = world.fb();
    expect(after.bill_vendors).toHaveLength(before.bill_vendors.length);
    // Every bill once (a fully invoiced PO's commitment may be written and removed again: its
    // invoiced lines were lost with the links), every payment once.
    expect(live()).toEqual(liveBefore);
    expect(after.bill_payments.filter((p) => p.vis_state === 0)).toHaveLength(before.bill_payments.filter((p) => p.vis_state === 0).length);
    expect(paymentsOf()).toBe(1);
    expect(report.suppliers.linked).toBe(1);
    expect(report['payments-to-freshbooks'].linked).toBe(1);
    expect(report['payments-to-coupa'].linked).toBe(1);
    // And the links are back: the next pass writes nothing.
    expect(writes(await world.sync({ full: true }))).toBe(0);
  });

  it('a record that fails is reported with its reason, does not stop the others, and succeeds on the next pass', async () => {
    po('PO-A', [{ description: 'Hosting', price: '10.00' }]);
    po('PO-B', [{ description: 'Support', price: '20.00' }]);
    await world.sync({ only: 'suppliers' });
    world.freshbooks.faults.add({
      kind: 'error',
      status: 500,
      method: 'POST',
      path: `/accounting/account/${world.accountId}/bills/bills`,
      times: 1,
    });
    const report = await world.sync();
    expect(report['purchase-orders'].failed).toHaveLength(1);
    expect(report['purchase-orders'].failed[0]!.record).toBe('PO PO-A (Nimbus Cloud Hosting Inc.)');
    expect(report['purchase-orders'].failed[0]!.reason).toMatch(/FreshBooks/);
    expect(report['purchase-orders'].created).toBe(1);
    const retry = await world.sync();
    expect(failures(retry)).toBe(0);
    expect(retry['purchase-orders'].created).toBe(1);
    expect(Object.keys(live()).sort()).toEqual(['PO PO-A', 'PO PO-B']);
  });

  it('maps bill lines to expense categories by account code, with the default for the rest', async () => {
    const categories = (await (await world.ports()).freshbooks.categories()).slice(0, 2);
    await world.settings({ categoryMapping: { defaultCategoryId: categories[0]!.id, byAccountCode: { 'NW-IT-6200': categories[1]!.id } } });
    po('PO-M', [
      { description: 'Hosting', price: '10.00', accountCode: 'NW-IT-6200' },
      { description: 'Snacks', price: '5.00', accountCode: 'NW-OPS-6100' },
    ]);
    await world.sync();
    const lines = billsTagged('PO PO-M')[0]!.lines;
    expect(lines.map((l) => [l.description, String(l.categoryid)])).toEqual([
      ['Hosting', categories[1]!.id],
      ['Snacks', categories[0]!.id],
    ]);
  });
});
