/**
 * Event deliveries: only to verified callbacks, form bodies signed the Python json.dumps way
 * (checked with the tests' own implementation), bill payments firing bill.update, retries when
 * the receiver fails, and the webhook faults (delay, duplicates, reordering).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FreshBooksSandboxOptions } from '../../../src/sandbox/freshbooks/index.js';
import { ACCOUNT, clientFor, newBill, newVendor, startHarness, startReceiver, type Harness, type Receiver } from './helpers.js';
import { verifySignature } from './py-signature.js';

const usd = (amount: string) => ({ amount, code: 'USD' });

describe('FreshBooks sandbox webhook deliveries', () => {
  let h: Harness;
  let rx: Receiver;
  const setup = async (options: FreshBooksSandboxOptions = {}) => {
    h = await startHarness(options);
    rx = await startReceiver();
  };
  afterEach(async () => {
    await h.close();
    await rx.close();
  });

  /** Registers and verifies a callback, then forgets the handshake traffic. */
  const subscribe = async (event: string, account: string = ACCOUNT) => {
    const res = await h.api('POST', `/events/account/${encodeURIComponent(account)}/events/callbacks`, {
      callback: { event, uri: rx.url },
    });
    const cb = res.body.response.result.callback;
    const { verifier } = h.fb.control.callbackVerifier(account, cb.callbackid);
    await h.api('PUT', `/events/account/${encodeURIComponent(account)}/events/callbacks/${cb.callbackid}`, { callback: { verifier } });
    await h.fb.dispatcher.idle();
    rx.received.splice(0);
    return { cb, verifier };
  };
  const settled = async () => {
    await h.fb.dispatcher.idle();
    return rx.received.map((r) => Object.fromEntries(r.fields));
  };

  it('delivers only to verified callbacks, as a signed form with ids only', async () => {
    await setup();
    const pending = (
      await h.api('POST', `/events/account/${ACCOUNT}/events/callbacks`, { callback: { event: 'bill_vendor.create', uri: rx.url } })
    ).body.response.result.callback;
    await newVendor(h.acct);
    expect((await settled()).map((f) => f.name)).toEqual(['callback.verify']);

    const { verifier } = h.fb.control.callbackVerifier(ACCOUNT, pending.callbackid);
    await h.api('PUT', `/events/account/${ACCOUNT}/events/callbacks/${pending.callbackid}`, { callback: { verifier } });
    rx.received.splice(0);
    const vendor = await newVendor(h.acct, { vendor_name: 'Second' });
    const [hook] = await rx.waitFor(1);
    expect(hook!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(hook!.fields).toEqual([
      ['name', 'bill_vendor.create'],
      ['object_id', String(vendor.vendorid)],
      ['account_id', ACCOUNT],
      ['business_id', '7310442'],
      ['identity_id', '4819203'],
      ['user_id', '1'],
    ]);
    const signature = hook!.headers['x-freshbooks-hmac-sha256'] as string;
    expect(verifySignature(hook!.body, signature, verifier)).toBe(true);
    expect(verifySignature(hook!.body, signature, 'another-verifier')).toBe(false);
  });

  it('a bare-noun callback gets every bill event; bill payments fire bill.update for their bill', async () => {
    await setup();
    await subscribe('bill');
    const bill = await newBill(h.acct);
    await h.fb.dispatcher.idle();
    const payment = (
      await h.acct('POST', 'bill_payments/bill_payments', {
        bill_payment: { billid: bill.id, amount: usd('10.00'), paid_date: '2024-03-10', payment_type: 'Cash' },
      })
    ).body.response.result.bill_payment;
    await h.fb.dispatcher.idle();
    await h.acct('PUT', `bill_payments/bill_payments/${payment.id}`, { bill_payment: { amount: usd('20.00') } });
    await h.fb.dispatcher.idle();
    await h.acct('PUT', `bill_payments/bill_payments/${payment.id}`, { bill_payment: { vis_state: 1 } });
    await h.fb.dispatcher.idle();
    await h.acct('PUT', `bills/bills/${bill.id}`, { bill: { vis_state: 1 } });
    const events = (await settled()).map((f) => [f.name, f.object_id]);
    const id = String(bill.id);
    // The vendor created by newBill is a bill_vendor event: not for a `bill` callback.
    expect(events).toEqual([
      ['bill.create', id],
      ['bill.update', id],
      ['bill.update', id],
      ['bill.update', id],
      ['bill.delete', id],
    ]);
  });

  it('a verb callback gets only that verb', async () => {
    await setup();
    await subscribe('bill.create');
    const bill = await newBill(h.acct);
    await h.acct('PUT', `bills/bills/${bill.id}`, { bill: { vis_state: 2 } });
    expect((await settled()).map((f) => f.name)).toEqual(['bill.create']);
  });

  it('signs non-ASCII values the Python way (escaped \\uXXXX before the HMAC)', async () => {
    await setup({ businesses: [{ accountId: 'Zürich01', businessId: 4242, name: 'Zürcher Büro AG' }] });
    const { verifier } = await subscribe('bill_vendor', 'Zürich01');
    const created = await h.api('POST', `/accounting/account/${encodeURIComponent('Zürich01')}/bill_vendors/bill_vendors`, {
      bill_vendor: { vendor_name: 'Ölmühle' },
    });
    expect(created.status).toBe(200);
    const [hook] = await rx.waitFor(1);
    expect(Object.fromEntries(hook!.fields).account_id).toBe('Zürich01');
    expect(verifySignature(hook!.body, hook!.headers['x-freshbooks-hmac-sha256'] as string, verifier)).toBe(true);
  });

  it('retries while the receiver fails, then stops after the last attempt', async () => {
    await setup();
    await subscribe('bill_vendor');
    rx.failNext(2);
    const vendor = await newVendor(h.acct);
    await h.fb.dispatcher.idle();
    expect(rx.received.map((r) => r.status)).toEqual([500, 500, 200]);
    const label = `bill_vendor.create ${vendor.vendorid}`;
    const attempts = (await clientFor(h.fb.url)('GET', '/_sandbox/webhook-attempts')).body.attempts.filter((a: any) => a.label === label);
    expect(attempts.map((a: any) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);

    rx.received.splice(0);
    rx.failNext(100, 503);
    await h.acct('PUT', `bill_vendors/bill_vendors/${vendor.vendorid}`, { bill_vendor: { city: 'Bern' } });
    await h.fb.dispatcher.idle();
    // One attempt plus the three configured retries, then the delivery is dropped.
    expect(rx.received.map((r) => r.status)).toEqual([503, 503, 503, 503]);
  });

  it('webhook faults: duplicates, delay and reordering through the admin route', async () => {
    await setup();
    await subscribe('bill_vendor.create');
    const admin = clientFor(h.fb.url);

    expect((await admin('PUT', '/_sandbox/webhook-faults', { duplicateRate: 1 })).body.faults).toEqual({ duplicateRate: 1 });
    const dup = await newVendor(h.acct, { vendor_name: 'Twice' });
    expect((await settled()).map((f) => f.object_id)).toEqual([String(dup.vendorid), String(dup.vendorid)]);

    rx.received.splice(0);
    await admin('PUT', '/_sandbox/webhook-faults', { delayMs: 20 });
    const late = await newVendor(h.acct, { vendor_name: 'Late' });
    expect((await settled()).map((f) => f.object_id)).toEqual([String(late.vendorid)]);

    rx.received.splice(0);
    await admin('PUT', '/_sandbox/webhook-faults', { reorderWindow: 3 });
    const ids: string[] = [];
    for (const name of ['R1', 'R2', 'R3']) ids.push(String((await newVendor(h.acct, { vendor_name: name })).vendorid));
    expect((await settled()).map((f) => f.object_id).sort()).toEqual([...ids].sort());
    expect((await admin('GET', '/_sandbox/webhook-faults')).body.faults).toEqual({ reorderWindow: 3 });
  });
});
