/**
 * The consulting-firm story, end to end against both sandboxes: a PO becomes a bill of its
 * open commitment, the invoice gets its own bill and takes its part off the PO's, a Coupa
 * payment pays the FreshBooks bill, a FreshBooks payment lands on the Coupa invoice split over
 * cost centres — and nothing echoes back or is written twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writes, failures } from '../../src/sync/report.js';
import { storeTargets } from '../helpers/stores.js';
import { startWorld, type World } from '../helpers/world.js';

describe.each(storeTargets)('the consulting-firm story on $name', (target) => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld({ target });
  });
  afterEach(async () => world.close());

  it('PO → bill → invoice bill and the PO’s open part → Coupa payment → bill paid → FreshBooks payment → Coupa invoice paid, no echo', async () => {
    const { control } = world.coupa;
    const supplier = control.createSupplier({
      name: 'Hartley & Finch LLP',
      number: 'SUP-1',
      paymentTerm: 'Net 30',
      contact: { email: 'billing@hf.example', firstName: 'Eleanor', lastName: 'Hartley' },
    });
    control.createPurchaseOrder({
      supplierId: Number(supplier.id),
      poNumber: 'PO-2401',
      currency: 'USD',
      status: 'issued',
      lines: [
        { description: 'Legal services – Q1 retainer', price: '12000.00', accountCode: 'NW-FIN-6300' },
        { description: 'Contract review', quantity: '6', price: '450.00', accountCode: 'NW-OPS-6300' },
      ],
    });

    // 1. The PO becomes a bill tagged with its number, after its vendor.
    let report = await world.sync();
    expect(failures(report)).toBe(0);
    expect(report.suppliers.created).toBe(1);
    expect(report['purchase-orders'].created).toBe(1);
    let fb = world.fb();
    expect(fb.bill_vendors.map((v) => v.vendor_name)).toEqual(['Hartley & Finch LLP']);
    expect(fb.bills).toHaveLength(1);
    const bill = fb.bills[0]!;
    expect(bill.bill_number).toBe('PO PO-2401');
    expect(bill.total_amount.amount).toBe('14700.00');
    expect(bill.due_offset_days).toBe(30);

    // 2. The approved invoice gets a bill of its own; the PO's bill keeps only what is still open.
    const invoice = control.createInvoice({
      supplierId: Number(supplier.id),
      invoiceNumber: 'INV-88',
      poNumber: 'PO-2401',
      status: 'approved',
      lines: [{ poLineNum: '1', price: '12000.00' }],
    });
    report = await world.sync();
    expect(failures(report)).toBe(0);
    expect(report.invoices.created).toBe(1);
    fb = world.fb();
    expect(fb.bills.map((b) => [b.bill_number, b.total_amount.amount, b.vis_state])).toEqual([
      ['PO PO-2401', '2700.00', 0],
      ['INV INV-88 / PO PO-2401', '12000.00', 0],
    ]);
    expect(fb.bills[0]!.lines.map((l) => [l.description, l.quantity, l.unit_cost.amount])).toEqual([['Contract review', '6', '450.00']]);

    // 3. A Coupa payment pays the FreshBooks bill, once.
    control.recordPayment(Number(invoice.id), { amount: '12000.00', date: '2026-01-15', notes: 'ACH 7781' });
    report = await world.sync();
    expect(failures(report)).toBe(0);
    expect(report['payments-to-freshbooks'].created).toBe(1);
    fb = world.fb();
    expect(fb.bill_payments).toHaveLength(1);
    expect(fb.bill_payments[0]!.amount.amount).toBe('12000.00');
    expect(fb.bills[1]!.status).toBe('paid');
    // …and the payment written from Coupa is not sent back to Coupa.
    expect(report['payments-to-coupa'].created).toBe(0);

    // 4. A second PO and invoice, paid in FreshBooks: the payment lands on the Coupa invoice,
    // allocated to cost centres by the account's segment 2.
    control.createPurchaseOrder({
      supplierId: Number(supplier.id),
      poNumber: 'PO-2402',
      currency: 'USD',
      status: 'issued',
      lines: [
        { description: 'Advisory – ops', price: '300.00', accountCode: 'NW-OPS-6300' },
        { description: 'Advisory – finance', price: '100.00', accountCode: 'NW-FIN-6300' },
      ],
    });
    const invoice2 = control.createInvoice({
      supplierId: Number(supplier.id),
      invoiceNumber: 'INV-89',
      poNumber: 'PO-2402',
      status: 'approved',
    });
    report = await world.sync();
    expect(failures(report)).toBe(0);
    fb = world.fb();
    // Fully invoiced: the PO's commitment went; the invoice's bill carries the liability.
    expect(fb.bills.find((b) => b.bill_number === 'PO PO-2402')!.vis_state).toBe(1);
    const bill2 = fb.bills.find((b) => b.bill_number === 'INV INV-89 / PO PO-2402')!;
    expect(bill2.total_amount.amount).toBe('400.00');
    world.freshbooks.control.payBill(world.accountId, {
      billid: bill2.id,
      amount: '400.00',
      paid_date: '2026-02-01',
      payment_type: 'Check',
    });

    report = await world.sync();
    expect(failures(report)).toBe(0);
    expect(report['payments-to-coupa'].created).toBe(1);
    const coupaInvoice = control.records('invoices').find((i) => i.id === invoice2.id)!;
    const payments = coupaInvoice.payments as Array<Record<string, unknown>>;
    expect(payments).toHaveLength(1);
    expect(payments[0]!['amount-paid']).toBe('400.00');
    expect(String(payments[0]!.notes)).toMatch(/^FreshBooks bill payment \d+ \| FIN 100\.00; OPS 300\.00$/);
    expect(coupaInvoice.paid).toBe(true);
    const allocations = await world.store.db.selectFrom('allocations').select(['cost_centre', 'amount']).orderBy('cost_centre').execute();
    expect(allocations).toEqual([
      { cost_centre: 'FIN', amount: '100.00' },
      { cost_centre: 'OPS', amount: '300.00' },
    ]);

    // 5. No echo: the Coupa payment written from FreshBooks does not come back as a second
    // FreshBooks payment, and a further pass writes nothing at all.
    report = await world.sync();
    expect(writes(report)).toBe(0);
    expect(world.fb().bill_payments).toHaveLength(2);
    report = await world.sync({ full: true });
    expect(writes(report)).toBe(0);
    expect(failures(report)).toBe(0);
  });
});
