/**
 * Issue 12's day one, end to end: a FreshBooks business with a year of hand-keyed bills and
 * payments, a Coupa instance with two years of documents, a start date. The dry run writes
 * nothing and its plan is what the first sync then does; documents before the start date are
 * untouched; every exact hand-keyed bill and payment is adopted (no duplicate on either side);
 * every guess waits in review; every differing amount is reported; and a first sync stopped
 * half-way and continued ends exactly where an uninterrupted one does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planTenantSync } from '../../src/app/dry-run.js';
import { storedReport } from '../../src/app/sync-reports.js';
import { syncStateFor } from '../../src/app/sync-state.js';
import { runTenantSync } from '../../src/app/tenant-sync.js';
import { loadReview } from '../../src/app/reviews.js';
import { listAttention } from '../../src/store/queries/attention.js';
import { findInvoiceLink } from '../../src/store/queries/sync-links.js';
import { listReviews } from '../../src/store/queries/reviews.js';
import { SyncInterruptedError } from '../../src/sync/checkpoint.js';
import { runForSupplier } from '../../src/sync/engine.js';
import type { Outcome } from '../../src/sync/outcome.js';
import { failures, writes } from '../../src/sync/report.js';
import { resolveReview } from '../../src/sync/review.js';
import { dayOneCoupa, dayOneVendors, HAND_KEYED, keyByHand, START_DATE } from '../helpers/day-one.js';
import { startWorld, type World } from '../helpers/world.js';

type Wire = Record<string, unknown>;

async function dayOneWorld(): Promise<{ world: World; handIds: Map<string, string> }> {
  const world = await startWorld({ coupaData: dayOneCoupa(), freshbooksData: dayOneVendors });
  await world.settings({ startDate: START_DATE });
  return { world, handIds: await keyByHand(world) };
}

const scope = (world: World) => ({ store: world.store, vault: world.vault, tenantId: world.tenantId });

/** Both systems as a controller compares them: every bill, payment and invoice, ids and clocks aside. */
function books(world: World): string {
  const fb = world.fb();
  const vendorName = new Map(fb.bill_vendors.map((v) => [v.vendorid, v.vendor_name]));
  const billNumber = new Map(fb.bills.map((b) => [b.id, b.bill_number]));
  const bills = fb.bills
    .map((b) => [
      vendorName.get(b.vendorid),
      b.bill_number,
      b.total_amount.amount,
      b.paid.amount,
      b.vis_state,
      b.lines.map((l) => l.description),
    ])
    .map((row) => JSON.stringify(row))
    .sort();
  const payments = fb.bill_payments.map((p) => JSON.stringify([billNumber.get(p.billid), p.amount.amount, p.vis_state, p.note])).sort();
  const invoices = world.coupa.control
    .records('invoices')
    .map((i: Wire) => {
      const paid = ((i.payments as Wire[] | undefined) ?? []).map((p) => [p['amount-paid'], p['payment-date'], p.notes]);
      return JSON.stringify([i['invoice-number'], i.paid, paid, i.exported]);
    })
    .sort();
  return JSON.stringify({ vendors: [...vendorName.values()].sort(), bills, payments, invoices });
}

const decisions = (outcome: Outcome) =>
  outcome.items.map((i) => [i.flow, i.action, i.record, i.coupaId, i.amount ?? '', i.detail ?? ''].join(' ')).sort();

