/**
 * Recording payments on Coupa invoices (`PUT /api/invoices/{id}`) exactly once, whatever
 * happens on the wire, and marking records exported.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/lib/decimal.js';
import type { CoupaPaymentDraft } from '../../../src/core/records.js';
import { CoupaInputError, CoupaNotFoundError, CoupaPaymentConflictError, CoupaScopeError } from '../../../src/providers/coupa/errors.js';
import { paymentInstant } from '../../../src/providers/coupa/invoices.js';
import { coupaPort } from '../../../src/providers/coupa/port.js';
import type { CoupaSandbox } from '../../../src/sandbox/coupa/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { urlOf } from '../fetch-input.js';
import { addInvoice, clientOf, NO_INVOICE_WRITE, sandbox } from './sandbox.js';

let sb: CoupaSandbox;
let n = 0;
beforeAll(async () => {
  sb = await sandbox({ rateLimit: false });
});
afterAll(() => sb.close());
beforeEach(() => {
  sb.faults.clear();
});

function invoiceWire(id: number): Record<string, unknown> {
  return sb.control.records('invoices').find((r) => r.id === id)!;
}
function paymentsOf(id: number): Array<Record<string, unknown>> {
  return invoiceWire(id).payments as Array<Record<string, unknown>>;
}
function draftFor(invoiceId: number, amount = '100.00', notes = 'FreshBooks bill payment 1490'): CoupaPaymentDraft {
  return { invoiceId: String(invoiceId), amount: Decimal.parse(amount), date: '2024-05-01', notes, allocations: [] };
}
function freshInvoice() {
  return addInvoice(sb, `INV-P${++n}`);
}

/** A fetch that lets the first matching request reach Coupa, then loses the answer (reset or timeout). */
function losingFetch(method: string, kind: 'reset' | 'timeout') {
  let armed = true;
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const res = await fetch(input, init);
    if (armed && (init?.method ?? 'GET') === method) {
      armed = false;
      await res.text();
      if (kind === 'timeout') throw Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    }
    return res;
  }) as typeof fetch;
}

