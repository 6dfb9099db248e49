/** Callbacks CRUD and the verification handshake, received by a local HTTP receiver. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FRESHBOOKS_DEMO } from '../../../src/sandbox/freshbooks/index.js';
import { ACCOUNT, clientFor, startHarness, startReceiver, type Harness, type Receiver } from './helpers.js';
import { verifySignature } from './py-signature.js';

const BASE = `/events/account/${ACCOUNT}/events/callbacks`;

describe('FreshBooks sandbox callbacks', () => {
  let h: Harness;
  let rx: Receiver;
  beforeEach(async () => {
    h = await startHarness();
    rx = await startReceiver();
  });
  afterEach(async () => {
    await h.close();
    await rx.close();
  });

  const register = async (event = 'bill.create', uri = rx.url) =>
    (await h.api('POST', BASE, { callback: { event, uri } })).body.response.result.callback;

  it('registering sends a signed callback.verify form POST; PUTting the verifier back verifies', async () => {
    const cb = await register();
    expect(cb).toEqual({
      callbackid: expect.any(Number),
      event: 'bill.create',
      uri: rx.url,
      verified: false,
      updated_at: '2024-03-10 12:00:00',
    });
    const [hook] = await rx.waitFor(1);
    expect(hook!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(hook!.fields.map(([k]) => k)).toEqual(['name', 'verifier', 'object_id', 'account_id', 'user_id', 'system']);
    const fields = Object.fromEntries(hook!.fields);
    expect(fields).toMatchObject({
      name: 'callback.verify',
      object_id: String(cb.callbackid),
      account_id: ACCOUNT,
      user_id: '1',
      system: 'https://northwindconsulting.freshbooks.com',
    });
    expect(fields.verifier).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(verifySignature(hook!.body, hook!.headers['x-freshbooks-hmac-sha256'] as string, fields.verifier!)).toBe(true);
    expect(h.fb.control.callbackVerifier(ACCOUNT, cb.callbackid).verifier).toBe(fields.verifier);

    const wrong = await h.api('PUT', `${BASE}/${cb.callbackid}`, { callback: { verifier: 'nope' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({
      errno: 422,
      message: 'The request was well-formed but was unable to be followed due to semantic errors.',
      details: ['verifier: Value error, Invalid verifier.'],
    });
    const right = await h.api('PUT', `${BASE}/${cb.callbackid}`, { callback: { verifier: fields.verifier, callback_id: cb.callbackid } });
    expect(right.status).toBe(200);
    expect(right.body.response.result.callback.verified).toBe(true);
  });

  it('resend sends the same verifier again; a new uri starts a new handshake', async () => {
    const cb = await register('bill');
    const [first] = await rx.waitFor(1);
    const resent = await h.api('PUT', `${BASE}/${cb.callbackid}`, { callback: { resend: true } });
    expect(resent.status).toBe(200);
    const [, second] = await rx.waitFor(2);
    expect(Object.fromEntries(second!.fields).verifier).toBe(Object.fromEntries(first!.fields).verifier);

    await h.api('PUT', `${BASE}/${cb.callbackid}`, { callback: { verifier: Object.fromEntries(first!.fields).verifier } });
    const moved = await h.api('PUT', `${BASE}/${cb.callbackid}`, { callback: { uri: `${rx.url}/v2` } });
    expect(moved.body.response.result.callback).toMatchObject({ uri: `${rx.url}/v2`, verified: false });
    const [, , third] = await rx.waitFor(3);
    expect(Object.fromEntries(third!.fields).verifier).not.toBe(Object.fromEntries(first!.fields).verifier);
  });

  it('lists (search[event] matches parent and children), reads and deletes', async () => {
    const a = await register('bill.create');
    const b = await register('bill');
    const c = await register('bill_vendor.update');
    const list = (q = '') => h.api('GET', `${BASE}${q}`).then((r) => r.body.response.result);
    const all = await list();
    expect(all).toMatchObject({ page: 1, pages: 1, per_page: 15, total: 3 });
    expect(all.callbacks.map((x: any) => x.callbackid)).toEqual([a.callbackid, b.callbackid, c.callbackid]);
    expect((await list('?search[event]=bill')).callbacks.map((x: any) => x.event)).toEqual(['bill.create', 'bill']);
    expect((await list('?search[event]=bill.create')).callbacks.map((x: any) => x.event)).toEqual(['bill.create', 'bill']);
    expect((await h.api('GET', `${BASE}/${c.callbackid}`)).body.response.result.callback.event).toBe('bill_vendor.update');

    const del = await h.api('DELETE', `${BASE}/${a.callbackid}`);
    expect(del.status).toBe(204);
    const gone = await h.api('GET', `${BASE}/${a.callbackid}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ errno: 404, message: 'Requested resource could not be found.' });
    expect((await list()).total).toBe(2);
  });

  it('refuses unknown events and malformed URIs in the events error shape', async () => {
    const res = await h.api('POST', BASE, { callback: { event: 'bill.paid', uri: 'not a url' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errno: 422,
      message: 'The request was well-formed but was unable to be followed due to semantic errors.',
      details: ['event: Value error, Unrecognized event.', 'uri: Input should be a valid URL, Not a well-formed URL.'],
    });
    expect((await h.api('POST', BASE, { callback: { event: 'bill_payment.create', uri: rx.url } })).status).toBe(400);
    // A known event of a resource the token cannot read: recognised, then refused for scope.
    expect((await h.api('POST', BASE, { callback: { event: 'invoice.sendByEmail', uri: rx.url } })).status).toBe(403);
  });

  it("registering needs the read scope of the event's resource", async () => {
    const narrow = h.fb.control.issueTokens({ scopes: ['user:bill_vendors:read'] });
    const api = clientFor(h.fb.url, narrow.access_token);
    expect((await api('POST', BASE, { callback: { event: 'bill_vendor', uri: rx.url } })).status).toBe(200);
    const refused = await api('POST', BASE, { callback: { event: 'bill.create', uri: rx.url } });
    expect(refused.status).toBe(403);
    expect(refused.body.errno).toBe(403);
    expect(refused.body.message).toContain('user:bills:read');
    expect(FRESHBOOKS_DEMO.scopes).toContain('user:bills:read');
  });
});
