/**
 * POST /webhooks/freshbooks/{tenant} through real HTTP: the verification handshake end to end
 * (register → FreshBooks sandbox POSTs the verifier → serve PUTs it back → verified), then
 * deliveries the sandbox signs itself — good, bad, missing, non-ASCII, duplicates — stored
 * with their job before the 200, and every refusal leaving only a security audit event.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formBody } from '../../src/sandbox/freshbooks/signature.js';
import { signFields } from '../../src/sandbox/freshbooks/index.js';
import { getDelivery, listDeliveries } from '../../src/store/queries/deliveries.js';
import { freshbooksClientFor } from '../../src/app/freshbooks-client.js';
import { getCallback, listCallbacks } from '../../src/store/queries/freshbooks-callbacks.js';
import { addTenant } from '../../src/store/queries/tenants.js';
import { FRESHBOOKS_EVENTS } from '../../src/app/endpoints.js';
import { WEBHOOK_BODY_LIMIT } from '../../src/server/webhooks/constants.js';
import { registerWebhooks } from '../../src/app/webhook-setup.js';
import { storeTargets } from '../helpers/stores.js';
import { auditKinds, auditOf, count, post, startWebhookWorld, type WebhookWorld } from '../helpers/webhooks.js';

const CATEGORY = 2_003_101;

describe.each(storeTargets)('FreshBooks webhooks on $name', (target) => {
  let w: WebhookWorld;
  let url: string;
  beforeEach(async () => {
    w = await startWebhookWorld({ target });
    url = `${w.base}/webhooks/freshbooks/${w.tenantId}`;
  });
  afterEach(async () => w.close());

  const register = () => registerWebhooks(w, { publicUrl: w.base, waitMs: 20_000 });
  const jobs = () => w.store.db.selectFrom('jobs').selectAll().orderBy('id').execute();

  /** A bill and its payment in the sandbox (as a FreshBooks user would); each fires its event. */
  function billAndPayment(): { billId: number; vendorId: number } {
    const vendor = w.freshbooks.control.createVendor(w.accountId, { vendor_name: 'Hook Vendor' });
    const bill = w.freshbooks.control.createBill(w.accountId, {
      vendorid: vendor.vendorid,
      issue_date: '2026-03-01',
      currency_code: 'USD',
      lines: [{ categoryid: CATEGORY, quantity: 1, unit_cost: { amount: '12.50', code: 'USD' } }],
    });
    w.freshbooks.control.payBill(w.accountId, { billid: bill.id as number });
    return { billId: bill.id as number, vendorId: vendor.vendorid };
  }

  /** The pairs FreshBooks sends for an event, in its order. */
  const eventPairs = (name: string, objectId: string | number, extra: Array<[string, string]> = []): Array<[string, string]> => [
    ['name', name],
    ['object_id', String(objectId)],
    ['account_id', w.accountId],
    ['business_id', '7310442'],
    ['identity_id', '1'],
    ['user_id', '1'],
    ...extra,
  ];
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  async function verifierOf(event: string): Promise<{ id: string; verifier: string }> {
    const cb = (await listCallbacks(w.store.db, w.tenantId)).find((c) => c.event === event)!;
    return { id: cb.callbackId, verifier: w.freshbooks.control.callbackVerifier(w.accountId, Number(cb.callbackId)).verifier };
  }

  it('completes the handshake for every callback, then a bill payment arrives as a signed bill.update stored with its job', async () => {
    const result = await register();
    expect(result.freshbooks.callbacks.map((c) => [c.event, c.action, c.verified])).toEqual(
      FRESHBOOKS_EVENTS.map((e) => [e, 'created', true]),
    );
    const remote = w.freshbooks.control.snapshot(w.accountId).callbacks;
    expect(remote).toHaveLength(6);
    expect(remote.every((c) => c.verified && c.uri === url)).toBe(true);
    const local = await listCallbacks(w.store.db, w.tenantId);
    expect(local.every((c) => c.verified && c.verifierSealed !== null)).toBe(true);
    // The verifier is kept sealed, never in clear.
    for (const c of local)
      expect(c.verifierSealed).not.toContain(w.freshbooks.control.callbackVerifier(w.accountId, Number(c.callbackId)).verifier);
    expect(await auditOf(w.store, w.tenantId, 'webhook.callback_verified')).toHaveLength(6);
    expect(await count(w.store, 'deliveries')).toBe(0);

    const { billId, vendorId } = billAndPayment();
    await w.freshbooks.dispatcher.idle();

    const deliveries = await listDeliveries(w.store.db, { tenantId: w.tenantId });
    expect(deliveries.map((d) => [d.event, d.objectType, d.objectId]).sort()).toEqual(
      [
        ['bill.create', 'bill', String(billId)],
        ['bill.update', 'bill', String(billId)],
        ['bill_vendor.create', 'bill_vendor', String(vendorId)],
      ].sort(),
    );
    const update = deliveries.find((d) => d.event === 'bill.update')!;
    expect(update).toMatchObject({ source: 'freshbooks', status: 'received', remoteAddr: '127.0.0.1' });
    const { id: callbackId } = await verifierOf('bill.update');
    expect(update.dedupeKey).toBe(`${callbackId}:bill.update:${billId}:${Math.floor(w.clock.now / 60_000)}`);
    expect(update.headers['x-freshbooks-hmac-sha256']).toBe('[redacted]');
    expect(update.body).toContain('name=bill.update');
    const job = (await jobs()).find((j) => j.delivery_id === update.id)!;
    expect(job).toMatchObject({ kind: 'freshbooks-event', record_key: `freshbooks:bill:${billId}`, status: 'pending', max_attempts: 8 });
    expect(JSON.parse(job.payload)).toEqual({ event: 'bill.update', objectId: String(billId), accountId: w.accountId });
    const trail = await w.store.db.selectFrom('audit_events').selectAll().where('delivery_id', '=', update.id).orderBy('id').execute();
    expect(trail.map((e) => e.kind)).toEqual(['webhook.received', 'webhook.verified']);
    expect(JSON.parse(trail[1]!.detail)).toEqual({ source: 'freshbooks', callbackId, callbackEvent: 'bill.update' });
    const received = JSON.parse(trail[0]!.detail);
    expect(received).toMatchObject({ source: 'freshbooks', event: 'bill.update', remoteAddr: '127.0.0.1', body: update.body });
    expect(received.headers['x-freshbooks-hmac-sha256']).toBe('[redacted]');
  });

  it('accepts a payload with non-ASCII values signed by the sandbox, and refuses bad and missing signatures storing nothing', async () => {
    await register();
    const { verifier } = await verifierOf('bill.update');
    const pairs = eventPairs('bill.update', 99001, [['note', 'Café "Zoë" — 🎉, a: b']]);
    const body = formBody(pairs);

    const bad = await post(url, body, { ...form, 'x-freshbooks-hmac-sha256': signFields(pairs, 'not-the-verifier') });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('bad_signature');
    const tampered = await post(url, body.replace('99001', '99002'), { ...form, 'x-freshbooks-hmac-sha256': signFields(pairs, verifier) });
    expect(tampered.status).toBe(401);
    const missing = await post(url, body, form);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('missing_signature');
    expect(await count(w.store, 'deliveries')).toBe(0);
    expect(await count(w.store, 'jobs')).toBe(0);
    const security = await auditOf(w.store, w.tenantId, 'security.bad_signature');
    expect(security.map((e) => e.detail.reason)).toEqual(['bad_signature', 'bad_signature', 'missing_signature']);
    for (const e of security) {
      expect(e.deliveryId).toBeNull();
      expect(e.detail).toEqual({
        source: 'freshbooks',
        reason: e.detail.reason,
        remoteAddr: '127.0.0.1',
        method: 'POST',
        path: `/webhooks/freshbooks/${w.tenantId}`,
      });
      expect(JSON.stringify(e.detail)).not.toContain(verifier);
    }

    const good = await post(url, body, { ...form, 'x-freshbooks-hmac-sha256': signFields(pairs, verifier) });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ ok: true, duplicate: false });
    const stored = await getDelivery(w.store.db, good.body.delivery);
    expect(stored).toMatchObject({ event: 'bill.update', objectId: '99001' });
    expect(new URLSearchParams(stored!.body).get('note')).toBe('Café "Zoë" — 🎉, a: b');
    expect(await count(w.store, 'jobs')).toBe(1);
  });

  it('stores a repeated delivery once (same callback, event, object and minute), also when the sandbox sends every webhook twice', async () => {
    await register();
    const { verifier } = await verifierOf('bill.update');
    const pairs = eventPairs('bill.update', 99001);
    const headers = { ...form, 'x-freshbooks-hmac-sha256': signFields(pairs, verifier) };
    const first = await post(url, formBody(pairs), headers);
    const again = await post(url, formBody(pairs), headers);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ok: true, delivery: first.body.delivery, duplicate: true });
    expect(await count(w.store, 'deliveries')).toBe(1);
    expect(await count(w.store, 'jobs')).toBe(1);
    const dup = await auditOf(w.store, w.tenantId, 'webhook.duplicate');
    expect(dup).toHaveLength(1);
    expect(dup[0]!.deliveryId).toBe(first.body.delivery);

    // The next minute window: a new delivery (processing is idempotent anyway).
    w.clock.now += 60_000;
    expect((await post(url, formBody(pairs), headers)).body.duplicate).toBe(false);

    w.freshbooks.dispatcher.setFaults({ duplicateRate: 1 });
    const { billId } = billAndPayment();
    await w.freshbooks.dispatcher.idle();
    const ofBill = (await listDeliveries(w.store.db, { tenantId: w.tenantId })).filter((d) => d.objectId === String(billId));
    expect(ofBill.map((d) => d.event).sort()).toEqual(['bill.create', 'bill.update']);
    const attempts = w.freshbooks.dispatcher.attempts.filter((a) => a.label === `bill.update ${billId}`);
    expect(attempts.map((a) => a.status)).toEqual([200, 200]);
    expect((await auditOf(w.store, w.tenantId, 'webhook.duplicate')).length).toBeGreaterThanOrEqual(3);
    const updateJobs = (await jobs()).filter((j) => j.record_key === `freshbooks:bill:${billId}`);
    expect(updateJobs).toHaveLength(2);
  });

  it('refuses verification messages for callbacks it did not register, for another business, or with a verifier FreshBooks rejects', async () => {
    await register();
    const { id, verifier } = await verifierOf('bill.create');
    const verify = (pairs: Array<[string, string]>) => post(url, formBody(pairs), form);
    const unknown = await verify([
      ['name', 'callback.verify'],
      ['verifier', 'abc123'],
      ['object_id', '999999'],
      ['account_id', w.accountId],
      ['user_id', '1'],
    ]);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('unknown_callback');
    const otherAccount = await verify([
      ['name', 'callback.verify'],
      ['verifier', verifier],
      ['object_id', id],
      ['account_id', 'Other9'],
      ['user_id', '1'],
    ]);
    expect(otherAccount.status).toBe(401);
    const wrongVerifier = await verify([
      ['name', 'callback.verify'],
      ['verifier', 'WRONGwrongWRONG'],
      ['object_id', id],
      ['account_id', w.accountId],
      ['user_id', '1'],
    ]);
    expect(wrongVerifier.status).toBe(401);
    expect(wrongVerifier.body.error.code).toBe('verifier_refused');
    const malformedVerify = await verify([
      ['name', 'callback.verify'],
      ['object_id', id],
    ]);
    expect(malformedVerify.status).toBe(400);

    // The callback's key is unchanged: deliveries signed with the real verifier still pass.
    const pairs = eventPairs('bill.create', 99001);
    expect((await post(url, formBody(pairs), { ...form, 'x-freshbooks-hmac-sha256': signFields(pairs, verifier) })).status).toBe(200);
    const security = await auditOf(w.store, w.tenantId, 'security.bad_signature');
    expect(security.map((e) => e.detail.reason)).toEqual(['unknown_callback', 'wrong_account', 'verifier_refused']);
    for (const e of security) expect(JSON.stringify(e.detail)).not.toMatch(/WRONGwrong|abc123/);
    expect(JSON.stringify(security)).not.toContain(verifier);
  });

  it('verifies a callback FreshBooks lists for this endpoint even before register stored it, and refuses one that points elsewhere', async () => {
    const client = await freshbooksClientFor(w);
    const ours = await client.callbacks.create('bill.update', url);
    await w.freshbooks.dispatcher.idle();
    expect(await getCallback(w.store.db, w.tenantId, ours.id)).toMatchObject({ verified: true, event: 'bill.update', uri: url });
    expect(w.freshbooks.control.callbackVerifier(w.accountId, Number(ours.id)).verified).toBe(true);

    const elsewhere = await client.callbacks.create('bill.update', 'http://127.0.0.1:9/somewhere-else');
    const { verifier } = w.freshbooks.control.callbackVerifier(w.accountId, Number(elsewhere.id));
    const res = await post(
      url,
      formBody([
        ['name', 'callback.verify'],
        ['verifier', verifier],
        ['object_id', elsewhere.id],
        ['account_id', w.accountId],
        ['user_id', '1'],
      ]),
      form,
    );
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unknown_callback');
    expect(w.freshbooks.control.callbackVerifier(w.accountId, Number(elsewhere.id)).verified).toBe(false);
    expect(await getCallback(w.store.db, w.tenantId, elsewhere.id)).toBeUndefined();
  });

  it('answers 404 for an unknown tenant or one without FreshBooks, 401 before any callback is verified, 413 over the limit, 400 for a signed but malformed form', async () => {
    const pairs = eventPairs('bill.update', 99001);
    expect((await post(`${w.base}/webhooks/freshbooks/nobody`, formBody(pairs), form)).status).toBe(404);
    await addTenant(w.store.db, 'bare');
    const bare = await post(`${w.base}/webhooks/freshbooks/bare`, formBody(pairs), form);
    expect(bare.status).toBe(404);
    expect(bare.body.error.code).toBe('not_configured');
    const early = await post(url, formBody(pairs), { ...form, 'x-freshbooks-hmac-sha256': signFields(pairs, 'whatever') });
    expect(early.status).toBe(401);
    expect(early.body.error.code).toBe('no_verified_callback');

    await register();
    const { verifier } = await verifierOf('bill.update');
    const big = formBody([...pairs, ['pad', 'x'.repeat(WEBHOOK_BODY_LIMIT)]]);
    const tooBig = await post(url, big, { ...form, 'x-freshbooks-hmac-sha256': 'x' });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('body_too_large');

    const signed = async (p: Array<[string, string]>) =>
      post(url, formBody(p), { ...form, 'x-freshbooks-hmac-sha256': signFields(p, verifier) });
    const cases: Array<Array<[string, string]>> = [
      eventPairs('invoice.create', 99001),
      eventPairs('bill.update', 'seven'),
      pairs.filter(([k]) => k !== 'object_id'),
      pairs.filter(([k]) => k !== 'name'),
      eventPairs('bill.update', 99001).map(([k, v]): [string, string] => (k === 'account_id' ? [k, 'Other9'] : [k, v])),
    ];
    for (const c of cases) {
      const res = await signed(c);
      expect(res.status, JSON.stringify(c)).toBe(400);
      expect(res.body.error.code).toBe('malformed');
    }
    expect(await count(w.store, 'deliveries')).toBe(0);
    expect(await count(w.store, 'jobs')).toBe(0);
    expect(await auditKinds(w.store, w.tenantId)).not.toContain('webhook.received');
  });

  it('answers 429 with Retry-After once the inbox holds its bound of unprocessed deliveries, storing nothing more', async () => {
    await register();
    const small = await w.extraServer({ inboxBound: 2 });
    const small_url = `${small.base}/webhooks/freshbooks/${w.tenantId}`;
    const { verifier } = await verifierOf('bill.update');
    const send = (id: number) => {
      const p = eventPairs('bill.update', id);
      return post(small_url, formBody(p), { ...form, 'x-freshbooks-hmac-sha256': signFields(p, verifier) });
    };
    expect((await send(1)).status).toBe(200);
    expect((await send(2)).status).toBe(200);
    const full = await send(3);
    expect(full.status).toBe(429);
    expect(full.headers.get('retry-after')).toBe('60');
    expect(full.body.error.code).toBe('inbox_full');
    expect(await count(w.store, 'deliveries')).toBe(2);
    // Once a delivery is processed there is room again.
    await w.store.db.updateTable('deliveries').set({ status: 'processed' }).where('object_id', '=', '1').execute();
    expect((await send(3)).status).toBe(200);
  });
});
