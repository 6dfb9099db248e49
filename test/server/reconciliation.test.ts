/** Reconciliation in the admin API: run live against both sandboxes, stored, served again as the last one. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ReconLine } from '../../src/core/reconciliation.js';
import { createLogger } from '../../src/log.js';
import { createServer } from '../../src/server/app.js';
import { periodOf } from '../../src/server/routes/reconciliation.js';
import { routes } from '../../src/server/routes/index.js';
import { addTenant } from '../../src/store/queries/tenants.js';
import { startWorld, type World } from '../helpers/world.js';

const WIDE = 'from=2000-01-01&to=2100-12-31';

describe('admin API: reconciliation', () => {
  let world: World;
  let app: FastifyInstance;
  beforeEach(async () => {
    world = await startWorld();
    app = await createServer(
      { store: world.store, vault: world.vault, logger: createLogger({ level: 'silent' }), publicUrl: 'http://127.0.0.1:8080' },
      routes(),
    );
  });
  afterEach(async () => {
    await app.close();
    await world.close();
  });

  const get = (url: string) => app.inject({ method: 'GET', url: `/api/tenants/${world.tenantId}${url}` });
  const statuses = (lines: ReconLine[]) => lines.map((l) => l.status);

  it('reconciles live, stores the report, and finds a payment made behind the connector’s back', async () => {
    const supplier = world.coupa.control.createSupplier({ name: 'Reconciled Robotics' });
    world.coupa.control.createInvoice({
      supplierId: Number(supplier.id),
      invoiceNumber: 'REC-1',
      currency: 'USD',
      status: 'approved',
      lines: [{ description: 'Servo motors', price: '100.00' }],
    });
    await world.sync();

    const none = await get('/reconciliation/last');
    expect(none.statusCode).toBe(404);
    expect(none.json().error.message).toMatch(/has no stored reconciliation yet/);

    const first = await get(`/reconciliation?${WIDE}`);
    expect(first.statusCode).toBe(200);
    const agreed = first.json();
    expect(agreed).toMatchObject({ tenant: world.tenantId, period: { from: '2000-01-01', to: '2100-12-31' }, agreed: true });
    expect(statuses(agreed.lines)).toEqual(['agreement']);
    expect(agreed.lines[0].coupa.ref).toBe('REC-1');
    expect((await get('/reconciliation/last')).json()).toEqual(agreed);

    const bill = world.fb().bills.find((b) => b.vis_state === 0);
    expect(bill).toBeDefined();
    world.freshbooks.control.payBill(world.accountId, { billid: bill!.id, amount: '40.00', paid_date: '2026-05-02' });

    const second = await get(`/reconciliation?${WIDE}`);
    expect(second.statusCode).toBe(200);
    const differs = second.json();
    expect(differs.agreed).toBe(false);
    expect(statuses(differs.lines)).toContain('payment-missing-in-coupa');
    expect(differs.totals.byStatus).toContainEqual({ status: 'payment-missing-in-coupa', count: 1 });
    const last = await get('/reconciliation/last');
    expect(last.statusCode).toBe(200);
    expect(last.json()).toEqual(differs);
    expect(last.json().generatedAt >= agreed.generatedAt).toBe(true);
  });

  it('defaults to the current month and refuses bad or reversed dates with what to send', async () => {
    const month = await get('/reconciliation');
    expect(month.statusCode).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(month.json().period).toEqual({ from: `${today.slice(0, 8)}01`, to: today });

    const bad = await get('/reconciliation?from=2026-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/from must be a calendar date YYYY-MM-DD, e\.g\. 2026-05-31; got '2026-02-30'/);
    expect((await get('/reconciliation?to=yesterday')).json().error.message).toMatch(/to must be a calendar date/);
    const reversed = await get('/reconciliation?from=2026-06-01&to=2026-05-31');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error).toMatchObject({ message: 'from (2026-06-01) is after to (2026-05-31).' });
    expect(reversed.json().error.hint).toMatch(/from on or before to/);
    expect((await get('/reconciliation?from=2026-01-01&from=2026-02-01')).json().error.message).toMatch(/from must be given once/);
  });

  it('answers 404 for an unknown tenant and 409 for one not connected', async () => {
    for (const url of ['/api/tenants/nobody/reconciliation', '/api/tenants/nobody/reconciliation/last']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.message).toBe("Unknown tenant 'nobody'.");
    }
    await addTenant(world.store.db, 'lonely');
    const res = await app.inject({ method: 'GET', url: `/api/tenants/lonely/reconciliation?${WIDE}` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'not_connected' });
    expect(res.json().error.hint).toMatch(/ml-connector connect/);
    expect((await app.inject({ method: 'GET', url: '/api/tenants/lonely/reconciliation/last' })).statusCode).toBe(404);
  });

  it('is behind the admin API’s guard like every other route', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/tenants/${world.tenantId}/reconciliation/last`, remoteAddress: '10.1.2.3' });
    expect(res.statusCode).toBe(403);
  });
});

describe('periodOf', () => {
  const now = new Date('2026-05-14T23:59:00Z');
  it('fills a missing end from the current month to date (UTC)', () => {
    expect(periodOf({}, now)).toEqual({ from: '2026-05-01', to: '2026-05-14' });
    expect(periodOf({ from: '2026-04-01' }, now)).toEqual({ from: '2026-04-01', to: '2026-05-14' });
    expect(() => periodOf({ to: '2026-04-30' }, now)).toThrow(/from \(2026-05-01\) is after to \(2026-04-30\)/);
  });
});
