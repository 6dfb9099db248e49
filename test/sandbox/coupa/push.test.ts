/** Signed Standard Webhooks pushes, verified by an independent check in a tiny local receiver. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { generatePushSecret, type CoupaSandbox } from '../../../src/sandbox/coupa/index.js';
import { call, sandbox, token } from './helpers.js';

interface Delivery {
  id: string;
  timestamp: number;
  signature: string;
  body: string;
  type: string;
  dataId: number;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A receiver that answers with `statuses` in turn (then 204) and records every delivery. */
async function receiver(statuses: number[] = []): Promise<{ url: string; deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      const parsed = JSON.parse(body) as { type: string; data: { id: number } };
      deliveries.push({
        id: String(req.headers['webhook-id']),
        timestamp: Number(req.headers['webhook-timestamp']),
        signature: String(req.headers['webhook-signature']),
        body,
        type: parsed.type,
        dataId: parsed.data.id,
      });
      res.statusCode = statuses.shift() ?? 204;
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/webhooks/coupa/acme`, deliveries };
}

/** The Standard Webhooks rule, written out here independently of the sandbox's signer. */
function verify(secret: string, d: Delivery): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${d.id}.${d.timestamp}.${d.body}`).digest();
  return d.signature.split(' ').some((sig) => {
    const [version, value] = sig.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

async function settle(sb: CoupaSandbox): Promise<void> {
  await sb.dispatcher.idle();
}

describe('pushes', () => {
  it('are sent, signed, for every create, update and payment', async () => {
    const secret = generatePushSecret();
    const rx = await receiver();
    const sb = await sandbox({ push: [{ url: rx.url, secret }] });
    const tok = await token(sb);

    const supplier = sb.control.createSupplier({ name: 'Lumen Analytics GmbH', number: 'SUP-90001', paymentTerm: 'Net 30' });
    await call(sb, tok, `/api/suppliers/${supplier.id as number}`, { method: 'PUT', body: { website: 'https://lumen.example' } });
    const po = sb.control.createPurchaseOrder({
      supplierId: supplier.id as number,
      currency: 'EUR',
      lines: [{ description: 'Dashboards', price: '4000.00', accountCode: 'NW-DEL-6600' }],
    });
    sb.control.issuePurchaseOrder(po.id as number);
    const invoice = sb.control.createInvoice({ purchaseOrderId: po.id as number, invoiceNumber: 'LA-1' });
    sb.control.approveInvoice(invoice.id as number);
    await call(sb, tok, `/api/invoices/${invoice.id as number}`, { method: 'PUT', body: { payments: [{ 'amount-paid': '1000.00' }] } });
    sb.control.recordPayment(invoice.id as number, { amount: '3000.00', date: '2026-02-10' });
    await settle(sb);

    // Deliveries run concurrently: compare as a set, not in arrival order.
    const byType = (a: unknown[], b: unknown[]) => String(a).localeCompare(String(b));
    expect(rx.deliveries.map((d) => [d.type, d.dataId]).sort(byType)).toEqual(
      [
        ['supplier.created', supplier.id],
        ['supplier.updated', supplier.id],
        ['purchase_order.created', po.id],
        ['purchase_order.updated', po.id],
        ['invoice.created', invoice.id],
        ['invoice.updated', invoice.id],
        ['invoice.updated', invoice.id],
        ['invoice.paid', invoice.id],
      ].sort(byType),
    );
    for (const d of rx.deliveries) {
      expect(verify(secret, d)).toBe(true);
      expect(d.id).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(Math.abs(d.timestamp - Date.now() / 1000)).toBeLessThan(300);
      expect(JSON.parse(d.body)).toMatchObject({ type: d.type, data: { id: d.dataId } });
    }
    expect(new Set(rx.deliveries.map((d) => d.id)).size).toBe(rx.deliveries.length);
    // A different secret does not verify: the check above is not vacuous.
    expect(verify(generatePushSecret(), rx.deliveries[0]!)).toBe(false);
  });

  it('sends invoice.paid when the API sets paid, and nothing for seed data or export marks', async () => {
    const secret = generatePushSecret();
    const rx = await receiver();
    const sb = await sandbox({ push: [{ url: rx.url, secret }] });
    const tok = await token(sb);
    await call(sb, tok, '/api/invoices/9002?exported=true', { method: 'PUT' });
    await call(sb, tok, '/api/invoices/9001', { method: 'PUT', body: { paid: true, 'payment-date': '2026-02-01' } });
    await settle(sb);
    expect(rx.deliveries.map((d) => [d.type, d.dataId])).toEqual([['invoice.paid', 9001]]);
  });

  it('go to every target set through the control API, each signed with its own secret', async () => {
    const a = await receiver();
    const b = await receiver();
    const [sa, sbSecret] = [generatePushSecret(), generatePushSecret()];
    const sb = await sandbox();
    const set = await fetch(`${sb.url}/_sandbox/push`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        targets: [
          { url: a.url, secret: sa },
          { url: b.url, secret: sbSecret },
        ],
      }),
    });
    expect(set.status).toBe(200);
    sb.control.approveInvoice(9003);
    await settle(sb);
    expect(a.deliveries).toHaveLength(1);
    expect(b.deliveries).toHaveLength(1);
    expect(verify(sa, a.deliveries[0]!)).toBe(true);
    expect(verify(sbSecret, b.deliveries[0]!)).toBe(true);
    expect(verify(sa, b.deliveries[0]!)).toBe(false);
  });

  it('refuses a target whose secret is not whsec_<base64>', async () => {
    const sb = await sandbox();
    const res = await fetch(`${sb.url}/_sandbox/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://127.0.0.1:1/x', secret: 'plain' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/whsec_/);
  });
});

describe('push retries and faults', () => {
  it('retries a failing receiver with the same webhook-id and a freshly signed timestamp', async () => {
    const secret = generatePushSecret();
    const rx = await receiver([500, 503]);
    const sb = await sandbox({ push: [{ url: rx.url, secret }], webhookRetryDelaysMs: [5, 5, 5] });
    sb.control.approveInvoice(9003);
    await settle(sb);
    expect(rx.deliveries).toHaveLength(3);
    expect(new Set(rx.deliveries.map((d) => d.id)).size).toBe(1);
    expect(rx.deliveries.every((d) => verify(secret, d))).toBe(true);
    expect(sb.dispatcher.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 503],
      [3, 204],
    ]);
  });

  it('gives up after the last retry', async () => {
    const rx = await receiver([500, 500, 500, 500]);
    const sb = await sandbox({ push: [{ url: rx.url, secret: generatePushSecret() }], webhookRetryDelaysMs: [5, 5] });
    sb.control.approveInvoice(9003);
    await settle(sb);
    expect(rx.deliveries).toHaveLength(3);
  });

  it('duplicates deliveries when asked (same webhook-id twice)', async () => {
    const rx = await receiver();
    const sb = await sandbox({ push: [{ url: rx.url, secret: generatePushSecret() }] });
    const put = await fetch(`${sb.url}/_sandbox/webhook-faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ duplicateRate: 1 }),
    });
    expect(put.status).toBe(200);
    const bad = await fetch(`${sb.url}/_sandbox/webhook-faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ duplicateRate: 'often' }),
    });
    expect(bad.status).toBe(400);
    sb.control.approveInvoice(9003);
    await settle(sb);
    expect(rx.deliveries).toHaveLength(2);
    expect(rx.deliveries[0]!.id).toBe(rx.deliveries[1]!.id);
  });

  it('delays deliveries when asked', async () => {
    const rx = await receiver();
    const sb = await sandbox({ push: [{ url: rx.url, secret: generatePushSecret() }] });
    sb.dispatcher.setFaults({ delayMs: 30 });
    sb.control.approveInvoice(9003);
    expect(rx.deliveries).toHaveLength(0);
    await settle(sb);
    expect(rx.deliveries).toHaveLength(1);
  });

  it('reorders deliveries when asked', async () => {
    const rx = await receiver();
    const sb = await sandbox({ push: [{ url: rx.url, secret: generatePushSecret() }] });
    sb.dispatcher.setFaults({ reorderWindow: 8 });
    const created: number[] = [];
    for (let i = 0; i < 8; i++) created.push(sb.control.createSupplier({ name: `Reorder Test Supplier ${i}` }).id as number);
    await settle(sb);
    const received = rx.deliveries.map((d) => d.dataId);
    expect([...received].sort()).toEqual(created);
    expect(received).not.toEqual(created);
  });
});
