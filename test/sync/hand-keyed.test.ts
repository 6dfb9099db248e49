/**
 * Issue 12, adoption: a firm re-keyed Coupa invoices into FreshBooks by hand before it
 * connected. Each such bill becomes the invoice's bill (never a second one), kept as typed; a
 * guess waits for a person with its candidates; payments entered by hand on the adopted bills
 * are matched, not paid twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncStateFor } from '../../src/app/sync-state.js';
import { listAttention } from '../../src/store/queries/attention.js';
import { listReviews, type BillReview } from '../../src/store/queries/reviews.js';
import { resolveBillReview } from '../../src/sync/bill-review.js';
import type { SyncDeps, WriteEvent } from '../../src/sync/context.js';
import { runSync } from '../../src/sync/engine.js';
import { failures, writes } from '../../src/sync/report.js';
import { retryRecord } from '../../src/sync/retry.js';
import { storeTargets } from '../helpers/stores.js';
import { startWorld, type World } from '../helpers/world.js';

type Wire = Record<string, unknown>;

describe.each(storeTargets)('hand-keyed FreshBooks bills on $name', (target) => {
  let world: World;
  let supplierId: number;
  let vendorId: number;
  let categoryId: number;
  const events: WriteEvent[] = [];

  beforeEach(async () => {
    events.length = 0;
    world = await startWorld({ target });
    supplierId = Number(world.coupa.control.createSupplier({ name: 'Hartley Facilities Ltd' }).id);
    vendorId = world.freshbooks.control.createVendor(world.accountId, {
      vendor_name: 'Hartley Facilities Ltd',
      currency_code: 'USD',
    }).vendorid;
    categoryId = Number((await (await world.ports()).freshbooks.categories())[0]!.id);
  });
  afterEach(async () => world.close());

  const c = () => world.coupa.control;
  const deps = async (): Promise<SyncDeps> => ({
    tenantId: world.tenantId,
    state: syncStateFor(world.store, world.tenantId),
    settings: await world.settings(),
    ...(await world.ports()),
    onWrite: (e) => events.push(e),
  });
  const sync = async (full = false) => runSync(await deps(), { full });
  const typed = (billNumber: string, amount: string, date: string): { id: number } => {
    const made = world.freshbooks.control.createBill(world.accountId, {
      vendorid: vendorId,
      bill_number: billNumber,
      issue_date: date,
      due_offset_days: 30,
      currency_code: 'USD',
      lines: [{ categoryid: categoryId, description: 'Typed by hand', quantity: '1', unit_cost: { amount, code: 'USD' } }],
    });
    return { id: Number(made.id) };
  };
  const invoice = (invoiceNumber: string, price: string, invoiceDate: string, extra: Wire = {}) =>
    c().createInvoice({
      supplierId,
      invoiceNumber,
      currency: 'USD',
      status: 'approved',
      // Noon, so the date reads the same in the instance's time zone.
      invoiceDate: `${invoiceDate}T12:00:00-07:00`,
      lines: [{ description: 'Facilities work', price }],
      ...extra,
    });
  const live = () => world.fb().bills.filter((b) => b.vis_state === 0);
  const liveById = (id: number) => live().find((b) => b.id === id);
  const linkOf = async (invoiceId: unknown) =>
    (await world.store.db.selectFrom('invoice_links').selectAll().where('invoice_id', '=', String(invoiceId)).executeTakeFirst()) as
      { bill_id: string | null } | undefined;
  const coupaPayments = (id: unknown) =>
    (
      c()
        .records('invoices')
        .find((i) => i.id === id)!.payments as Wire[]
    ).map((p) => p['amount-paid']);
  const billReviews = async () =>
    (await listReviews(world.store.db, world.tenantId, 'all')).filter((r): r is BillReview => r.kind === 'bill');

  it('adopts the ones written any usual way, queues the guesses, and matches hand payments both ways', async () => {
    c().createPurchaseOrder({
      supplierId,
      poNumber: '4501',
      currency: 'USD',
      status: 'issued',
      lines: [{ description: 'Consulting', quantity: '10', price: '100.00' }],
    });
    const withPo = invoice('INV-1001', '0', '2026-03-01', { poNumber: '4501', lines: [{ poLineNum: '1', quantity: '10' }] });
    const i2 = invoice('INV-1002', '250.00', '2026-03-02');
    const i3 = invoice('INV-1003', '1000.00', '2026-03-03');
    const i4 = invoice('INV-1004', '300.00', '2026-03-04');
    const i5 = invoice('INV-1005', '410.00', '2026-03-05');
    const i6 = invoice('INV-1006', '75.00', '2026-03-06');
    invoice('INV-1007', '60.00', '2026-03-07');

    const a = typed('PO-4501 INV-1001', '1000.00', '2026-03-01');
    const b = typed('inv 1002', '250.00', '2026-03-02');
    const differs = typed('#INV1003', '980.00', '2026-03-03');
    const typo = typed('INV-1040', '300.00', '2026-03-04');
    const sameAmount = typed('Window cleaning March', '410.00', '2026-03-07');
    const twinA = typed('INV-1006', '75.00', '2026-03-06');
    const twinB = typed('INV 1006', '75.00', '2026-03-06');

    // Paid by hand before the connector came: INV-1002 on both sides, INV-1001 only in FreshBooks.
    c().recordPayment(Number(i2.id), { amount: '250.00', date: '2026-03-20', notes: 'cheque 88' });
    world.freshbooks.control.payBill(world.accountId, { billid: b.id, amount: '250.00', paid_date: '2026-03-21' });
    world.freshbooks.control.payBill(world.accountId, { billid: a.id, amount: '400.00', paid_date: '2026-03-22' });

    const first = await sync();
    expect(failures(first)).toBe(0);

    // No duplicate: the hand-keyed bills are the invoices' bills, as typed; only INV-1007 got a new one.
    expect(
      live()
        .map((x) => x.bill_number)
        .sort(),
    ).toEqual(
      ['PO-4501 INV-1001', 'inv 1002', '#INV1003', 'INV-1040', 'Window cleaning March', 'INV-1006', 'INV 1006', 'INV INV-1007'].sort(),
    );
    expect(liveById(differs.id)!.total_amount.amount).toBe('980.00');
    expect((await linkOf(withPo.id))?.bill_id).toBe(String(a.id));
    expect((await linkOf(i2.id))?.bill_id).toBe(String(b.id));
    expect((await linkOf(i3.id))?.bill_id).toBe(String(differs.id));
    // The adopted bill carries the PO's lines: the PO holds nothing open any more.
    expect(live().some((x) => x.bill_number === 'PO 4501')).toBe(false);
    expect(first.invoices).toMatchObject({ linked: 3, created: 1, queued: 3 });

    // The differing amount: in the event's detail and on the attention list, naming both records.
    const link3 = events.find((e) => e.action === 'link' && e.coupaId === String(i3.id));
    expect(link3).toMatchObject({ amount: '980.00', currency: 'USD' });
    expect(link3?.detail).toBe(
      `FreshBooks bill ${String(differs.id)} totals 980.00 USD; Coupa invoice INV-1003 totals 1000.00 USD — kept as typed`,
    );
    const items = await listAttention(world.store.db, world.tenantId);
    expect(items.map((i) => [i.code, i.recordKind, i.recordId])).toEqual([['adopted-bill-differs', 'bill', String(differs.id)]]);
    expect(items[0]!.message).toMatch(/invoice INV-1003 .*980\.00 USD.*1000\.00 USD/);
    expect(items[0]!.action).toMatch(/Correct the bill in FreshBooks, or the invoice in Coupa/);

    // The guesses wait with their candidates beside the invoice.
    const reviews = await billReviews();
    expect(reviews.map((r) => [r.invoice.invoiceNumber, r.reason, r.candidates.map((x) => x.billId)])).toEqual([
      ['INV-1004', 'near', [String(typo.id)]],
      ['INV-1005', 'near', [String(sameAmount.id)]],
      ['INV-1006', 'ambiguous', [String(twinA.id), String(twinB.id)]],
    ]);
    expect(reviews[1]!.invoice).toEqual({ invoiceNumber: 'INV-1005', invoiceDate: '2026-03-05', total: '410.00', currency: 'USD' });
    expect(reviews[1]!.candidates[0]).toMatchObject({
      total: '410.00',
      issueDate: '2026-03-07',
      why: expect.stringMatching(/same amount/),
    });

    // Hand payments: matched on INV-1002 (one on each side), the FreshBooks-only one reaches Coupa once.
    expect(world.fb().bill_payments.filter((p) => p.billid === b.id && p.vis_state === 0)).toHaveLength(1);
    expect(coupaPayments(i2.id)).toEqual(['250.00']);
    expect(coupaPayments(withPo.id)).toEqual(['400.00']);

    // Nothing is rewritten on the next pass; the guesses stay skipped.
    const again = await sync(true);
    expect(writes(again)).toBe(0);
    expect(again.invoices.skippedReasons['bill-in-review']).toBe(3);
    expect(coupaPayments(withPo.id)).toEqual(['400.00']);
    expect(world.fb().bill_payments.filter((p) => p.vis_state === 0)).toHaveLength(2);
    expect(live().find((x) => x.id === a.id)!.bill_number).toBe('PO-4501 INV-1001');

    // A person picks: the typo is the bill; the same-amount one is not (a new bill); one of the twins.
    const byNumber = async (n: string) => (await billReviews()).find((r) => r.invoice.invoiceNumber === n)!;
    const picked = await resolveBillReview(await deps(), await byNumber('INV-1004'), { action: 'link', billId: String(typo.id) });
    expect(picked).toMatchObject({ billId: String(typo.id), created: false });
    const made = await resolveBillReview(await deps(), await byNumber('INV-1005'), { action: 'create' });
    expect(made.created).toBe(true);
    await expect(resolveBillReview(await deps(), await byNumber('INV-1006'), { action: 'link', billId: String(a.id) })).rejects.toThrow(
      /already the bill of invoice INV-1001/,
    );
    await resolveBillReview(await deps(), await byNumber('INV-1006'), { action: 'link', billId: String(twinB.id) });

    expect((await linkOf(i4.id))?.bill_id).toBe(String(typo.id));
    expect((await linkOf(i5.id))?.bill_id).toBe(made.billId);
    expect((await linkOf(i6.id))?.bill_id).toBe(String(twinB.id));
    expect(liveById(typo.id)!.bill_number).toBe('INV-1040');
    expect(live().filter((x) => x.bill_number === 'INV INV-1005')).toHaveLength(1);
    expect((await billReviews()).every((r) => r.status === 'resolved')).toBe(true);
    expect((await byNumber('INV-1005')).resolution).toEqual({ action: 'create', billId: made.billId });

    const settled = await sync(true);
    expect(failures(settled)).toBe(0);
    expect(writes(settled)).toBe(0);
    expect(settled.invoices.queued).toBe(0);
  });

  it('a payment in Coupa on an invoice in review waits for the review, then lands once on the picked bill', async () => {
    const inv = invoice('INV-2001', '90.00', '2026-04-01');
    const guess = typed('INV-2010', '90.00', '2026-04-01');
    c().recordPayment(Number(inv.id), { amount: '90.00', date: '2026-04-10', notes: 'wire' });
    const first = await sync();
    expect(first['payments-to-freshbooks'].skippedReasons['bill-in-review']).toBe(1);
    expect(world.fb().bill_payments).toHaveLength(0);
    const [review] = await billReviews();
    await resolveBillReview(await deps(), review!, { action: 'link', billId: String(guess.id) });
    expect(world.fb().bill_payments.filter((p) => p.billid === guess.id)).toHaveLength(1);
    expect(writes(await sync(true))).toBe(0);
    expect(world.fb().bill_payments).toHaveLength(1);

    // The picked bill deleted later, and a new one asked for: the pick is looked at again, not trusted.
    await (await world.ports()).freshbooks.deleteBill(String(guess.id));
    expect((await sync(true)).invoices.needsPerson.map((p) => p.code)).toEqual(['bill-deleted']);
    const retried = await retryRecord(await deps(), { kind: 'invoice', id: String(inv.id) }, { recreateDeletedBill: true });
    expect(failures(retried)).toBe(0);
    expect(retried.invoices.notes.join(' ')).toMatch(/picked in review can no longer be its bill/);
    expect(live().map((x) => x.bill_number)).toEqual(['INV INV-2001']);
  });

  it('an invoice keyed by hand is adopted, not the paid PO bill taken over as well (one liability, the paid PO bill to a person)', async () => {
    c().createPurchaseOrder({
      supplierId,
      poNumber: '4601',
      currency: 'USD',
      status: 'issued',
      lines: [{ description: 'Consulting', quantity: '10', price: '100.00' }],
    });
    await sync();
    const poBill = live().find((b) => b.bill_number === 'PO 4601')!;
    // A person pays the PO's bill in part, and keys the invoice that came for it as a bill of its own.
    world.freshbooks.control.payBill(world.accountId, { billid: poBill.id, amount: '400.00', paid_date: '2026-03-10' });
    const inv = invoice('INV-4601', '0', '2026-03-12', { poNumber: '4601', lines: [{ poLineNum: '1', quantity: '10' }] });
    const keyed = typed('inv-4601', '1000.00', '2026-03-12');

    const report = await sync();
    expect(failures(report)).toBe(0);
    expect((await linkOf(inv.id))?.bill_id).toBe(String(keyed.id));
    // The PO's bill keeps its payment and no longer holds anything open: a person decides what the 400.00 was for.
    expect(liveById(poBill.id)?.bill_number).toBe('PO 4601');
    expect(live().filter((b) => b.bill_number?.startsWith('INV INV-4601'))).toEqual([]);
    const attention = await listAttention(world.store.db, world.tenantId);
    expect(attention.map((a) => a.code)).toContain('po-bill-paid-not-open');
    expect(writes(await sync(true))).toBe(0);
  });
});