describe('day one at a firm that keyed Coupa invoices into FreshBooks by hand', () => {
  let world: World;
  let handIds: Map<string, string>;
  beforeEach(async () => {
    ({ world, handIds } = await dayOneWorld());
  });
  afterEach(async () => world.close());

  const invoiceId = (number: string) =>
    String(world.coupa.control.records('invoices').find((i: Wire) => i['invoice-number'] === number)?.id);
  const billOf = async (number: string) => (await findInvoiceLink(world.store.db, world.tenantId, invoiceId(number)))?.billId ?? null;
  const liveBills = () => world.fb().bills.filter((b) => b.vis_state === 0);

  it('plans without a write, then does the plan: adopts what was keyed, holds the guesses, leaves the past alone', async () => {
    const before = books(world);
    const handBefore = JSON.stringify(world.fb().bills.filter((b) => b.issue_date < START_DATE));
    const plan = await planTenantSync(scope(world));
    expect(failures(plan.report)).toBe(0);
    expect(books(world), 'the dry run wrote nothing to either system').toBe(before);
    expect(await listReviews(world.store.db, world.tenantId), 'nor to the connector’s own state').toEqual([]);

    const { report, outcome } = await runTenantSync(scope(world), { source: 'test' });
    expect(failures(report)).toBe(0);
    expect(decisions(outcome), 'the sync did exactly what the dry run planned').toEqual(decisions(plan.outcome));

    // Before the start date: nothing written, every document announced, the hand-keyed past untouched.
    const coupaInvoices = world.coupa.control.records('invoices');
    const old = coupaInvoices.filter((i: Wire) => String(i['invoice-date']).slice(0, 10) < START_DATE);
    expect(old.length).toBeGreaterThan(50);
    const skipped = new Set(outcome.items.filter((i) => i.action === 'skip-before-start').map((i) => i.coupaId));
    for (const invoice of old) {
      expect(skipped.has(String(invoice.id)), `${String(invoice['invoice-number'])} announced as before the start`).toBe(true);
      expect(await billOf(String(invoice['invoice-number']))).toBeNull();
    }
    expect(JSON.stringify(world.fb().bills.filter((b) => b.issue_date < START_DATE))).toBe(handBefore);
    expect(world.fb().bills.some((b) => /4401/.test(b.bill_number ?? ''))).toBe(false);

    // Exact hand-keyed bills are the invoices' bills, as typed; none was written twice.
    for (const key of ['AIS-202607', 'AIS-202608', 'AIS-202609', 'AIS-202610', 'DCC-202609']) {
      expect(await billOf(key), key).toBe(handIds.get(key));
    }
    const typed = world.fb().bills.find((b) => String(b.id) === handIds.get('AIS-202610'));
    expect(typed?.total_amount.amount).toBe('1190.00');
    expect(typed?.lines.map((l) => l.description)).toEqual(['Typed by hand']);
    // Only the invoices without a hand-keyed bill got one: Cedar's five, Delta's last two.
    expect(liveBills()).toHaveLength(HAND_KEYED.length + 7);
    expect(
      outcome.items
        .filter((i) => i.flow === 'invoices' && i.action === 'create')
        .map((i) => i.label)
        .sort(),
    ).toEqual(
      ['COF-202607', 'COF-202608', 'COF-202609', 'COF-202610', 'COF-202611', 'DCC-202610', 'DCC-202611'].map((n) =>
        expect.stringContaining(n),
      ),
    );

    // The differing amount is reported, on the report and on the attention list.
    expect(outcome.items.find((i) => i.action === 'adopt' && i.label.includes('AIS-202610'))?.detail).toMatch(
      /1190\.00 USD.*1210\.00 USD.*kept as typed/,
    );
    const attention = await listAttention(world.store.db, world.tenantId);
    expect(attention.filter((a) => a.code === 'adopted-bill-differs').map((a) => a.message)).toEqual([expect.stringMatching(/AIS-202610/)]);

    // Guesses wait for a person with their candidates: the typo, the unnumbered bill, the two of one number; and the near vendor.
    const reviews = await listReviews(world.store.db, world.tenantId);
    const bills = reviews.flatMap((r) =>
      r.kind === 'bill' ? [[r.invoice.invoiceNumber, r.reason, r.candidates.map((c) => c.billId).sort()]] : [],
    );
    expect(bills.sort()).toEqual(
      [
        ['AIS-202611', 'near', [handIds.get('AIS-202611')]],
        ['DCC-202607', 'near', [handIds.get('DCC-202607')]],
        ['DCC-202608', 'ambiguous', [handIds.get('DCC-202608-a'), handIds.get('DCC-202608-b')].sort()],
      ].sort(),
    );
    expect(reviews.filter((r) => r.kind === 'supplier').map((r) => r.supplierName)).toEqual(['Blue Harbor Logistics LLC']);

    // Payments: the one on both sides is linked, not doubled; the one keyed only in FreshBooks reached Coupa once;
    // Coupa's own payment reached FreshBooks once.
    const fb = world.fb();
    const paymentsOn = (key: string) => fb.bill_payments.filter((p) => String(p.billid) === handIds.get(key) && p.vis_state === 0);
    expect(paymentsOn('AIS-202608').map((p) => p.note)).toEqual(['cheque 1042']);
    const coupaPayments = (number: string) =>
      (coupaInvoices.find((i: Wire) => i['invoice-number'] === number)?.payments as Wire[] | undefined) ?? [];
    const fresh = world.coupa.control.records('invoices');
    const paymentsIn = (number: string) => (fresh.find((i: Wire) => i['invoice-number'] === number)?.payments as Wire[] | undefined) ?? [];
    expect(paymentsIn('AIS-202608')).toHaveLength(coupaPayments('AIS-202608').length);
    expect(paymentsIn('AIS-202608')).toHaveLength(1);
    expect(paymentsIn('DCC-202609')).toHaveLength(1);
    const cedarBill = await billOf('COF-202609');
    const cedar = fb.bills.find((b) => String(b.id) === cedarBill);
    expect(cedar?.paid.amount).toBe('300.00');

    // The first sync's report, for the controller to sign.
    const first = await storedReport(world.store.db, world.tenantId, 'first');
    expect(first).toMatchObject({ complete: true, passes: 1 });
    expect(decisions(first!.outcome)).toEqual(decisions(outcome));

    // A person links the near vendor: its hand-keyed bill is adopted, the rest billed; then nothing is left to do.
    const supplierReview = reviews.find((r) => r.kind === 'supplier')!;
    const ports = await world.ports();
    const state = syncStateFor(world.store, world.tenantId);
    const harbour = world.fb().bill_vendors.find((v) => v.vendor_name === 'Blue Harbour Logistics')!;
    await resolveReview({ state, ...ports }, await loadReview(world.store, supplierReview.id), {
      action: 'link',
      vendorId: String(harbour.vendorid),
    });
    const released = await runForSupplier(
      { tenantId: world.tenantId, state, settings: await world.settings(), ...ports },
      supplierReview.supplierId,
    );
    expect(failures(released)).toBe(0);
    expect(await billOf('BHL-202607')).toBe(handIds.get('BHL-202607'));
    expect(await billOf('BHL-202610')).not.toBeNull();
    expect(await billOf('BHL-202604')).toBeNull();
    const again = await runTenantSync(scope(world), { source: 'test' });
    expect(writes(again.report)).toBe(0);
    expect(failures(again.report)).toBe(0);
  });

  it('a first sync stopped half-way and continued ends exactly where an uninterrupted one does', async () => {
    await runTenantSync(scope(world), { source: 'test' });
    const whole = books(world);

    const other = await dayOneWorld();
    try {
      const stop = new AbortController();
      let seen = 0;
      await expect(
        runTenantSync(scope(other.world), {
          source: 'test',
          signal: stop.signal,
          onProgress: () => {
            if (++seen === 40) stop.abort();
          },
        }),
      ).rejects.toBeInstanceOf(SyncInterruptedError);
      expect(books(other.world)).not.toBe(whole);
      const rest = await runTenantSync(scope(other.world), { source: 'test' });
      expect(failures(rest.report)).toBe(0);
      expect(books(other.world)).toBe(whole);
      const first = await storedReport(other.world.store.db, other.world.tenantId, 'first');
      expect(first).toMatchObject({ complete: true, passes: 2 });
      const done = await storedReport(world.store.db, world.tenantId, 'first');
      expect(decisions(first!.outcome)).toEqual(decisions(done!.outcome));
    } finally {
      await other.world.close();
    }
  });
});