describe('recordPayment', () => {
  it('writes the payment exactly (amount string, date kept, notes) and sets paid when asked', async () => {
    const { invoiceId } = freshInvoice();
    const { client } = clientOf(sb);
    const result = await client.invoices.recordPayment(draftFor(invoiceId, '600.00'), { markPaid: true });
    expect(result.written).toBe(true);
    const [p] = paymentsOf(invoiceId);
    expect(p!['amount-paid']).toBe('600.00');
    expect(p!.notes).toBe('FreshBooks bill payment 1490');
    expect(String(p!['payment-date']).slice(0, 10)).toBe('2024-05-01'); // the same day in Coupa's own zone
    expect(invoiceWire(invoiceId).paid).toBe(true);
    expect(result.invoice.payments).toEqual([
      expect.objectContaining({ amount: Decimal.parse('600.00'), date: '2024-05-01', notes: 'FreshBooks bill payment 1490' }),
    ]);
  });

  it('twice → one payment (the second writes nothing); "100.0" and "100.00" are the same amount', async () => {
    const { invoiceId } = freshInvoice();
    const { client, calls } = clientOf(sb);
    const port = coupaPort(client);
    await port.recordPayment(draftFor(invoiceId, '100.00'), { markPaid: false });
    const again = await client.invoices.recordPayment(draftFor(invoiceId, '100.0'), { markPaid: false });
    expect(again.written).toBe(false);
    expect(paymentsOf(invoiceId)).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
  });

  it('three at the same time, from two clients → one payment', async () => {
    const { invoiceId } = freshInvoice();
    const a = clientOf(sb).client;
    const b = clientOf(sb).client;
    const results = await Promise.all([a, b, a].map((c) => c.invoices.recordPayment(draftFor(invoiceId), { markPaid: true })));
    expect(results.filter((r) => r.written)).toHaveLength(1);
    expect(paymentsOf(invoiceId)).toHaveLength(1);
  });

  it('the answer to the PUT is lost (reset after Coupa applied it) → re-read, no second payment', async () => {
    const { invoiceId } = freshInvoice();
    const { client, calls } = clientOf(sb, { fetch: losingFetch('PUT', 'reset'), clock: new FakeClock(Date.now()) });
    const result = await client.invoices.recordPayment(draftFor(invoiceId), { markPaid: true });
    expect(result.written).toBe(false);
    expect(paymentsOf(invoiceId)).toHaveLength(1);
    expect(invoiceWire(invoiceId).paid).toBe(true);
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.status ?? c.error)).toEqual(['connection reset']);
  });

  it('the PUT times out after Coupa applied it → re-read, no second payment', async () => {
    const { invoiceId } = freshInvoice();
    const { client } = clientOf(sb, { fetch: losingFetch('PUT', 'timeout'), clock: new FakeClock(Date.now()) });
    await client.invoices.recordPayment(draftFor(invoiceId), { markPaid: false });
    expect(paymentsOf(invoiceId)).toHaveLength(1);
  });

  it('a 503 or a 429 on the PUT (not applied) → retried, one payment', async () => {
    for (const fault of [{ kind: 'error' as const, status: 503 }, { kind: 'rate_limit' as const }]) {
      const { invoiceId } = freshInvoice();
      const clock = new FakeClock(Date.now());
      const { client, calls } = clientOf(sb, { clock });
      sb.faults.add({ ...fault, method: 'PUT', path: '/api/invoices', times: 2 });
      const result = await client.invoices.recordPayment(draftFor(invoiceId), { markPaid: false });
      expect(result.written).toBe(true);
      expect(paymentsOf(invoiceId)).toHaveLength(1);
      expect(calls.filter((c) => c.method === 'PUT').map((c) => c.status)).toEqual([
        fault.kind === 'error' ? 503 : 429,
        fault.kind === 'error' ? 503 : 429,
        200,
      ]);
      expect(clock.sleeps.every((ms) => ms <= 30_000)).toBe(true);
    }
  });

  it('adds beside payments made by others, and a second, different payment is its own', async () => {
    const { invoiceId } = freshInvoice();
    sb.control.recordPayment(invoiceId, { amount: '100.00', date: '2024-05-01', notes: 'ACH-7781' });
    const { client } = clientOf(sb);
    await client.invoices.recordPayment(draftFor(invoiceId, '100.00', 'FreshBooks bill payment 1'), { markPaid: false });
    await client.invoices.recordPayment(draftFor(invoiceId, '100.00', 'FreshBooks bill payment 2'), { markPaid: false });
    await client.invoices.recordPayment(draftFor(invoiceId, '100.00', 'FreshBooks bill payment 1'), { markPaid: false });
    expect(paymentsOf(invoiceId).map((p) => p.notes)).toEqual(['ACH-7781', 'FreshBooks bill payment 1', 'FreshBooks bill payment 2']);
  });

  it('already there without paid, now asked to mark paid → only the flag is set', async () => {
    const { invoiceId } = freshInvoice();
    const { client } = clientOf(sb);
    await client.invoices.recordPayment(draftFor(invoiceId, '600.00'), { markPaid: false });
    expect(invoiceWire(invoiceId).paid).toBe(false);
    const again = await client.invoices.recordPayment(draftFor(invoiceId, '600.00'), { markPaid: true });
    expect(again.written).toBe(false);
    expect(invoiceWire(invoiceId).paid).toBe(true);
    expect(paymentsOf(invoiceId)).toHaveLength(1);
  });

  it('same notes, other amount → a conflict for a person, nothing written', async () => {
    const { invoiceId } = freshInvoice();
    const { client } = clientOf(sb);
    await client.invoices.recordPayment(draftFor(invoiceId, '100.00'), { markPaid: false });
    const err = await client.invoices.recordPayment(draftFor(invoiceId, '120.00'), { markPaid: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoupaPaymentConflictError);
    expect((err as Error).message).toContain('100.00 on 2024-05-01');
    expect(paymentsOf(invoiceId)).toHaveLength(1);
  });

  it('refuses what cannot be a payment, before any call; a missing invoice is NotFound', async () => {
    const { client, calls } = clientOf(sb);
    await expect(client.invoices.recordPayment({ ...draftFor(1), amount: Decimal.parse('0') }, { markPaid: false })).rejects.toThrow(
      CoupaInputError,
    );
    await expect(client.invoices.recordPayment({ ...draftFor(1), date: '2024-13-01' }, { markPaid: false })).rejects.toThrow(
      /not a payment date/,
    );
    await expect(client.invoices.recordPayment({ ...draftFor(1), invoiceId: 'INV-1' }, { markPaid: false })).rejects.toThrow(
      /not a Coupa invoice id/,
    );
    expect(calls).toHaveLength(0);
    await expect(client.invoices.recordPayment(draftFor(999999), { markPaid: false })).rejects.toThrow(CoupaNotFoundError);
  });

  it('without core.invoice.write: a ScopeError naming it', async () => {
    const { invoiceId } = freshInvoice();
    const { client } = clientOf(sb, {
      clientId: NO_INVOICE_WRITE.clientId,
      clientSecret: NO_INVOICE_WRITE.clientSecret,
      scopes: NO_INVOICE_WRITE.scopes,
    });
    const err = await client.invoices.recordPayment(draftFor(invoiceId), { markPaid: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoupaScopeError);
    expect((err as CoupaScopeError).scopes).toEqual(['core.invoice.write']);
    expect(paymentsOf(invoiceId)).toHaveLength(0);
  });

  it('sends noon in the instance offset so no zone shifts the day', () => {
    expect(paymentInstant('2024-05-01', { 'updated-at': '2024-04-01T02:19:09+03:00' })).toBe('2024-05-01T12:00:00+03:00');
    expect(paymentInstant('2024-12-01', { 'updated-at': '2024-06-01T02:19:09-07:00' })).toBe('2024-12-01T12:00:00-07:00');
    expect(paymentInstant('2024-05-01', {})).toBe('2024-05-01T12:00:00Z');
  });
});

