/** Invoices: wire shape, payments in every documented shape, export flag, void. */
import { describe, expect, it } from 'vitest';
import { ready } from './helpers.js';

const put = (body: unknown) => ({ method: 'PUT', body });

describe('invoice shape', () => {
  it('has decimal strings, integer line numbers, PO linkage and segmented accounts', async () => {
    const { get } = await ready();
    const inv = (await get('/api/invoices/9001')).json;
    expect(inv).toMatchObject({
      id: 9001,
      'invoice-number': 'HF-2026-0117',
      status: 'approved',
      'gross-total': '14700.00',
      'total-with-taxes': '14700.00',
      exported: false,
      'last-exported-at': null,
      paid: false,
      payments: [],
      currency: { code: 'USD' },
      supplier: { id: 101, name: 'Hartley & Finch LLP' },
      'payment-term': { code: 'Net 30', 'days-for-net-payment': 30 },
    });
    expect(inv['created-at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    const [amountLine, quantityLine] = inv['invoice-lines'];
    expect(amountLine).toMatchObject({
      'line-num': 1,
      type: 'InvoiceAmountLine',
      quantity: null,
      price: '12000.00',
      total: '12000.00',
      'order-line-id': 5001,
      'order-line-num': '1',
      'order-header-num': '2401',
      'po-number': '2401',
    });
    expect(quantityLine).toMatchObject({
      'line-num': 2,
      type: 'InvoiceQuantityLine',
      quantity: '6.0',
      price: '450.00',
      total: '2700.00',
      uom: { code: 'HR' },
    });
    expect(quantityLine.account).toMatchObject({
      code: 'NW-OPS-6300',
      'segment-1': 'NW',
      'segment-2': 'OPS',
      'segment-3': '6300',
      'segment-4': null,
    });
  });

  it('uses no decimals for JPY and shows tax in the totals', async () => {
    const { get } = await ready();
    expect((await get('/api/invoices/9008')).json['gross-total']).toBe('185000');
    expect((await get('/api/invoices/9009')).json).toMatchObject({ 'tax-amount': '1560.00', 'gross-total': '9360.00' });
  });
});

describe('PUT /api/invoices/{id} with payments', () => {
  it('appends payments sent as an array with hyphenated keys; paid does not flip by itself', async () => {
    const { get } = await ready();
    const res = await get(
      '/api/invoices/9001',
      put({ payments: [{ 'amount-paid': '14700.00', 'payment-date': '2026-02-01', notes: 'ACH-1' }] }),
    );
    expect(res.status).toBe(200);
    expect(res.json.paid).toBe(false);
    expect(res.json.payments).toHaveLength(1);
    expect(res.json.payments[0]).toMatchObject({
      'amount-paid': '14700.00',
      notes: 'ACH-1',
      'payment-date': '2026-01-31T16:00:00-08:00',
      'payable-type': 'InvoiceHeader',
      'payable-id': 9001,
    });
    expect(typeof res.json.payments[0].id).toBe('number');
    expect(res.json.payments[0]['created-at']).toMatch(/T/);
    expect(res.json.payments[0]['created-by'].login).toBe('integration.api');
  });

  it('accepts {"payments": {"payment": {...}}} with underscore keys', async () => {
    const { get } = await ready();
    const res = await get(
      '/api/invoices/9001',
      put({ payments: { payment: { amount_paid: '100.5', payment_date: '2026-02-01T10:00:00Z', notes: 'WIRE-9' } } }),
    );
    expect(res.json.payments).toEqual([expect.objectContaining({ 'amount-paid': '100.50', notes: 'WIRE-9' })]);
  });

  it('accepts {"payments": {"payment": [ ... ]}} and a root element wrapper', async () => {
    const { get } = await ready();
    const res = await get(
      '/api/invoices/9001',
      put({ 'invoice-header': { payments: { payment: [{ 'amount-paid': '1.00' }, { 'amount-paid': 2 }] } } }),
    );
    expect(res.json.payments.map((p: Record<string, string>) => p['amount-paid'])).toEqual(['1.00', '2.00']);
  });

  it('stores the deprecated check-number in notes', async () => {
    const { get } = await ready();
    const res = await get('/api/invoices/9001', put({ payments: [{ 'amount-paid': '10', 'check-number': 'CHK-778' }] }));
    expect(res.json.payments[0]).toMatchObject({ notes: 'CHK-778', 'check-number': 'CHK-778' });
  });

  it('appends on every PUT and changes a payment named by its id', async () => {
    const { get } = await ready();
    await get('/api/invoices/9001', put({ payments: [{ 'amount-paid': '10' }] }));
    const second = await get('/api/invoices/9001', put({ payments: [{ 'amount-paid': '20' }] }));
    expect(second.json.payments).toHaveLength(2);
    const [a, b] = second.json.payments;
    expect(a.id).not.toBe(b.id);
    const edited = await get('/api/invoices/9001', put({ payments: [{ id: a.id, notes: 'corrected' }] }));
    expect(edited.json.payments).toHaveLength(2);
    expect(edited.json.payments[0]).toMatchObject({ id: a.id, 'amount-paid': '10.00', notes: 'corrected' });
  });

  it('sets the header fields paid, payment-date and payment-notes', async () => {
    const { get } = await ready();
    const res = await get(
      '/api/invoices/9005',
      put({ paid: 'true', 'payment-date': '2026-02-03T00:00:00Z', payment_notes: 'ERP pay run 7781' }),
    );
    expect(res.json).toMatchObject({ paid: true, 'payment-date': '2026-02-02T16:00:00-08:00', 'payment-notes': 'ERP pay run 7781' });
    expect(res.json.payments).toHaveLength(1);
  });

  it.each([
    [{ payments: [{ 'amount-paid': 'abc' }] }, /amount paid is not a number/],
    [{ payments: [{ notes: 'no amount' }] }, /amount paid can't be blank/],
    [{ payments: [{ 'amount-paid': '10.005' }] }, /more than 2 decimal places/],
    [{ payments: [{ 'amount-paid': '0' }] }, /greater than 0/],
    [{ payments: [{ 'amount-paid': '-5.00' }] }, /greater than 0/],
    [{ payments: 'lots' }, /payments must be a list/],
    [{ payments: [{ id: 424242, notes: 'x' }] }, /does not belong/],
    [{ payments: [{ 'amount-paid': '1', 'payment-date': 'someday' }] }, /Invalid date/],
    [{ paid: 'perhaps' }, /Paid must be true or false/],
  ])('refuses %j with 400 and changes nothing', async (body, message) => {
    const { get } = await ready();
    const res = await get('/api/invoices/9001', put({ payments: [{ 'amount-paid': '1' }], ...body }));
    expect(res.status).toBe(400);
    expect(res.json.errors.invoice[0]).toMatch(message);
    expect((await get('/api/invoices/9001')).json.payments).toEqual([]);
  });

  it('refuses decimals a zero-decimal currency cannot hold', async () => {
    const { get } = await ready();
    const res = await get('/api/invoices/9008', put({ payments: [{ 'amount-paid': '100.5' }] }));
    expect(res.status).toBe(400);
    expect(res.json.errors.invoice[0]).toMatch(/more than 0 decimal places/);
  });

  it('refuses payments on a draft or voided invoice', async () => {
    const { sb, get } = await ready();
    const draft = sb.control.createInvoice({
      supplierNumber: 'SUP-00011',
      invoiceNumber: 'D-1',
      currency: 'USD',
      status: 'draft',
      lines: [{ description: 'x', price: '10.00' }],
    });
    const res = await get(`/api/invoices/${draft.id as number}`, put({ payments: [{ 'amount-paid': '10' }] }));
    expect(res.status).toBe(400);
    expect(res.json.errors.invoice[0]).toMatch(/draft invoice/);
  });

  it('refuses a body that is not a JSON object, and malformed JSON', async () => {
    const { get } = await ready();
    const xml = await get('/api/invoices/9001', {
      method: 'PUT',
      body: '<invoice-header><paid>true</paid></invoice-header>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(xml.status).toBe(400);
    expect(xml.json.errors.base[0]).toMatch(/JSON object/);
    const broken = await get('/api/invoices/9001', { method: 'PUT', body: '{"paid": tru' });
    expect(broken.status).toBe(400);
    expect(broken.json.errors.base[0]).toMatch(/Malformed JSON/);
  });

  it('answers 404 for an unknown invoice', async () => {
    const { get } = await ready();
    expect((await get('/api/invoices/123', put({ paid: true }))).status).toBe(404);
  });

  it('updates custom fields, which can then be filtered on', async () => {
    const { get } = await ready();
    await get('/api/invoices/9006', put({ custom_fields: { 'erp-document-number': 'AP-2026-0001' } }));
    const found = await get('/api/invoices?custom-fields[erp-document-number]=AP-2026-0001');
    expect(found.json.map((i: { id: number }) => i.id)).toEqual([9006]);
  });
});

describe('PUT ?exported=true', () => {
  it('sets exported and last-exported-at, moves updated-at, and ignores the body', async () => {
    let now = Date.parse('2026-03-10T20:30:00Z');
    const { get } = await ready({ now: () => now });
    now += 60_000;
    const res = await get('/api/invoices/9001?exported=true', put({ payments: [{ 'amount-paid': '5' }], paid: true }));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      exported: true,
      'last-exported-at': '2026-03-10T13:31:00-07:00',
      'updated-at': '2026-03-10T13:31:00-07:00',
      paid: false,
      payments: [],
    });
    expect((await get('/api/invoices?exported=false')).json.map((i: { id: number }) => i.id)).not.toContain(9001);
    const reset = await get('/api/invoices/9001?exported=false', { method: 'PUT' });
    expect(reset.json).toMatchObject({ exported: false, 'last-exported-at': '2026-03-10T13:31:00-07:00' });
  });

  it('combines with fields= to answer just what was asked', async () => {
    const { get } = await ready();
    const res = await get(`/api/invoices/9003?exported=true&fields=${encodeURIComponent('["id","exported"]')}`, { method: 'PUT' });
    expect(res.json).toEqual({ id: 9003, exported: true });
  });
});

describe('PUT /api/invoices/{id}/void', () => {
  it('voids an approved invoice and gives its quantities back to the PO lines', async () => {
    const { get } = await ready();
    expect((await get('/api/purchase_orders/2401')).json['order-lines'][1].invoiced).toBe('6.0');
    const res = await get('/api/invoices/9001/void', { method: 'PUT' });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('voided');
    expect((await get('/api/purchase_orders/2401')).json['order-lines'][1].invoiced).toBe('0.0');
    const again = await get('/api/invoices/9001/void', { method: 'PUT' });
    expect(again.status).toBe(400);
    expect(again.json.errors.invoice[0]).toMatch(/cannot be voided while voided/);
  });

  it('refuses an invoice with payments or one pending approval', async () => {
    const { get } = await ready();
    expect((await get('/api/invoices/9005/void', { method: 'PUT' })).json.errors.invoice[0]).toMatch(/has payments/);
    expect((await get('/api/invoices/9003/void', { method: 'PUT' })).status).toBe(400);
  });

  it('has no approve action: approval happens in Coupa', async () => {
    const { get } = await ready();
    expect((await get('/api/invoices/9003/approve', { method: 'PUT' })).status).toBe(404);
  });
});
