import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/lib/decimal.js';
import { CoupaResponseError } from '../../../src/providers/coupa/errors.js';
import { parseInvoice, parsePurchaseOrder, parseSupplier, segmentsOf } from '../../../src/providers/coupa/parse.js';
import type { CoupaSandbox } from '../../../src/sandbox/coupa/index.js';
import { addInvoice, clientOf, sandbox } from './sandbox.js';

// Records shaped as Coupa sends them (docs/api-notes.md#coupa-the-resources-we-use).
const SUPPLIER = {
  id: 8819,
  'created-at': '2024-03-01T10:00:00-08:00',
  'updated-at': '2024-04-02T09:12:44-07:00',
  name: 'Acme Industrial',
  'display-name': 'Acme',
  number: 'SUP-1042',
  status: 'active',
  'primary-contact': {
    id: 18,
    email: 'ap@acme.example',
    'name-given': 'Dana',
    'name-family': 'Ng',
    'phone-work': { 'country-code': '1', 'area-code': '480', number: '5550100', extension: '12' },
  },
  'primary-address': {
    id: 24,
    street1: '1 Main St',
    street2: 'Unit 4',
    city: 'Tempe',
    state: 'AZ',
    'postal-code': '85283',
    country: { id: 223, code: 'US', name: 'United States' },
  },
  'payment-term': { id: 3, code: 'Net 30', 'days-for-net-payment': 30 },
  'custom-fields': {},
};

const PO = {
  id: 2400,
  'po-number': '2400',
  status: 'canceled',
  version: 3,
  exported: false,
  'created-at': '2025-02-10T22:59:02-08:00',
  'updated-at': '2025-03-21T12:48:17-07:00',
  currency: { id: 1, code: 'USD' },
  supplier: { id: 8819, name: 'Acme Industrial', number: 'SUP-1042' },
  'order-lines': [
    {
      id: 1325,
      'line-num': '1',
      description: 'Legal services Q4',
      quantity: null,
      price: '500.00',
      total: '500.00',
      type: 'OrderAmountLine',
      account: { id: 18, code: 'SF-IT-Assets', 'segment-1': 'SF', 'segment-2': 'IT', 'segment-3': 'Assets' },
      'account-allocations': [],
    },
    {
      id: 1326,
      'line-num': '10',
      description: 'Bolts',
      quantity: '1234.5678',
      price: '0.0001',
      total: '0.12345678',
      type: 'OrderQuantityLine',
      account: null,
    },
  ],
};

const INVOICE = {
  id: 92010,
  'invoice-number': 'INV-10',
  'invoice-date': '2024-04-01T00:00:00+03:00',
  status: 'approved',
  'document-type': 'Invoice',
  'is-credit-note': false,
  'created-at': '2024-04-01T02:16:48+03:00',
  'updated-at': '2024-04-01T02:19:09+03:00',
  currency: { id: 1, code: 'USD' },
  supplier: { id: 8819, name: 'Acme Industrial', number: 'SUP-1042' },
  'payment-term': { id: 2, code: 'Net 30', 'days-for-net-payment': 30 },
  'gross-total': '100.00',
  'total-with-taxes': '107.25',
  'tax-amount': '7.25',
  exported: false,
  paid: false,
  'payment-date': null,
  'payment-notes': null,
  payments: [{ id: 55, 'amount-paid': '40.10', 'payment-date': '2024-05-01T00:00:00+03:00', notes: 'ACH-7781' }],
  'invoice-lines': [
    {
      id: 350286,
      'line-num': 2,
      description: 'Gadget',
      quantity: null,
      price: '0.10',
      total: '0.10',
      'po-number': '2401',
      account: { id: 9, code: '3004-T0064', 'segment-1': '3004', 'segment-2': '', 'segment-3': 'T0064' },
    },
    {
      id: 350285,
      'line-num': 1,
      type: 'InvoiceQuantityLine',
      description: 'Widget',
      quantity: '2.0',
      price: '49.95',
      total: '99.90',
      'order-line-id': 1325,
      'order-line-num': '1',
      'po-number': '2400',
      account: { id: 23586, code: '3004-T0064-1072', 'segment-1': '3004' },
    },
  ],
};

