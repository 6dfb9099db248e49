import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../../src/sandbox/coupa/index.js';
import { call, sandbox, token } from './helpers.js';

const ALL = Object.values(SCOPES);

/** [method, path, scope it needs]; ids from the demo data (first supplier, PO 2401, invoice HF-2026-0117). */
const ROUTES: Array<[string, string, string, unknown?]> = [
  ['GET', '/api/suppliers', SCOPES.supplierRead],
  ['GET', '/api/suppliers/101', SCOPES.supplierRead],
  ['PUT', '/api/suppliers/101', SCOPES.supplierWrite, { website: 'https://hf.example' }],
  ['GET', '/api/purchase_orders', SCOPES.purchaseOrderRead],
  ['GET', '/api/purchase_orders/2401', SCOPES.purchaseOrderRead],
  ['PUT', '/api/purchase_orders/2401?exported=true', SCOPES.purchaseOrderWrite],
  ['PUT', '/api/purchase_orders/2401/close', SCOPES.purchaseOrderWrite],
  ['GET', '/api/invoices', SCOPES.invoiceRead],
  ['GET', '/api/invoices/9001', SCOPES.invoiceRead],
  ['PUT', '/api/invoices/9001', SCOPES.invoiceWrite, { 'payment-notes': 'x' }],
  ['PUT', '/api/invoices/9001?exported=true', SCOPES.invoiceWrite],
  ['PUT', '/api/invoices/9001/void', SCOPES.invoiceDelete],
];

describe('scopes per resource and verb', () => {
  it.each(ROUTES)('%s %s needs %s', async (method, path, scope, body) => {
    const sb = await sandbox();
    const without = await token(
      sb,
      ALL.filter((s) => s !== scope),
    );
    const denied = await call(sb, without, path, { method, body });
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({ errors: { base: [`Access denied: this access token lacks the scope ${scope}`] } });
    expect(denied.headers.get('www-authenticate')).toContain(`insufficient_scope", scope="${scope}"`);

    const only = await token(sb, [scope]);
    const allowed = await call(sb, only, path, { method, body });
    expect(allowed.status).toBe(200);
  });

  it('a write scope does not imply the read scope', async () => {
    const sb = await sandbox();
    const writeOnly = await token(sb, [SCOPES.invoiceWrite]);
    expect((await call(sb, writeOnly, '/api/invoices')).status).toBe(403);
    expect((await call(sb, writeOnly, '/api/invoices/9001', { method: 'PUT', body: { 'payment-notes': 'n' } })).status).toBe(200);
  });

  it('a denied call changes nothing', async () => {
    const sb = await sandbox();
    const readOnly = await token(sb, [SCOPES.invoiceRead]);
    const denied = await call(sb, readOnly, '/api/invoices/9001?exported=true', { method: 'PUT' });
    expect(denied.status).toBe(403);
    const after = await call(sb, readOnly, '/api/invoices/9001');
    expect(after.json.exported).toBe(false);
  });
});
