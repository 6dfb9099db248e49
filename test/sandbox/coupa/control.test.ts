/** The control API over HTTP: acting as a buyer, AP and an ERP around Coupa. */
import { describe, expect, it } from 'vitest';
import type { CoupaSandbox } from '../../../src/sandbox/coupa/index.js';
import { generateDataset } from '../../../src/sandbox/generator/index.js';
import { call, sandbox, token } from './helpers.js';

async function control(sb: CoupaSandbox, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${sb.url}/_sandbox${path}`, {
    method,
    ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
}

describe('control API', () => {
  it('creates and updates a supplier, visible through the real API', async () => {
    const sb = await sandbox();
    const created = await control(sb, 'POST', '/suppliers', {
      name: 'Żabka Design Studio Sp. z o.o.',
      number: 'SUP-77',
      paymentTerm: 'Net 15',
      contact: { email: 'hello@zabka.example', firstName: 'Ola', lastName: 'Nowak', phone: '+48 22 5550100' },
      address: { street1: 'ul. Marszałkowska 1', city: 'Warszawa', postalCode: '00-001', country: 'DE' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'Żabka Design Studio Sp. z o.o.', status: 'active', 'payment-term': { code: 'Net 15' } });
    expect(created.json['primary-contact']['phone-work']).toEqual({
      'country-code': '48',
      'area-code': '22',
      number: '5550100',
      extension: null,
    });
    const updated = await control(sb, 'PUT', `/suppliers/${created.json.id}`, { status: 'inactive' });
    expect(updated.json.status).toBe('inactive');
    const tok = await token(sb);
    expect((await call(sb, tok, `/api/suppliers?number=SUP-77`)).json[0].status).toBe('inactive');
  });

  it('runs a PO through draft, issue, revision and cancellation', async () => {
    const sb = await sandbox();
    const po = await control(sb, 'POST', '/purchase_orders', {
      supplierNumber: 'SUP-00003',
      currency: 'USD',
      lines: [
        { description: 'Standing desk', quantity: '3', price: '640.00', uom: 'EA', accountCode: 'NW-OPS-6100' },
        { description: 'Delivery & assembly', price: '150.00', accountCode: 'NW-OPS-6100' },
      ],
    });
    expect(po.status).toBe(201);
    expect(po.json).toMatchObject({ status: 'draft', version: 1, 'po-number': String(po.json.id) });
    const id = po.json.id as number;
    expect((await control(sb, 'POST', `/purchase_orders/${id}/issue`)).json.status).toBe('issued');
    const revised = await control(sb, 'POST', `/purchase_orders/${id}/revise`, {
      lines: [{ lineNum: '1', description: 'Standing desk', quantity: '4', price: '640.00', uom: 'EA', accountCode: 'NW-OPS-6100' }],
    });
    expect(revised.json).toMatchObject({ version: 2, exported: false });
    expect(revised.json['order-lines']).toHaveLength(1);
    expect(revised.json['order-lines'][0].total).toBe('2560.00');
    expect((await control(sb, 'POST', `/purchase_orders/${id}/cancel`)).json.status).toBe('cancelled');
    expect((await control(sb, 'POST', `/purchase_orders/${id}/close`)).status).toBe(400);
  });

  it('creates invoices with PO lines (partial), without PO, approves, pays and voids', async () => {
    const sb = await sandbox();
    const partial = await control(sb, 'POST', '/invoices', {
      poNumber: '2406',
      invoiceNumber: 'JR-015',
      lines: [{ poLineNum: '1', quantity: '10' }],
    });
    expect(partial.status).toBe(201);
    expect(partial.json).toMatchObject({ status: 'pending_approval', 'gross-total': '950.00', supplier: { id: 106 } });
    expect(partial.json['invoice-lines'][0]).toMatchObject({ 'po-number': '2406', 'order-line-num': '1', quantity: '10.0' });

    const rest = await control(sb, 'POST', '/invoices', { purchaseOrderId: 2406, invoiceNumber: 'JR-016' });
    expect(rest.json['invoice-lines'][0].quantity).toBe('6.0'); // 40 ordered, 24 + 10 invoiced before

    const standalone = await control(sb, 'POST', '/invoices', {
      supplierNumber: 'SUP-00011',
      invoiceNumber: 'BT-2026-02',
      currency: 'USD',
      lines: [{ description: 'Mobile plans – February', quantity: '14', price: '45.00' }],
    });
    expect(standalone.json['invoice-lines'][0]['po-number']).toBeNull();

    const id = partial.json.id as number;
    expect((await control(sb, 'POST', `/invoices/${id}/approve`)).json.status).toBe('approved');
    const half = await control(sb, 'POST', `/invoices/${id}/payments`, { amount: '500.00', date: '2026-02-01', notes: 'ACH-1' });
    expect(half.json).toMatchObject({ paid: false });
    const full = await control(sb, 'POST', `/invoices/${id}/payments`, { amount: '450.00', date: '2026-02-15' });
    expect(full.json).toMatchObject({ paid: true, 'payment-date': '2026-02-14T16:00:00-08:00' });
    expect(full.json.payments.map((p: Record<string, string>) => p['amount-paid'])).toEqual(['500.00', '450.00']);
    expect(full.json.payments[0]['created-by'].login).toBe('erp.payments');

    expect((await control(sb, 'POST', `/invoices/${standalone.json.id}/void`)).status).toBe(400); // pending approval
    await control(sb, 'POST', `/invoices/${standalone.json.id}/approve`);
    expect((await control(sb, 'POST', `/invoices/${standalone.json.id}/void`)).json.status).toBe('voided');
  });

  it('explains bad input and broken rules with 400, missing records with 404', async () => {
    const sb = await sandbox();
    const shape = await control(sb, 'POST', '/suppliers', { nme: 'typo' });
    expect(shape.status).toBe(400);
    expect(shape.json.error).toMatch(/name/);
    const dup = await control(sb, 'POST', '/suppliers', { name: 'Acme Inc.' });
    expect(dup).toEqual({ status: 400, json: { error: 'Name has already been taken', messages: ['Name has already been taken'] } });
    const wrongSupplier = await control(sb, 'POST', '/invoices', { poNumber: '2406', supplierNumber: 'SUP-00001', invoiceNumber: 'X-1' });
    expect(wrongSupplier.json.error).toMatch(/purchase order's supplier/);
    const draftPo = await control(sb, 'POST', '/invoices', { poNumber: '2405', invoiceNumber: 'X-2' });
    expect(draftPo.json.error).toMatch(/is draft, not issued/);
    const reused = await control(sb, 'POST', '/invoices', {
      supplierNumber: 'SUP-00001',
      invoiceNumber: 'HF-2026-0117',
      currency: 'USD',
      lines: [{ description: 'x', price: '1' }],
    });
    expect(reused.json.error).toMatch(/already been used/);
    expect((await control(sb, 'POST', '/invoices/123/approve')).status).toBe(404);
    expect((await control(sb, 'POST', '/purchase_orders/abc/issue')).status).toBe(404);
    expect((await control(sb, 'GET', '/records/widgets')).status).toBe(404);
  });

  it('lists state and records, loads seeds, adds OAuth clients and expires tokens', async () => {
    const sb = await sandbox({ data: { suppliers: [], purchaseOrders: [], invoices: [] } });
    expect((await control(sb, 'GET', '/state')).json).toMatchObject({
      counts: { suppliers: 0, purchaseOrders: 0, invoices: 0 },
      push: [],
      clients: [{ clientId: 'demo-coupa-client' }],
    });
    const loaded = await control(sb, 'POST', '/seed', generateDataset().coupa);
    expect(loaded.json.counts).toEqual({ suppliers: 12, purchaseOrders: 9, invoices: 9 });
    expect((await control(sb, 'GET', '/records/purchase_orders')).json).toHaveLength(9);
    const malformed = await control(sb, 'POST', '/seed', { suppliers: [{ number: 'SUP-1' }] });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error).toMatch(/name/);
    expect((await control(sb, 'GET', '/state')).json.counts).toEqual({ suppliers: 12, purchaseOrders: 9, invoices: 9 });

    expect((await control(sb, 'POST', '/clients', { clientId: 'auditor', clientSecret: 'pw', scopes: ['core.invoice.read'] })).status).toBe(
      201,
    );
    expect((await control(sb, 'POST', '/clients', { clientId: 'x', clientSecret: 'pw', scopes: ['core.everything'] })).status).toBe(400);
    const tok = await token(sb, ['core.invoice.read'], { clientId: 'auditor', clientSecret: 'pw', scopes: [] });
    expect((await call(sb, tok, '/api/invoices?limit=1')).status).toBe(200);
    expect((await call(sb, tok, '/api/suppliers?limit=1')).status).toBe(403);
    await control(sb, 'POST', '/tokens/expire');
    expect((await call(sb, tok, '/api/invoices?limit=1')).status).toBe(401);
  });

  it('offers the same actions in-process, returning what the API shows', async () => {
    const sb = await sandbox();
    const tok = await token(sb);
    const approved = sb.control.approveInvoice(9003);
    const viaApi = (await call(sb, tok, '/api/invoices/9003')).json;
    expect(approved).toEqual(viaApi);
    expect(sb.control.summary().counts.invoices).toBe(9);
    expect(sb.control.records('suppliers')).toHaveLength(12);
  });
});