describe('parsing Coupa JSON', () => {
  it('supplier: hyphenated keys, contact, phone parts, address, payment term', () => {
    expect(parseSupplier(SUPPLIER)).toEqual({
      id: '8819',
      name: 'Acme Industrial',
      number: 'SUP-1042',
      status: 'active',
      updatedAt: '2024-04-02T09:12:44-07:00',
      contact: { firstName: 'Dana', lastName: 'Ng', email: 'ap@acme.example', phone: '+1 480 5550100 ext. 12' },
      address: { street1: '1 Main St', street2: 'Unit 4', city: 'Tempe', state: 'AZ', postalCode: '85283', country: 'United States' },
      paymentTermDays: 30,
    });
  });

  it('purchase order: decimal strings kept exactly, string line-num, amount lines, one spelling of cancelled', () => {
    const po = parsePurchaseOrder(PO);
    expect(po.status).toBe('cancelled');
    expect(po.issueDate).toBe('2025-02-10'); // the instance's own date, not shifted to UTC (2025-02-11Z)
    expect(po.version).toBe(3);
    const [amount, qty] = po.lines;
    expect(amount!.lineNum).toBe('1');
    expect(amount!.quantity).toBeNull();
    expect(amount!.unitPrice.toString()).toBe('500.00');
    expect(amount!.segments).toEqual(['SF', 'IT', 'Assets']);
    expect(amount!.accountCode).toBe('SF-IT-Assets');
    expect(qty!.lineNum).toBe('10');
    expect(qty!.quantity!.toString()).toBe('1234.5678');
    expect(qty!.unitPrice.toString()).toBe('0.0001');
    expect(qty!.total.toString()).toBe('0.12345678');
    expect(qty!.segments).toEqual([]);
  });

  it('invoice: integer line-num as string, PO numbers in line order, exact totals and payments', () => {
    const inv = parseInvoice(INVOICE);
    expect(inv.lines.map((l) => l.lineNum)).toEqual(['2', '1']);
    expect(inv.poNumbers).toEqual(['2400', '2401']); // line 1 first
    expect(inv.total.toString()).toBe('107.25'); // total-with-taxes wins over gross-total
    expect(inv.invoiceDate).toBe('2024-04-01');
    expect(inv.isCreditNote).toBe(false);
    expect(inv.lines[0]!.segments).toEqual(['3004', '', 'T0064']);
    expect(inv.lines[1]!.orderLineNum).toBe('1');
    expect(inv.payments).toEqual([{ id: '55', amount: Decimal.parse('40.10'), date: '2024-05-01', notes: 'ACH-7781' }]);
    // 0.10 + 49.95·2: exact, no 0.1 + 0.2 drift.
    expect(inv.lines[0]!.total.add(inv.lines[1]!.total).toString()).toBe('100.00');
  });

  it('a header-only payment (paid + payment-date) becomes one payment of the total, without id', () => {
    const inv = parseInvoice({
      ...INVOICE,
      payments: [],
      paid: true,
      'payment-date': '2024-05-02T00:00:00+03:00',
      'payment-notes': 'ERP run 7',
    });
    expect(inv.payments).toEqual([{ amount: Decimal.parse('107.25'), date: '2024-05-02', notes: 'ERP run 7' }]);
  });

  it('credit notes are recognised by document-type', () => {
    const rest: Record<string, unknown> = { ...INVOICE };
    delete rest['is-credit-note'];
    expect(parseInvoice({ ...rest, 'document-type': 'Credit Note' }).isCreditNote).toBe(true);
  });

  it('refuses money sent as a fractional JSON number, naming the record and field', () => {
    const bad = { ...INVOICE, 'total-with-taxes': 107.25 };
    expect(() => parseInvoice(bad)).toThrow(CoupaResponseError);
    expect(() => parseInvoice(bad)).toThrow(/invoice INV-10.*total-with-taxes is the JSON number 107.25/);
    const badLine = { ...PO, 'order-lines': [{ ...PO['order-lines'][0], price: 'abc' }] };
    expect(() => parsePurchaseOrder(badLine)).toThrow(/order-lines\[0\]\.price is not a decimal/);
  });

  it('refuses a record without its id or with a broken date', () => {
    expect(() => parseSupplier({ ...SUPPLIER, id: 'x1' })).toThrow(/id is not an id/);
    expect(() => parseInvoice({ ...INVOICE, 'invoice-date': '2024-02-30' })).toThrow(/invoice-date is not a date/);
  });

  it('keeps every decimal string exactly (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 8 }), (units, scale) => {
        const text = Decimal.fromUnits(units, scale).toString();
        const inv = parseInvoice({
          ...INVOICE,
          'total-with-taxes': text,
          'invoice-lines': [{ ...INVOICE['invoice-lines'][1], price: text, total: text }],
        });
        expect(inv.total.toString()).toBe(text);
        expect(inv.lines[0]!.unitPrice.toString()).toBe(text);
      }),
    );
  });

  it('segmentsOf drops trailing empty segments only', () => {
    expect(segmentsOf({ 'segment-1': 'A', 'segment-2': null, 'segment-3': 'C', 'segment-4': null })).toEqual(['A', '', 'C']);
    expect(segmentsOf(null)).toEqual([]);
  });
});

describe('parsing what the sandbox sends', () => {
  let sb: CoupaSandbox;
  beforeAll(async () => {
    sb = await sandbox({ rateLimit: false });
  });
  afterAll(() => sb.close());

  it('reads suppliers, POs and invoices over HTTP into exact records', async () => {
    const ids = addInvoice(sb, 'INV-77');
    sb.control.recordPayment(ids.invoiceId, { amount: '0.10', date: '2024-05-01', notes: 'wire 1' });
    const { client } = clientOf(sb);
    const po = await client.purchaseOrders.get(String(ids.poId));
    expect(po!.lines.map((l) => [l.lineNum, l.quantity?.toString() ?? null, l.unitPrice.toString(), l.total.toString()])).toEqual([
      ['1', '2.0', '50.00', '100.00'],
      ['2', null, '500.00', '500.00'],
    ]);
    expect(po!.lines[0]!.segments).toEqual(['NW', 'IT', '1500']);
    const inv = await client.invoices.get(String(ids.invoiceId));
    expect(inv!.invoiceNumber).toBe('INV-77');
    expect(inv!.total.toString()).toBe('600.00');
    expect(inv!.lines.map((l) => l.lineNum)).toEqual(['1', '2']);
    expect(inv!.poNumbers).toEqual([ids.poNumber]);
    expect(inv!.payments.map((p) => p.amount.toString())).toEqual(['0.10']);
    const supplier = await client.suppliers.get(String(ids.supplierId));
    expect(supplier!.paymentTermDays).toBe(30);
  });

  it('an XML answer (Accept lost on the way) is a clear error, never half-read', async () => {
    const stripAccept = (async (input: string | URL | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.delete('accept');
      return fetch(input, { ...init, headers });
    }) as typeof fetch;
    const { client } = clientOf(sb, { fetch: stripAccept });
    const err = await client.suppliers.probe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoupaResponseError);
    expect((err as Error).message).toContain('an XML body although JSON was asked for (Accept: application/json)');
  });
});