describe('markExported', () => {
  it('PUT …?exported=true with no body, for invoices and POs; idempotent', async () => {
    const { invoiceId, poId } = freshInvoice();
    const seen: Array<{ url: string; method: string; body: unknown }> = [];
    const { client } = clientOf(sb, {
      fetch: async (input: string | URL | Request, init?: RequestInit) => {
        seen.push({ url: urlOf(input), method: init?.method ?? 'GET', body: init?.body });
        return fetch(input, init);
      },
    });
    const port = coupaPort(client);
    await port.markExported('invoice', String(invoiceId));
    await port.markExported('invoice', String(invoiceId));
    await port.markExported('purchase_order', String(poId));
    expect(invoiceWire(invoiceId).exported).toBe(true);
    expect(sb.control.records('purchase_orders').find((r) => r.id === poId)!.exported).toBe(true);
    const puts = seen.filter((s) => s.method === 'PUT');
    expect(puts.map((p) => p.url.replace(sb.url, ''))).toEqual([
      `/api/invoices/${invoiceId}?exported=true`,
      `/api/invoices/${invoiceId}?exported=true`,
      `/api/purchase_orders/${poId}?exported=true`,
    ]);
    expect(puts.every((p) => p.body === undefined)).toBe(true);
    expect((await port.purchaseOrder(String(poId)))!.exported).toBe(true);
  });

  it('is retried through a 503 (it is idempotent)', async () => {
    const { invoiceId } = freshInvoice();
    const { client } = clientOf(sb, { clock: new FakeClock(Date.now()) });
    sb.faults.add({ kind: 'error', status: 503, method: 'PUT', path: '/api/invoices', times: 1 });
    await client.invoices.markExported(String(invoiceId));
    expect(invoiceWire(invoiceId).exported).toBe(true);
  });

  it('a missing record is NotFound', async () => {
    const { client } = clientOf(sb);
    await expect(client.purchaseOrders.markExported('999999')).rejects.toThrow(CoupaNotFoundError);
  });
});
