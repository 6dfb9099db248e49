/** Purchase orders (shape, export flag, versions, status actions) and supplier updates. */
import { describe, expect, it } from 'vitest';
import { ids, ready } from './helpers.js';

describe('purchase order shape', () => {
  it('has string line numbers, quantity and amount lines, and segmented accounts', async () => {
    const { get } = await ready();
    const po = (await get('/api/purchase_orders/2402')).json;
    expect(po).toMatchObject({
      id: 2402,
      'po-number': '2402',
      status: 'issued',
      version: 1,
      exported: true,
      type: 'OrderHeader',
      currency: { code: 'USD' },
      supplier: { id: 102 },
    });
    const [hosting, , support] = po['order-lines'];
    expect(hosting).toMatchObject({
      'line-num': '1',
      type: 'OrderQuantityLine',
      quantity: '12.0',
      price: '1850.00',
      total: '22200.00',
      uom: { code: 'MO' },
      'order-header-id': 2402,
      'order-header-number': '2402',
      invoiced: '4.0',
    });
    expect(support).toMatchObject({
      'line-num': '3',
      type: 'OrderAmountLine',
      quantity: null,
      price: '3600.00',
      total: '3600.00',
      uom: null,
    });
    expect(hosting.account).toMatchObject({ code: 'NW-IT-6200', 'segment-1': 'NW', 'segment-2': 'IT', 'segment-3': '6200' });
  });
});

describe('PUT /api/purchase_orders/{id}?exported=true', () => {
  it('marks the PO exported and ignores other fields sent with it', async () => {
    const { get } = await ready();
    const res = await get('/api/purchase_orders/2401?exported=true', { method: 'PUT', body: { 'ship-to-attention': 'ignored' } });
    expect(res.status).toBe(200);
    expect(res.json.exported).toBe(true);
    expect(res.json['last-exported-at']).not.toBeNull();
    expect(res.json['ship-to-attention']).toBeNull();
    expect(ids(await get('/api/purchase_orders?exported=false&status=issued'))).not.toContain(2401);
  });

  it('is reset to false by a revision, which also bumps the version', async () => {
    const { sb, get } = await ready();
    await get('/api/purchase_orders/2401?exported=true', { method: 'PUT' });
    const revised = sb.control.revisePurchaseOrder(2401, {
      lines: [
        { lineNum: '1', description: 'Legal services – Q1 retainer', price: '15000.00', accountCode: 'NW-FIN-6300' },
        { description: 'Employment law advice', quantity: '4', price: '500.00', uom: 'HR', accountCode: 'NW-HR-6300' },
      ],
    });
    expect(revised).toMatchObject({ version: 2, exported: false });
    const po = (await get('/api/purchase_orders/2401')).json;
    expect(po.version).toBe(2);
    expect(po.exported).toBe(false);
    expect(po['order-lines'].map((l: Record<string, string>) => [l['line-num'], l.total])).toEqual([
      ['1', '15000.00'],
      ['3', '2000.00'],
    ]);
    expect(po['order-lines'][0].id).toBe(5001);
    expect(ids(await get('/api/purchase_orders?exported=false&version[gt]=1'))).toContain(2401);
  });

  it('a draft is edited without a new version', async () => {
    const { sb } = await ready();
    const draft = sb.control.revisePurchaseOrder(2405, {
      lines: [{ lineNum: '1', description: 'Placement fee – Principal', price: '21000.00' }],
    });
    expect(draft).toMatchObject({ version: 1, status: 'draft' });
  });
});

