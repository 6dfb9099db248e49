/**
 * POST /webhooks/coupa/{tenant} through real HTTP: Standard Webhooks signatures (good, bad,
 * missing, stale both ways, several signatures), secret rotation with its grace, duplicates by
 * webhook-id (also the sandbox's own pushes with its duplicate fault), and the refusals.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signPush } from '../../src/providers/coupa/webhook.js';
import { WEBHOOK_BODY_LIMIT } from '../../src/server/webhooks/constants.js';
import { COUPA_SECRET_GRACE_MS, ensureCoupaPushSecret, rotateCoupaPushSecret } from '../../src/app/webhook-secrets.js';
import { getDelivery, listDeliveries } from '../../src/store/queries/deliveries.js';
import { addTenant } from '../../src/store/queries/tenants.js';
import { storeTargets } from '../helpers/stores.js';
import { auditOf, count, post, startWebhookWorld, type WebhookWorld } from '../helpers/webhooks.js';

/** Headers without one of them. */
const without = (headers: Record<string, string>, name: string) => Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));

describe.each(storeTargets)('Coupa pushes on $name', (target) => {
  let w: WebhookWorld;
  let url: string;
  let secret: string;
  let n = 0;
  beforeEach(async () => {
    w = await startWebhookWorld({ target });
    url = `${w.base}/webhooks/coupa/${w.tenantId}`;
    secret = (await ensureCoupaPushSecret(w)).secret;
  });
  afterEach(async () => w.close());

  const seconds = () => Math.floor(w.clock.now / 1000);
  const body = (type = 'invoice.updated', id: unknown = 5) =>
    JSON.stringify({ type, timestamp: new Date(w.clock.now).toISOString(), data: { id } });
  function signed(text: string, options: { key?: string; id?: string; ts?: number; signature?: string } = {}): Record<string, string> {
    const id = options.id ?? `msg_${++n}`;
    const ts = options.ts ?? seconds();
    return {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(ts),
      'webhook-signature': options.signature ?? signPush(options.key ?? secret, id, ts, text),
    };
  }
  const push = (text: string, headers: Record<string, string>) => post(url, text, headers);

  it('stores a signed push with its job and audit trail before the 200', async () => {
    const text = body('invoice.updated', 5);
    const res = await push(text, signed(text, { id: 'msg_first' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, duplicate: false });
    const d = await getDelivery(w.store.db, res.body.delivery);
    expect(d).toMatchObject({
      source: 'coupa',
      dedupeKey: 'msg_first',
      event: 'invoice.updated',
      objectType: 'invoice',
      objectId: '5',
      body: text,
      status: 'received',
      remoteAddr: '127.0.0.1',
    });
    expect(d!.headers['webhook-signature']).toBe('[redacted]');
    expect(d!.headers['webhook-id']).toBe('msg_first');
    const job = await w.store.db.selectFrom('jobs').selectAll().where('delivery_id', '=', d!.id).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ kind: 'coupa-event', record_key: 'coupa:invoice:5', max_attempts: 8 });
    expect(JSON.parse(job.payload)).toEqual({ type: 'invoice.updated', id: '5' });
    const trail = await w.store.db.selectFrom('audit_events').selectAll().where('delivery_id', '=', d!.id).orderBy('id').execute();
    expect(trail.map((e) => e.kind)).toEqual(['webhook.received', 'webhook.verified']);
    expect(JSON.parse(trail[1]!.detail)).toMatchObject({ source: 'coupa', webhookId: 'msg_first', keyStatus: 'current' });
    expect(trail.map((e) => e.detail).join('')).not.toContain(secret.slice(6));

    // Every type maps to its object; string ids and several signatures are fine too.
    for (const [type, objectType] of [
      ['supplier.created', 'supplier'],
      ['purchase_order.updated', 'purchase_order'],
      ['invoice.paid', 'invoice'],
    ] as const) {
      const t = body(type, '77');
      const h = signed(t);
      h['webhook-signature'] = `v1,bm90LXRoaXMtb25l ${h['webhook-signature']}`;
      const r = await push(t, h);
      expect(r.status).toBe(200);
      expect(await getDelivery(w.store.db, r.body.delivery)).toMatchObject({ objectType, objectId: '77', event: type });
    }
  });

  it('refuses bad, missing and stale signatures (past and future) with 401, storing only a security audit event', async () => {
    const text = body();
    const cases: Array<[string, Record<string, string>, string]> = [
      ['wrong key', signed(text, { key: 'whsec_' + Buffer.alloc(24, 7).toString('base64') }), 'bad_signature'],
      ['tampered body', signed(body('invoice.updated', 6)), 'bad_signature'],
      ['no signature', without(signed(text), 'webhook-signature'), 'missing_signature'],
      ['no id', without(signed(text), 'webhook-id'), 'missing_signature'],
      ['5 min + 1 s old', signed(text, { ts: seconds() - 301 }), 'stale_timestamp'],
      ['5 min + 1 s ahead', signed(text, { ts: seconds() + 301 }), 'stale_timestamp'],
      ['not a number', signed(text, { ts: Number.NaN }), 'bad_timestamp'],
    ];
    for (const [label, headers, reason] of cases) {
      const res = await push(text, headers);
      expect(res.status, label).toBe(401);
      expect(res.body.error.code, label).toBe(reason);
    }
    // Inside the tolerance both ways is fine.
    expect((await push(text, signed(text, { ts: seconds() - 299 }))).status).toBe(200);
    expect((await push(text, signed(text, { ts: seconds() + 299 }))).status).toBe(200);

    expect(await count(w.store, 'deliveries')).toBe(2);
    expect(await count(w.store, 'jobs')).toBe(2);
    const security = await auditOf(w.store, w.tenantId, 'security.bad_signature');
    expect(security.map((e) => e.detail.reason)).toEqual(cases.map((c) => c[2]));
    for (const e of security) {
      expect(e.detail).toEqual({
        source: 'coupa',
        reason: e.detail.reason,
        remoteAddr: '127.0.0.1',
        method: 'POST',
        path: `/webhooks/coupa/${w.tenantId}`,
      });
      expect(e.deliveryId).toBeNull();
    }
    expect(JSON.stringify(security)).not.toContain(secret.slice(6));

    // Without --trust-proxy a forwarded address is a claim, not a fact: the peer is recorded.
    const wrongKey = signed(text, { key: 'whsec_' + Buffer.alloc(24, 9).toString('base64') });
    expect((await push(text, { ...wrongKey, 'x-forwarded-for': '203.0.113.9' })).status).toBe(401);
    expect((await auditOf(w.store, w.tenantId, 'security.bad_signature')).at(-1)!.detail).toMatchObject({ remoteAddr: '127.0.0.1' });
    // Behind a trusted proxy the forwarded address is recorded, and the connecting peer beside it.
    const proxied = await w.extraServer({}, { trustProxy: true });
    const res = await fetch(`${proxied.base}/webhooks/coupa/${w.tenantId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...wrongKey, 'x-forwarded-for': '203.0.113.9' },
      body: text,
    });
    expect(res.status).toBe(401);
    expect((await auditOf(w.store, w.tenantId, 'security.bad_signature')).at(-1)!.detail).toMatchObject({
      remoteAddr: '203.0.113.9',
      peerAddr: '127.0.0.1',
    });
  });

  it('accepts the previous secret during the 24 h grace after a rotation, and not after', async () => {
    const old = secret;
    const rotated = await rotateCoupaPushSecret(w, w.clock.now);
    expect(rotated.current.secret).not.toBe(old);
    expect(rotated.previousAcceptedUntil).toBe(w.clock.now + COUPA_SECRET_GRACE_MS);
    const text = body();
    const viaOld = await push(text, signed(text, { key: old }));
    expect(viaOld.status).toBe(200);
    expect((await auditOf(w.store, w.tenantId, 'webhook.verified')).at(-1)!.detail).toMatchObject({ keyStatus: 'previous' });
    expect((await push(text, signed(text, { key: rotated.current.secret }))).status).toBe(200);
    expect((await auditOf(w.store, w.tenantId, 'webhook.verified')).at(-1)!.detail).toMatchObject({ keyStatus: 'current' });

    w.clock.now += COUPA_SECRET_GRACE_MS - 1_000;
    expect((await push(text, signed(text, { key: old }))).status).toBe(200);
    w.clock.now += 2_000;
    const late = await push(text, signed(text, { key: old }));
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('bad_signature');
    expect((await push(text, signed(text, { key: rotated.current.secret }))).status).toBe(200);
  });

  it('stores a push repeated with the same webhook-id once — also the sandbox pushes its duplicate fault sends twice', async () => {
    const text = body();
    const first = await push(text, signed(text, { id: 'msg_dup' }));
    // A retry is signed afresh (new timestamp), same id.
    w.clock.now += 10_000;
    const again = await push(text, signed(text, { id: 'msg_dup' }));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ok: true, delivery: first.body.delivery, duplicate: true });
    expect(await count(w.store, 'deliveries')).toBe(1);
    expect(await count(w.store, 'jobs')).toBe(1);
    const dup = await auditOf(w.store, w.tenantId, 'webhook.duplicate');
    expect(dup.map((e) => e.deliveryId)).toEqual([first.body.delivery]);

    w.clock.now = Date.now();
    w.coupa.control.setPushTargets([{ url, secret }]);
    w.coupa.dispatcher.setFaults({ duplicateRate: 1 });
    const supplier = w.coupa.control.createSupplier({ name: 'Pushed Supplier Ltd' });
    await w.coupa.dispatcher.idle();
    const sent = w.coupa.dispatcher.attempts.filter((a) => a.label === `supplier.created ${String(supplier.id)}`);
    expect(sent.map((a) => a.status)).toEqual([200, 200]);
    const stored = (await listDeliveries(w.store.db, { tenantId: w.tenantId })).filter((d) => d.objectId === String(supplier.id));
    expect(stored.map((d) => [d.event, d.objectType])).toEqual([['supplier.created', 'supplier']]);
    expect(await auditOf(w.store, w.tenantId, 'webhook.duplicate')).toHaveLength(2);
  });

  it('answers 404 (unknown tenant, no push secret), 413 (over the limit), 400 (signed but malformed) and 429 with Retry-After (inbox full), storing nothing for any', async () => {
    const text = body();
    expect((await post(`${w.base}/webhooks/coupa/nobody`, text, signed(text))).status).toBe(404);
    await addTenant(w.store.db, 'bare');
    const bare = await post(`${w.base}/webhooks/coupa/bare`, text, signed(text));
    expect(bare.status).toBe(404);
    expect(bare.body.error.code).toBe('not_configured');

    const big = JSON.stringify({ type: 'invoice.updated', data: { id: 5 }, pad: 'x'.repeat(WEBHOOK_BODY_LIMIT) });
    const tooBig = await push(big, signed(big));
    expect(tooBig.status).toBe(413);

    for (const bad of [
      'not json',
      '[]',
      '{"data":{"id":5}}',
      body('invoice.deleted'),
      body('invoice.updated', -3),
      body('invoice.updated', 'x1'),
      JSON.stringify({ type: 'invoice.updated' }),
    ]) {
      const res = await push(bad, signed(bad));
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe('malformed');
    }
    expect(await count(w.store, 'deliveries')).toBe(0);

    const small = await w.extraServer({ inboxBound: 1 });
    const smallUrl = `${small.base}/webhooks/coupa/${w.tenantId}`;
    expect((await post(smallUrl, text, signed(text))).status).toBe(200);
    const full = await post(smallUrl, text, signed(text));
    expect(full.status).toBe(429);
    expect(full.headers.get('retry-after')).toBe('60');
    expect(await count(w.store, 'deliveries')).toBe(1);
    expect(await count(w.store, 'jobs')).toBe(1);
  });
});
