/**
 * A first sync stopped half-way (Ctrl-C: an AbortSignal) continues where it stopped: the
 * second pass reads from the checkpoint, not from the start, and both sandboxes end exactly
 * as after one uninterrupted pass on the same seed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { syncStateFor } from '../../src/app/sync-state.js';
import { runSync, SyncInterruptedError, type SyncOptions } from '../../src/sync/engine.js';
import type { ProgressEstimate } from '../../src/sync/estimate.js';
import type { CoupaPort } from '../../src/sync/ports.js';
import { failures } from '../../src/sync/report.js';
import { startWorld, type World } from '../helpers/world.js';

const POS = 120;

/** The same seed in any world: one supplier, POs, invoices on some of them, payments on some invoices. */
function seed(world: World): void {
  const c = world.coupa.control;
  const supplierId = Number(c.createSupplier({ name: 'Hartley Facilities Ltd' }).id);
  for (let n = 1; n <= POS; n++) {
    c.createPurchaseOrder({
      supplierId,
      poNumber: String(7000 + n),
      currency: 'USD',
      status: 'issued',
      lines: [{ description: `Service ${n}`, price: `${100 + n}.00` }],
    });
  }
  for (let n = 1; n <= 40; n++) {
    const inv = c.createInvoice({ supplierId, invoiceNumber: `R-${n}`, poNumber: String(7000 + n * 3), status: 'approved' });
    if (n % 4 === 0) c.recordPayment(Number(inv.id), { amount: '50.00', date: '2026-05-02' });
  }
}

/** Counts the Coupa records the engine reads through list calls (what a restart reads again). */
function counting(coupa: CoupaPort): { port: CoupaPort; reads: () => number } {
  let reads = 0;
  const count = <T>(pages: AsyncIterable<T[]>): AsyncIterable<T[]> => ({
    async *[Symbol.asyncIterator]() {
      for await (const page of pages) {
        reads += page.length;
        yield page;
      }
    },
  });
  const port: CoupaPort = {
    ...coupa,
    suppliers: (q) => count(coupa.suppliers(q)),
    purchaseOrders: (q) => count(coupa.purchaseOrders(q)),
    invoices: (q) => count(coupa.invoices(q)),
  };
  return { port, reads: () => reads };
}

async function pass(world: World, options: SyncOptions & { onProgress?: (flow: string, n: number, e?: ProgressEstimate) => void } = {}) {
  const ports = await world.ports();
  const coupa = counting(ports.coupa);
  const { onProgress, ...syncOptions } = options;
  const run = runSync(
    {
      tenantId: world.tenantId,
      state: syncStateFor(world.store, world.tenantId),
      settings: await world.settings(),
      coupa: coupa.port,
      freshbooks: ports.freshbooks,
      ...(onProgress ? { onProgress } : {}),
    },
    syncOptions,
  );
  return {
    result: await run.then(
      (report) => ({ report }),
      (error: unknown) => ({ error }),
    ),
    reads: coupa.reads(),
  };
}

/** What both sandboxes hold, without the ids each world numbered on its own. */
function books(world: World) {
  const fb = world.fb();
  const billNumber = new Map(fb.bills.map((b) => [b.id, b.bill_number]));
  return {
    vendors: fb.bill_vendors.map((v) => [v.vendor_name, v.vis_state]),
    bills: fb.bills.map((b) => [b.bill_number, b.vis_state, b.total_amount.amount, b.paid.amount]).sort(),
    payments: fb.bill_payments.map((p) => [billNumber.get(p.billid), p.amount.amount, p.vis_state]).sort(),
    coupaPayments: world.coupa.control
      .records('invoices')
      .map((i) => [i['invoice-number'], (i.payments as Array<Record<string, unknown>>).map((p) => p['amount-paid'])]),
  };
}

describe('an interrupted sync continues where it stopped', () => {
  const worlds: World[] = [];
  afterEach(async () => {
    for (const w of worlds.splice(0)) await w.close();
  });

  it('stops after the record under way, then finishes with the same books as one pass and fewer reads than a restart', async () => {
    const whole = await startWorld({ unlimited: true });
    const stopped = await startWorld({ unlimited: true });
    worlds.push(whole, stopped);
    seed(whole);
    seed(stopped);

    const once = await pass(whole);
    expect('report' in once.result && failures(once.result.report)).toBe(0);

    // Stopped in the PO flow, on its second page (records 1 supplier + 70 POs).
    const abort = new AbortController();
    const estimates: number[] = [];
    const first = await pass(stopped, {
      signal: abort.signal,
      onProgress: (flow, n, estimate) => {
        if (flow === 'purchase-orders' && estimate) estimates.push(estimate.fraction);
        if (flow === 'purchase-orders' && n === 70) abort.abort();
      },
    });
    expect('error' in first.result && first.result.error).toBeInstanceOf(SyncInterruptedError);
    expect((first.result as { error: SyncInterruptedError }).error.message).toBe(
      'interrupted after 71 records; run the same command again to continue where it stopped.',
    );
    expect(stopped.fb().bills.filter((b) => b.vis_state === 0)).toHaveLength(70);
    // The estimate moves from 0 towards 1 in id order.
    expect(estimates[0]).toBe(0);
    expect(estimates.at(-1)).toBeCloseTo(69 / 119, 5);

    const second = await pass(stopped);
    expect('report' in second.result && failures(second.result.report)).toBe(0);
    expect(books(stopped)).toEqual(books(whole));
    // The 70 POs done are not read again: a restart from zero would read all that one pass reads.
    expect(second.reads).toBeLessThan(once.reads);
    // (The supplier flow finished before the stop; its committed cursor's overlap window reads the supplier again.)
    expect(second.reads).toBe(once.reads - 70);
    // Finished: no checkpoint is left, and the next pass reads only what changed.
    const again = await pass(stopped);
    expect('report' in again.result && failures(again.result.report)).toBe(0);
    expect(books(stopped)).toEqual(books(whole));
  }, 60_000);
});