describe('status actions', () => {
  it('issues a draft, closes and reopens an issued PO', async () => {
    const { get } = await ready();
    expect((await get('/api/purchase_orders/2405/issue', { method: 'PUT' })).json).toMatchObject({
      status: 'issued',
      'transmission-status': 'sent_via_email',
    });
    expect((await get('/api/purchase_orders/2406/close', { method: 'PUT' })).json.status).toBe('closed');
    expect((await get('/api/purchase_orders/2406/reopen', { method: 'PUT' })).json.status).toBe('issued');
  });

  it('cancels an issued PO as a change sent to the supplier: version up, exported reset', async () => {
    const { get } = await ready();
    await get('/api/purchase_orders/2404?exported=true', { method: 'PUT' });
    const res = await get('/api/purchase_orders/2404/cancel', { method: 'PUT' });
    expect(res.json).toMatchObject({ status: 'cancelled', version: 2, exported: false });
  });

  it('answers return_object=none with an empty body', async () => {
    const { get } = await ready();
    const res = await get('/api/purchase_orders/2406/close?return_object=none', { method: 'PUT' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
  });

  it.each([
    ['/api/purchase_orders/2405/close', /cannot be closed while draft/],
    ['/api/purchase_orders/2401/issue', /cannot be issued while issued/],
    ['/api/purchase_orders/2407/cancel', /cannot be cancelled while cancelled/],
  ])('refuses %s', async (path, message) => {
    const { get } = await ready();
    const res = await get(path, { method: 'PUT' });
    expect(res.status).toBe(400);
    expect(res.json.errors.purchase_order[0]).toMatch(message);
  });

  it('updates writable header fields with a body and ignores read-only ones', async () => {
    const { get } = await ready();
    const res = await get('/api/purchase_orders/2401', {
      method: 'PATCH',
      body: { ship_to_attention: 'Reception, 4th floor', status: 'closed', 'custom-fields': { 'erp-po': 'E-77' } },
    });
    expect(res.json).toMatchObject({
      'ship-to-attention': 'Reception, 4th floor',
      status: 'issued',
      'custom-fields': { 'erp-po': 'E-77' },
    });
  });

  it('refuses a custom field value it could not show back (an object), changing nothing', async () => {
    const { get } = await ready();
    const res = await get('/api/purchase_orders/2401', {
      method: 'PUT',
      body: { 'ship-to-attention': 'Dock 2', 'custom-fields': { 'erp-po': { id: 1 } } },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors.purchase_order[0]).toMatch(/Custom field erp-po/);
    expect((await get('/api/purchase_orders/2401')).json['ship-to-attention']).not.toBe('Dock 2');
  });
});

describe('PUT /api/suppliers/{id}', () => {
  it('changes the supplier and its contact, address and payment term', async () => {
    const { get } = await ready();
    const res = await get('/api/suppliers/103', {
      method: 'PUT',
      body: {
        name: 'Acme Office Supplies Inc.',
        website: 'https://acme.example',
        'primary-contact': { email: 'ap@acme.example' },
        'primary-address': { city: 'Cambridge' },
        'payment-term': { code: 'Net 45' },
        id: 1,
      },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id: 103,
      name: 'Acme Office Supplies Inc.',
      website: 'https://acme.example',
      'payment-term': { code: 'Net 45' },
    });
    expect(res.json['primary-contact']).toMatchObject({ email: 'ap@acme.example', 'name-given': 'Dana' });
    expect(res.json['primary-address']).toMatchObject({ city: 'Cambridge', street1: '88 Summer St' });
    expect(res.json['updated-by'].login).toBe('integration.api');
    expect(ids(await get(`/api/suppliers?name=${encodeURIComponent('Acme Office Supplies Inc.')}`))).toEqual([103]);
  });

  it.each([
    [{ name: 'hartley & finch llp' }, 'Name has already been taken'],
    [{ name: 'x'.repeat(101) }, 'Name is too long (maximum is 100 characters)'],
    [{ name: '  ' }, "Name can't be blank"],
    [{ number: 'SUP-00001' }, 'Number has already been taken'],
    [{ status: 'sleeping' }, 'Supplier status must be one of active, inactive, draft, onboarding.'],
    [{ 'po-method': 'pigeon' }, /^PO method must be one of/],
    [{ 'payment-term': { code: 'Net 99' } }, /^Unable to find valid PaymentTerm record/],
  ])('refuses %j', async (body, message) => {
    const { get } = await ready();
    const res = await get('/api/suppliers/103', { method: 'PUT', body });
    expect(res.status).toBe(400);
    expect(res.json.errors.supplier[0]).toMatch(message);
    expect((await get('/api/suppliers/103')).json.name).toBe('Acme Inc.');
  });
});
