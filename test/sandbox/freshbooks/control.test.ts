/** The control API (/_sandbox/…): acting as a FreshBooks user, over HTTP and programmatically. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  clientFor,
  demoClient,
  newBill,
  postToken,
  someCategory,
  startHarness,
  startReceiver,
  type Api,
  type Harness,
} from './helpers.js';

describe('FreshBooks sandbox control API', () => {
  let h: Harness;
  let admin: Api;
  beforeEach(async () => {
    h = await startHarness();
    admin = clientFor(h.fb.url);
  });
  afterEach(() => h.close());

  it('POST /_sandbox/tokens hands out a refresh token usable at the token endpoint', async () => {
    const res = await admin('POST', '/_sandbox/tokens', { scope: 'user:bills:read' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 43200, scope: 'user:profile:read user:bills:read' });
    const exchanged = await postToken(
      h.fb.url,
      { ...demoClient, grant_type: 'refresh_token', refresh_token: res.body.refresh_token },
      'form',
    );
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.scope).toBe('user:profile:read user:bills:read');
    const bad = await admin('POST', '/_sandbox/tokens', { scope: 'user:invoices:write' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('user:invoices:write');
  });

  it('POST /_sandbox/expire-tokens expires every access token; refresh still works', async () => {
    const res = await admin('POST', '/_sandbox/expire-tokens');
    expect(res.body.expired).toBeGreaterThanOrEqual(1);
    expect((await h.acct('GET', 'bills/bills')).status).toBe(401);
    const refreshed = await postToken(h.fb.url, { ...demoClient, grant_type: 'refresh_token', refresh_token: h.refreshToken });
    expect(refreshed.status).toBe(200);
    expect((await clientFor(h.fb.url, refreshed.body.access_token)('GET', `/accounting/account/${ACCOUNT}/bills/bills`)).status).toBe(200);
  });

  it('creates a vendor and a bill, pays the bill, and shows the state — firing webhooks like the API', async () => {
    const rx = await startReceiver();
    try {
      const cb = (await h.api('POST', `/events/account/${ACCOUNT}/events/callbacks`, { callback: { event: 'bill', uri: rx.url } })).body
        .response.result.callback;
      const verifier = await admin('GET', `/_sandbox/accounts/${ACCOUNT}/callbacks/${cb.callbackid}/verifier`);
      expect(verifier.body).toMatchObject({
        callbackid: cb.callbackid,
        verified: false,
        verifier: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      });
      await h.api('PUT', `/events/account/${ACCOUNT}/events/callbacks/${cb.callbackid}`, {
        callback: { verifier: verifier.body.verifier },
      });
      await h.fb.dispatcher.idle();
      rx.received.splice(0);

      const vendor = await admin('POST', `/_sandbox/accounts/${ACCOUNT}/bill_vendors`, {
        vendor_name: 'Café Noir SARL',
        currency_code: 'EUR',
      });
      expect(vendor.status).toBe(201);
      const vendorid = vendor.body.bill_vendor.vendorid;
      const categoryid = await someCategory(h.acct);
      const bill = await admin('POST', `/_sandbox/accounts/${ACCOUNT}/bills`, {
        bill: {
          vendorid,
          issue_date: '2024-03-01',
          currency_code: 'EUR',
          lines: [{ categoryid, quantity: 2, unit_cost: { amount: '12.50', code: 'EUR' } }],
        },
      });
      expect(bill.status).toBe(201);
      expect(bill.body.bill.total_amount).toEqual({ amount: '25.00', code: 'EUR' });
      const billid = bill.body.bill.id;

      const partial = await admin('POST', `/_sandbox/accounts/${ACCOUNT}/bill_payments`, { billid, amount: '5.00' });
      expect(partial.status).toBe(201);
      expect(partial.body.bill_payment).toMatchObject({
        billid,
        amount: { amount: '5.00', code: 'EUR' },
        paid_date: '2024-03-10',
        payment_type: 'Bank Transfer',
      });
      const rest = await admin('POST', `/_sandbox/accounts/${ACCOUNT}/bill_payments`, { billid: String(billid) });
      expect(rest.body.bill_payment.amount.amount).toBe('20.00');
      expect((await h.acct('GET', `bills/bills/${billid}`)).body.response.result.bill.status).toBe('paid');

      await h.fb.dispatcher.idle();
      expect(rx.received.map((r) => Object.fromEntries(r.fields).name)).toEqual(['bill.create', 'bill.update', 'bill.update']);

      await h.acct('PUT', `bill_vendors/bill_vendors/${vendorid}`, { bill_vendor: { vis_state: 1 } });
      const state = await admin('GET', `/_sandbox/accounts/${ACCOUNT}/state`);
      expect(state.body.bill_vendors.map((v: any) => [v.vendorid, v.vis_state])).toEqual([[vendorid, 1]]);
      expect(state.body.bills).toHaveLength(1);
      expect(state.body.bill_payments).toHaveLength(2);
      expect(state.body.callbacks[0]).toMatchObject({ callbackid: cb.callbackid, verified: true });
    } finally {
      await rx.close();
    }
  });

  it('lists accounts and reports errors as plain JSON', async () => {
    expect((await admin('GET', '/_sandbox/accounts')).body).toEqual({
      accounts: [{ account_id: ACCOUNT, business_id: 7310442, name: 'Northwind Consulting' }],
    });
    const unknown = await admin('GET', '/_sandbox/accounts/nope/state');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'Account not found.' });
    const invalid = await admin('POST', `/_sandbox/accounts/${ACCOUNT}/bills`, { vendorid: 1 });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error).toBe('validation');
    expect(invalid.body.errors.map((e: any) => e.field)).toContain('issue_date');
    const bill = await newBill(h.acct);
    const overpay = await admin('POST', `/_sandbox/accounts/${ACCOUNT}/bill_payments`, { billid: bill.id, amount: '999.00' });
    expect(overpay.status).toBe(422);
    expect((await admin('POST', `/_sandbox/accounts/${ACCOUNT}/bill_payments`, {})).status).toBe(400);
  });

  it('the same actions are typed methods on the programmatic API', async () => {
    const vendor = h.fb.control.createVendor(ACCOUNT, { vendor_name: 'Typed Vendor' });
    const categoryid = await someCategory(h.acct);
    const bill = h.fb.control.createBill(ACCOUNT, {
      vendorid: vendor.vendorid,
      issue_date: '2024-03-01',
      currency_code: 'USD',
      lines: [{ categoryid, quantity: 1, unit_cost: { amount: '9.99', code: 'USD' } }],
    });
    const payment = h.fb.control.payBill(ACCOUNT, { billid: bill.id as number });
    expect(payment.amount).toEqual({ amount: '9.99', code: 'USD' });
    expect(h.fb.control.snapshot(ACCOUNT).bills[0]).toMatchObject({ id: bill.id, status: 'paid' });
    expect(h.fb.control.accounts()).toHaveLength(1);
  });
});
