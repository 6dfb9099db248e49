/**
 * The shapes real books take that the first version got wrong (issue 11, cases 1–15), each as
 * a named example against both sandboxes. The generated sequences in ledger.model.test.ts
 * cover their combinations; these say what each case must do.
 */
import { AsyncResource } from 'node:async_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncStateFor } from '../../src/app/sync-state.js';
import { listAttention } from '../../src/store/queries/attention.js';
import { SyncContext } from '../../src/sync/context.js';
import { syncInvoice } from '../../src/sync/invoices.js';
import type { FreshBooksPort } from '../../src/sync/ports.js';
import { syncPurchaseOrder } from '../../src/sync/purchase-orders.js';
import { syncSupplier } from '../../src/sync/suppliers.js';
import { failures, writes } from '../../src/sync/report.js';
import { liveBillTotals, startWorld, type World } from '../helpers/world.js';

type Wire = Record<string, unknown>;

describe('the cases real books have', () => {
  let world: World;
  let supplierId: number;
  beforeEach(async () => {
    world = await startWorld();
    supplierId = Number(world.coupa.control.createSupplier({ name: 'Hartley Facilities Ltd' }).id);
  });
  afterEach(async () => world.close());

  const c = () => world.coupa.control;
  const live = () => liveBillTotals(world);
  const bill = (tag: string) => world.fb().bills.find((b) => b.bill_number === tag && b.vis_state === 0)!;
  const coupaInvoice = (id: unknown): Wire =>
    c()
      .records('invoices')
      .find((i) => i.id === id)!;
  const coupaPayments = (id: unknown) => (coupaInvoice(id).payments as Wire[]).map((p) => [p['amount-paid'], p.notes]);
  const po = (poNumber: string, lines: Array<{ description: string; price: string; quantity?: string; accountCode?: string }>) =>
    c().createPurchaseOrder({ supplierId, poNumber, currency: 'USD', status: 'issued', lines });
  const attentionCodes = async () => (await listAttention(world.store.db, world.tenantId)).map((a) => `${a.code}: ${a.label}`);

  it('1. an invoice numbered like a PO gets a bill of its own, and a payment goes to the invoice whose bill it paid', async () => {
    po('1001', [{ description: 'Cleaning contract', price: '500.00' }]);
    const standalone = c().createInvoice({
      supplierId,
      invoiceNumber: '1001',
      currency: 'USD',
      status: 'approved',
      lines: [{ description: 'Call-out fee', price: '75.00' }],
    });
    await world.sync();
    expect(live()).toEqual({ 'PO 1001': '500.00', 'INV 1001': '75.00' });
    // A prepayment on the PO's bill is not the standalone invoice's payment.
    world.freshbooks.control.payBill(world.accountId, { billid: bill('PO 1001').id, amount: '500.00', paid_date: '2026-05-02' });
    await world.sync();
    expect(coupaPayments(standalone.id)).toEqual([]);
    world.freshbooks.control.payBill(world.accountId, { billid: bill('INV 1001').id, amount: '75.00', paid_date: '2026-05-03' });
    await world.sync();
    expect(coupaPayments(standalone.id)).toEqual([['75.00', expect.stringMatching(/^FreshBooks bill payment \d+/)]]);
    expect(writes(await world.sync({ full: true }))).toBe(0);
  });

  it('2. the cost-centre split goes to Coupa with the payment, and partial payments never drift', async () => {
    await world.settings({ costCentreSegment: 2 });
    po('2001', [
      { description: 'Ops', price: '100.00', accountCode: 'NW-OPS-6100' },
      { description: 'Finance', price: '100.00', accountCode: 'NW-FIN-6100' },
      { description: 'IT', price: '100.00', accountCode: 'NW-IT-6100' },
    ]);
    const inv = c().createInvoice({ supplierId, invoiceNumber: 'CC-1', poNumber: '2001', status: 'approved' });
    await world.sync();
    const billId = bill('INV CC-1 / PO 2001').id;
    for (const day of ['2026-05-01', '2026-05-02', '2026-05-03']) {
      world.freshbooks.control.payBill(world.accountId, { billid: billId, amount: '100.00', paid_date: day });
      expect(failures(await world.sync())).toBe(0);
    }
    const notes = (coupaInvoice(inv.id).payments as Wire[]).map((p) => String(p.notes).replace(/^FreshBooks bill payment \d+ \| /, ''));
    expect(notes).toEqual(['FIN 33.34; IT 33.33; OPS 33.33', 'FIN 33.33; IT 33.34; OPS 33.33', 'FIN 33.33; IT 33.33; OPS 33.34']);
    const split = await world.store.db.selectFrom('allocations').select(['cost_centre', 'amount']).execute();
    const perCentre = new Map<string, number>();
    for (const a of split)
      perCentre.set(a.cost_centre ?? '-', (perCentre.get(a.cost_centre ?? '-') ?? 0) + Math.round(Number(a.amount) * 100));
    expect(Object.fromEntries(perCentre)).toEqual({ FIN: 10000, IT: 10000, OPS: 10000 });
  });

  it('2b. split coding on a line (account-allocations) is read: the payment is split by each part’s cost centre', async () => {
    await world.settings({ costCentreSegment: 2 });
    const inv = c().createInvoice({
      supplierId,
      invoiceNumber: 'SPLIT-1',
      currency: 'USD',
      status: 'approved',
      lines: [
        {
          description: 'Shared office lease',
          price: '1000.00',
          accountCode: 'NW-OPS-6100',
          accountAllocations: [
            { accountCode: 'NW-OPS-6100', pct: '60' },
            { segments: ['NW', 'FIN', '6100'], pct: '40' },
          ],
        },
      ],
    });
    await world.sync();
    world.freshbooks.control.payBill(world.accountId, { billid: bill('INV SPLIT-1').id, amount: '250.00', paid_date: '2026-05-01' });
    expect(failures(await world.sync())).toBe(0);
    expect(coupaPayments(inv.id)).toEqual([['250.00', expect.stringMatching(/^FreshBooks bill payment \d+ \| FIN 100\.00; OPS 150\.00$/)]]);
  });

  it('3. a PO bill paid before its invoice: the invoice takes the paid part over, the rest stays committed, the payment reaches Coupa', async () => {
    po('3001', [{ description: 'Consulting', quantity: '10', price: '100.00' }]);
    await world.sync();
    world.freshbooks.control.payBill(world.accountId, { billid: bill('PO 3001').id, amount: '400.00', paid_date: '2026-05-01' });
    await world.sync();
    const inv = c().createInvoice({
      supplierId,
      invoiceNumber: 'TK-1',
      poNumber: '3001',
      status: 'approved',
      lines: [{ poLineNum: '1', quantity: '4' }],
    });
    const report = await world.sync();
    expect(failures(report)).toBe(0);
    // FreshBooks owes 1000 in all, of which 400 paid — not 1000 + 400.
    expect(live()).toEqual({ 'INV TK-1 / PO 3001': '400.00', 'PO 3001': '600.00' });
    expect(bill('INV TK-1 / PO 3001').status).toBe('paid');
    expect(coupaPayments(inv.id)).toEqual([['400.00', expect.stringMatching(/^FreshBooks bill payment \d+/)]]);
    expect(writes(await world.sync({ full: true }))).toBe(0);
  });

  it('4. after a void, the PO bill holds exactly what is still open — nothing once the PO is closed', async () => {
    const order = po('4001', [{ description: 'Hosting', quantity: '10', price: '100.00' }]);
    const a = c().createInvoice({
      supplierId,
      invoiceNumber: 'V-A',
      poNumber: '4001',
      status: 'approved',
      lines: [{ poLineNum: '1', quantity: '4' }],
    });
    c().createInvoice({
      supplierId,
      invoiceNumber: 'V-B',
      poNumber: '4001',
      status: 'approved',
      lines: [{ poLineNum: '1', quantity: '6' }],
    });
    await world.sync();
    expect(live()).toEqual({ 'INV V-A / PO 4001': '400.00', 'INV V-B / PO 4001': '600.00' });
    c().voidInvoice(Number(a.id));
    await world.sync();
    expect(live()).toEqual({ 'INV V-B / PO 4001': '600.00', 'PO 4001': '400.00' });
    c().closePurchaseOrder(Number(order.id));
    await world.sync();
    expect(live()).toEqual({ 'INV V-B / PO 4001': '600.00' });
  });

  it('4b. a void after a person deleted the invoice’s bill gives the PO its commitment back', async () => {
    po('4101', [{ description: 'Hosting', quantity: '2', price: '25.00' }]);
    const a = c().createInvoice({
      supplierId,
      invoiceNumber: 'W-A',
      poNumber: '4101',
      status: 'approved',
      lines: [{ poLineNum: '1', quantity: '1' }],
    });
    await world.sync();
    expect(live()).toEqual({ 'INV W-A / PO 4101': '25.00', 'PO 4101': '25.00' });
    await (await world.ports()).freshbooks.deleteBill(String(bill('INV W-A / PO 4101').id));
    await world.sync();
    expect(await attentionCodes()).toEqual(['bill-deleted: invoice W-A (Hartley Facilities Ltd)']);
    c().voidInvoice(Number(a.id));
    await world.sync();
    expect(live()).toEqual({ 'PO 4101': '50.00' });
    expect(await attentionCodes()).toEqual([]);
    expect(writes(await world.sync({ full: true }))).toBe(0);
  });

  it('5. a deleted bill is never adopted, and one deleted behind the connector’s back goes to a person — or is written again', async () => {
    c().createInvoice({
      supplierId,
      invoiceNumber: 'D-1',
      currency: 'USD',
      status: 'approved',
      lines: [{ description: 'Repair', price: '90.00' }],
    });
    // A bill a person made and deleted, carrying the invoice's tag: not adopted.
    const vendor = world.freshbooks.control.createVendor(world.accountId, { vendor_name: 'Hartley Facilities Ltd', currency_code: 'USD' });
    const categories = await (await world.ports()).freshbooks.categories();
    const typed = world.freshbooks.control.createBill(world.accountId, {
      vendorid: vendor.vendorid,
      bill_number: 'INV D-1',
      issue_date: '2026-05-01',
      due_offset_days: 30,
      currency_code: 'USD',
      lines: [{ categoryid: Number(categories[0]!.id), description: 'Repair', quantity: '1', unit_cost: { amount: '90.00', code: 'USD' } }],
    });
    await (await world.ports()).freshbooks.deleteBill(String(typed.id));
    await world.sync();
    const own = bill('INV D-1');
    expect(own.id).not.toBe(typed.id);

    await (await world.ports()).freshbooks.deleteBill(String(own.id));
    const report = await world.sync();
    expect(report.invoices.needsPerson.map((p) => p.code)).toEqual(['bill-deleted']);
    expect(await attentionCodes()).toEqual(['bill-deleted: invoice D-1 (Hartley Facilities Ltd)']);
    expect(live()).toEqual({});

    await world.settings({ deletedBills: 'recreate' });
    await world.sync({ full: true });
    expect(live()).toEqual({ 'INV D-1': '90.00' });
    expect(await attentionCodes()).toEqual([]);
  });

  it('6. a vendor a person edited keeps their details: only what Coupa changed is written', async () => {
    world.freshbooks.control.createVendor(world.accountId, {
      vendor_name: 'Hartley Facilities Ltd',
      currency_code: 'USD',
      city: 'Leeds',
      primary_contact_email: 'accounts@hartley.example',
    });
    await world.sync();
    world.coupa.control.updateSupplier(supplierId, { website: 'hartley.example' });
    const report = await world.sync();
    expect(report.suppliers.updated).toBe(1);
    const vendor = world.fb().bill_vendors.find((v) => v.vendor_name === 'Hartley Facilities Ltd')!;
    expect(vendor).toMatchObject({ city: 'Leeds', primary_contact_email: 'accounts@hartley.example' });
  });

  it('7. a near name goes to review instead of a duplicate vendor', async () => {
    world.freshbooks.control.createVendor(world.accountId, { vendor_name: 'Hartley Facilities Limited', currency_code: 'USD' });
    world.coupa.control.createSupplier({ name: 'The Hartley & Sons Facilities' });
    world.freshbooks.control.createVendor(world.accountId, { vendor_name: 'Hartley and Sons Facilities', currency_code: 'USD' });
    const report = await world.sync();
    expect(report.suppliers).toMatchObject({ created: 0 });
    expect(world.fb().bill_vendors).toHaveLength(2);
  });

  it('8. invoice charges: a line per kind under its own category, tax as FreshBooks tax fields, a discount off the lines', async () => {
    const categories = await (await world.ports()).freshbooks.categories();
    const [freight, taxes] = [categories[1]!.id, categories[2]!.id];
    const other = categories[0]!.id;
    await world.settings({ categoryMapping: { defaultCategoryId: other, chargeCategories: { shipping: freight, tax: taxes } } });
    world.freshbooks.control.createTax(world.accountId, { name: 'GST', amount: '5' });
    const lines = [
      { description: 'Chairs', quantity: '4', price: '25.00' },
      { description: 'Desk', price: '50.00' },
    ];
    // 5% of the lines and the shipping, computed per line as FreshBooks does: 5.00 + 2.50 + 0.50.
    const taxed = c().createInvoice({
      supplierId,
      invoiceNumber: 'CH-1',
      currency: 'USD',
      status: 'approved',
      lines,
      shippingAmount: '10.00',
      handlingAmount: '2.50',
      taxAmount: '8.00',
      taxRate: '5',
    });
    const discounted = c().createInvoice({
      supplierId,
      invoiceNumber: 'CH-2',
      currency: 'USD',
      status: 'approved',
      lines,
      discountAmount: '15.00',
    });
    expect(failures(await world.sync())).toBe(0);
    const shape = (tag: string) => bill(tag).lines.map((l) => [l.description, l.amount.amount, String(l.categoryid), l.tax_name1 ?? null]);
    expect(shape('INV CH-1')).toEqual([
      ['Chairs', '100.00', other, 'GST'],
      ['Desk', '50.00', other, 'GST'],
      ['Shipping', '10.00', freight, 'GST'],
      ['Handling', '2.50', other, null],
    ]);
    expect(bill('INV CH-1').total_amount.amount).toBe(coupaInvoice(taxed.id)['total-with-taxes']);
    expect(shape('INV CH-2')).toEqual([
      ['Chairs (4 × 25, less discount 10.00)', '90.00', other, null],
      ['Desk (less discount 5.00)', '45.00', other, null],
    ]);
    expect(bill('INV CH-2').total_amount.amount).toBe(coupaInvoice(discounted.id)['total-with-taxes']);
    // Paid in full in FreshBooks, each settles its Coupa invoice exactly.
    for (const tag of ['INV CH-1', 'INV CH-2']) {
      const b = bill(tag);
      world.freshbooks.control.payBill(world.accountId, { billid: b.id, amount: b.total_amount.amount, paid_date: '2026-05-04' });
    }
    expect(failures(await world.sync())).toBe(0);
    expect(coupaInvoice(taxed.id).paid).toBe(true);
    expect(coupaInvoice(discounted.id).paid).toBe(true);
    expect(writes(await world.sync({ full: true }))).toBe(0);
  });

  it('9. an invoice covering several POs takes its part off each', async () => {
    po('9001', [{ description: 'Desks', quantity: '5', price: '200.00' }]);
    po('9002', [{ description: 'Chairs', quantity: '10', price: '50.00' }]);
    const lineOf = (poNumber: string) =>
      Number(
        (
          c()
            .records('purchase_orders')
            .find((p) => p['po-number'] === poNumber)!['order-lines'] as Wire[]
        )[0]!.id,
      );
    c().createInvoice({
      supplierId,
      invoiceNumber: 'M-1',
      currency: 'USD',
      status: 'approved',
      lines: [
        { orderLineId: lineOf('9001'), quantity: '2' },
        { orderLineId: lineOf('9002'), quantity: '4' },
      ],
    });
    await world.sync();
    expect(live()).toEqual({ 'INV M-1 / PO 9001': '600.00', 'PO 9001': '600.00', 'PO 9002': '300.00' });
  });

  it('10. a take-over and a PO revision at the same moment: both records locked, in one order, and the books agree', async () => {
    const order = po('10001', [{ description: 'Audit', quantity: '10', price: '100.00' }]);
    await world.sync();
    world.freshbooks.control.payBill(world.accountId, { billid: bill('PO 10001').id, amount: '300.00', paid_date: '2026-05-01' });
    await world.sync();
    const invoice = c().createInvoice({
      supplierId,
      invoiceNumber: 'L-1',
      poNumber: '10001',
      status: 'approved',
      lines: [{ poLineNum: '1', quantity: '4' }],
    });
    const ports = await world.ports();
    const settings = await world.settings();
    const ctx = (freshbooks = ports.freshbooks) =>
      new SyncContext({
        tenantId: world.tenantId,
        state: syncStateFor(world.store, world.tenantId),
        settings,
        coupa: ports.coupa,
        freshbooks,
      });
    // While the invoice rewrites the PO's bill, the PO is revised and synced from elsewhere: a
    // task of its own (not within the invoice's call chain, which holds the PO's lease).
    const elsewhere = new AsyncResource('another-worker');
    let revision: Promise<void> | undefined;
    const freshbooks: FreshBooksPort = {
      ...ports.freshbooks,
      updateBill: async (id, draft) => {
        if (!revision) {
          c().revisePurchaseOrder(Number(order.id), { lines: [{ lineNum: '1', description: 'Audit', quantity: '12', price: '100.00' }] });
          const po = (await ports.coupa.purchaseOrderByNumber('10001'))!;
          revision = elsewhere.runInAsyncScope(() => syncPurchaseOrder(ctx(), po));
        }
        return ports.freshbooks.updateBill(id, draft);
      },
    };
    const inv = (await ports.coupa.invoice(String(invoice.id)))!;
    await syncInvoice(ctx(freshbooks), inv);
    await revision;
    await world.sync();
    expect(live()).toEqual({ 'INV L-1 / PO 10001': '400.00', 'PO 10001': '800.00' });
    expect(writes(await world.sync({ full: true }))).toBe(0);
  });

  it('6b. a vendor written just before a crash is found again by the name it was written with, even after a rename', async () => {
    const ports = await world.ports();
    const freshbooks: FreshBooksPort = {
      ...ports.freshbooks,
      createVendor: async (draft) => {
        await ports.freshbooks.createVendor(draft);
        throw new Error('the process died after the vendor was written');
      },
    };
    const ctx = new SyncContext({
      tenantId: world.tenantId,
      state: syncStateFor(world.store, world.tenantId),
      settings: await world.settings(),
      coupa: ports.coupa,
      freshbooks,
    });
    const supplier = (await ports.coupa.supplier(String(supplierId)))!;
    await expect(syncSupplier(ctx, supplier)).rejects.toThrow(/process died/);
    c().updateSupplier(supplierId, { name: 'Hartley Facilities Group' });
    expect(failures(await world.sync())).toBe(0);
    expect(world.fb().bill_vendors.map((v) => v.vendor_name)).toEqual(['Hartley Facilities Group']);
    expect(writes(await world.sync({ full: true }))).toBe(0);
  });

  it('11. a payment known only from the header fields keeps one identity: edited notes or a later id write nothing twice', async () => {
    const inv = c().createInvoice({
      supplierId,
      invoiceNumber: 'H-1',
      currency: 'USD',
      status: 'approved',
      lines: [{ description: 'Survey', price: '250.00' }],
    });
    c().markPaidByHeader(Number(inv.id), { date: '2026-05-04', notes: 'paid by cheque 118' });
    await world.sync();
    expect(world.fb().bill_payments.map((p) => p.amount.amount)).toEqual(['250.00']);
    c().markPaidByHeader(Number(inv.id), { date: '2026-05-04', notes: 'cheque 118, cleared' });
    expect(writes(await world.sync())).toBe(0);
    // Coupa later lists it as a payment row with an id.
    c().recordPayment(Number(inv.id), { amount: '250.00', date: '2026-05-04' });
    expect(writes(await world.sync())).toBe(0);
    expect(world.fb().bill_payments.filter((p) => p.vis_state === 0)).toHaveLength(1);
  });

  it('12. a record that fails for good goes to the attention list after its retries, and the cursor moves on', async () => {
    await world.settings({ retryBudget: 2 });
    const inv = c().createInvoice({
      supplierId,
      invoiceNumber: 'F-1',
      currency: 'USD',
      status: 'approved',
      lines: [{ description: 'Parts', price: '50.00' }],
    });
    await world.sync();
    // A person pays the bill in FreshBooks; then Coupa records a full payment too: FreshBooks refuses the overpayment.
    world.freshbooks.control.payBill(world.accountId, { billid: bill('INV F-1').id, amount: '50.00', paid_date: '2026-05-01' });
    c().recordPayment(Number(inv.id), { amount: '50.00', date: '2026-05-20', notes: 'ERP run 9' });
    const first = await world.sync({ only: 'payments' });
    expect(failures(first)).toBe(1);
    expect(await attentionCodes()).toEqual([]);
    const second = await world.sync({ only: 'payments' });
    expect(failures(second)).toBe(1);
    expect(second['payments-to-freshbooks'].needsPerson.map((p) => p.code)).toEqual(['failing']);
    const [item] = await listAttention(world.store.db, world.tenantId);
    expect(item!.message).toMatch(/failed 2 times in a row: .*exceeds the amount outstanding/);
    // The cursor moved past it: the next pass does not read it again.
    const third = await world.sync({ only: 'payments' });
    expect(failures(third)).toBe(0);
  });

  it('13. cases that need a person are named in the report and on the attention list', async () => {
    const paidPo = po('13001', [{ description: 'Retainer', price: '300.00' }]);
    const voided = c().createInvoice({
      supplierId,
      invoiceNumber: 'N-V',
      currency: 'USD',
      status: 'approved',
      lines: [{ description: 'Visit', price: '40.00' }],
    });
    const disputed = c().createInvoice({
      supplierId,
      invoiceNumber: 'N-D',
      currency: 'USD',
      status: 'approved',
      lines: [{ description: 'Visit', price: '60.00' }],
    });
    c().createInvoice({
      supplierId,
      invoiceNumber: 'N-C',
      currency: 'USD',
      status: 'approved',
      documentType: 'Credit Note',
      lines: [{ description: 'Refund', price: '20.00' }],
    });
    await world.sync();
    // Paid in FreshBooks and voided in Coupa before the next pass.
    world.freshbooks.control.payBill(world.accountId, { billid: bill('INV N-V').id, amount: '40.00', paid_date: '2026-05-01' });
    world.freshbooks.control.payBill(world.accountId, { billid: bill('PO 13001').id, amount: '100.00', paid_date: '2026-05-01' });
    c().voidInvoice(Number(voided.id));
    c().disputeInvoice(Number(disputed.id));
    c().cancelPurchaseOrder(Number(paidPo.id));
    const report = await world.sync();
    const named = Object.values(report).flatMap((f) => f.needsPerson.map((p) => `${p.code}: ${p.record}`));
    const expected = [
      'credit-note: invoice N-C (Hartley Facilities Ltd)',
      'disputed: invoice N-D (Hartley Facilities Ltd)',
      'po-bill-paid-not-open: PO 13001 (Hartley Facilities Ltd)',
      'voided-bill-paid: invoice N-V (Hartley Facilities Ltd)',
    ];
    expect(named.sort()).toEqual(expected);
    expect((await attentionCodes()).sort()).toEqual(expected);
    // The disputed invoice keeps its bill; the voided one's paid bill is left for the person.
    expect(live()).toMatchObject({ 'INV N-D': '60.00', 'INV N-V': '40.00', 'PO 13001': '300.00' });
  });

  it('15. what FreshBooks cannot hold is reshaped, never a failing record: 120 lines, a long description, a fine quantity', async () => {
    const long = `Quarterly maintenance of the HVAC plant, ${'including filters, belts and inspection reports; '.repeat(6)}`.trim();
    const lines = [
      { description: long, price: '10.00' },
      { description: 'Refrigerant', quantity: '2.125', price: '8.00' },
      ...Array.from({ length: 118 }, (_, i) => ({ description: `Part ${i + 3}`, price: '1.00' })),
    ];
    const inv = c().createInvoice({ supplierId, invoiceNumber: 'BIG-1', currency: 'USD', status: 'approved', lines });
    const small = c().createInvoice({ supplierId, invoiceNumber: 'BIG-2', currency: 'USD', status: 'approved', lines: lines.slice(0, 2) });
    expect(failures(await world.sync())).toBe(0);
    const big = bill('INV BIG-1');
    expect(big.lines).toHaveLength(1);
    expect(big.lines[0]?.description).toBe('120 lines of Invoice BIG-1: lines 1–120');
    expect(big.total_amount.amount).toBe(coupaInvoice(inv.id)['total-with-taxes']);
    const two = bill('INV BIG-2');
    expect(two.lines.map((l) => [Array.from(l.description).length <= 255, l.quantity, l.amount.amount])).toEqual([
      [true, '1', '10.00'],
      [true, '1', '17.00'],
    ]);
    expect(two.lines[0]?.description).toMatch(
      /^Quarterly maintenance of the HVAC plant, including .* … \(full text: Invoice BIG-2 line 1 in Coupa\)$/,
    );
    expect(two.lines[1]?.description).toBe('Refrigerant (2.125 × 8)');
    expect(two.total_amount.amount).toBe(coupaInvoice(small.id)['total-with-taxes']);
    expect(writes(await world.sync({ full: true }))).toBe(0);
  });

  describe('14. currencies, reversals, payments entered by hand', () => {
    it('a currency the FreshBooks business does not keep gets a reason and an attention item', async () => {
      await world.settings({ currencies: ['USD'] });
      c().createInvoice({
        supplierId,
        invoiceNumber: 'E-1',
        currency: 'EUR',
        status: 'approved',
        lines: [{ description: 'Fee', price: '10.00' }],
      });
      const report = await world.sync();
      expect(report.invoices.needsPerson[0]).toMatchObject({ code: 'currency-mismatch', record: 'invoice E-1 (Hartley Facilities Ltd)' });
      expect(report.invoices.needsPerson[0]!.message).toMatch(/is in EUR, but the FreshBooks business keeps its books in USD/);
      expect(live()).toEqual({});
    });

    it('a reversed Coupa payment removes its FreshBooks copy; a FreshBooks payment deleted after it reached Coupa goes to a person', async () => {
      const inv = c().createInvoice({
        supplierId,
        invoiceNumber: 'R-1',
        currency: 'USD',
        status: 'approved',
        lines: [{ description: 'Fee', price: '80.00' }],
      });
      c().recordPayment(Number(inv.id), { amount: '30.00', date: '2026-05-01', notes: 'ACH 1' });
      await world.sync();
      expect(
        world
          .fb()
          .bill_payments.filter((p) => p.vis_state === 0)
          .map((p) => p.amount.amount),
      ).toEqual(['30.00']);
      c().reversePayment(Number(inv.id), { amount: '30.00', date: '2026-05-05', notes: 'returned' });
      await world.sync();
      expect(world.fb().bill_payments.filter((p) => p.vis_state === 0)).toEqual([]);
      expect(bill('INV R-1').outstanding.amount).toBe('80.00');

      world.freshbooks.control.payBill(world.accountId, { billid: bill('INV R-1').id, amount: '80.00', paid_date: '2026-05-06' });
      await world.sync();
      expect(coupaPayments(inv.id).at(-1)).toEqual(['80.00', expect.stringMatching(/^FreshBooks bill payment/)]);
      const fbPayment = world.fb().bill_payments.find((p) => p.vis_state === 0)!;
      await (await world.ports()).freshbooks.deleteBillPayment(String(fbPayment.id));
      const report = await world.sync();
      expect(report['payments-to-coupa'].needsPerson.map((p) => p.code)).toEqual(['payment-deleted-in-freshbooks']);
    });

    it('a payment entered by hand on both sides is matched, not written twice', async () => {
      const inv = c().createInvoice({
        supplierId,
        invoiceNumber: 'B-1',
        currency: 'USD',
        status: 'approved',
        lines: [{ description: 'Fee', price: '120.00' }],
      });
      await world.sync();
      c().recordPayment(Number(inv.id), { amount: '120.00', date: '2026-05-07', notes: 'cheque 55' });
      world.freshbooks.control.payBill(world.accountId, { billid: bill('INV B-1').id, amount: '120.00', paid_date: '2026-05-08' });
      const report = await world.sync();
      expect(failures(report)).toBe(0);
      expect(world.fb().bill_payments.filter((p) => p.vis_state === 0)).toHaveLength(1);
      expect(coupaPayments(inv.id)).toHaveLength(1);
      expect(writes(await world.sync({ full: true }))).toBe(0);
    });
  });
});
