/**
 * Reconciliation against both sandboxes, for what the month test (test/cli/reconcile.test.ts)
 * leaves out: PO commitments, a failed delivery to replay, records waiting in a review, a bill
 * tagged for a document Coupa does not hold — on every store the tests can reach.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixReconciliation } from '../../src/app/reconcile-fix.js';
import { runReconciliation } from '../../src/app/reconcile.js';
import type { ReconLine } from '../../src/core/reconciliation.js';
import { insertDelivery, setDeliveryOutcome } from '../../src/store/queries/deliveries.js';
import { storeTargets } from '../helpers/stores.js';
import { startWorld, type World } from '../helpers/world.js';

type Wire = Record<string, unknown>;
const PERIOD = { from: '2000-01-01', to: '2100-12-31' };

describe.each(storeTargets)('reconciliation on $name', (target) => {
  let world: World;
  let hartley: number;
  beforeEach(async () => {
    world = await startWorld({ target });
    hartley = Number(world.coupa.control.createSupplier({ name: 'Hartley Facilities Ltd' }).id);
  });
  afterEach(async () => world.close());

  const scope = () => ({ store: world.store, vault: world.vault, tenantId: world.tenantId });
  const reconcile = () => runReconciliation(scope(), PERIOD);
  const differences = (lines: ReconLine[]) => lines.filter((l) => l.status !== 'agreement').map((l) => [l.status, l.label]);
  const bill = (tag: string) => world.fb().bills.find((b) => b.bill_number === tag && b.vis_state === 0)!;
  const fbPut = async (path: string, body: unknown) => {
    const token = world.freshbooks.control.issueTokens().access_token;
    const res = await fetch(`${world.freshbooks.url}/accounting/account/${world.accountId}/${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  };

  it('checks each open PO against its commitment bill, and --fix settles them', async () => {
    const c = world.coupa.control;
    const po = (poNumber: string, price: string) =>
      c.createPurchaseOrder({
        supplierId: hartley,
        poNumber,
        currency: 'USD',
        status: 'issued',
        lines: [{ description: `Work ${poNumber}`, price }],
      });
    po('8001', '300.00');
    const closing = po('8002', '450.00');
    po('8003', '120.00');
    c.createInvoice({ supplierId: hartley, invoiceNumber: 'P-1', poNumber: '8003', status: 'approved' });
    await world.sync();
    const first = await reconcile();
    expect(first.agreed).toBe(true);
    expect(first.lines.filter((l) => l.record === 'purchase-order').map((l) => [l.label, l.coupa?.amount, l.freshbooks?.amount])).toEqual([
      ['PO 8001 (Hartley Facilities Ltd)', '300.00', '300.00'],
      ['PO 8002 (Hartley Facilities Ltd)', '450.00', '450.00'],
      ['PO 8003 (Hartley Facilities Ltd)', '0.00', undefined],
    ]);

    // Behind the connector's back: the 8001 commitment retyped in FreshBooks, 8002 closed in Coupa.
    const b = bill('PO 8001');
    const lines = (b.lines as unknown as Wire[]).map((l) => ({ ...l, unit_cost: { amount: '350.00', code: 'USD' } }));
    await fbPut(`bills/bills/${b.id}`, { bill: { lines } });
    c.closePurchaseOrder(Number(closing.id));
    const report = await reconcile();
    expect(differences(report.lines)).toEqual([
      ['amount-differs', 'PO 8001 (Hartley Facilities Ltd)'],
      ['missing-in-coupa', 'PO 8002 (Hartley Facilities Ltd)'],
    ]);
    expect(report.lines.find((l) => l.label.startsWith('PO 8001'))?.message).toBe(
      `300.00 USD is open on the PO in Coupa; its bill ${b.id} commits 350.00 USD.`,
    );
    expect(report.totals.byCurrency[0]?.committed).toEqual({ coupa: '300.00', freshbooks: '800.00' });

    const fixed = await fixReconciliation(scope(), PERIOD);
    expect(fixed.fixed.map((f) => [f.label, f.after])).toEqual([
      ['PO 8001 (Hartley Facilities Ltd)', 'agreement'],
      ['PO 8002 (Hartley Facilities Ltd)', 'agreement'],
    ]);
    expect(fixed.after.agreed).toBe(true);
  });

  it('points a difference whose delivery failed at the replay, not at --fix', async () => {
    await world.sync();
    const inv = world.coupa.control.createInvoice({
      supplierId: hartley,
      invoiceNumber: 'R-1',
      currency: 'USD',
      status: 'approved',
      lines: [{ description: 'Boiler service', price: '640.00' }],
    });
    // The webhook arrived, its job failed (FreshBooks was down), and it waits to be replayed.
    const delivery = await insertDelivery(
      world.store.db,
      {
        tenantId: world.tenantId,
        source: 'coupa',
        dedupeKey: 'coupa-r-1',
        event: 'invoice.updated',
        objectType: 'invoice',
        objectId: String(inv.id),
        headers: {},
        body: '{}',
      },
      { kind: 'coupa-event', recordKey: `coupa:invoice:${String(inv.id)}`, payload: {}, maxAttempts: 1 },
    );
    await setDeliveryOutcome(world.store.db, delivery.id, { status: 'failed', attempts: 1, error: 'FreshBooks answered 503' });
    const [line] = (await reconcile()).lines;
    expect(line).toMatchObject({
      status: 'missing-in-freshbooks',
      label: 'invoice R-1 (Hartley Facilities Ltd)',
      action: { kind: 'replay', command: `ml-connector deliveries replay ${delivery.id}` },
    });
    // --fix leaves it to the replay (the delivery keeps its own record of what happened).
    expect((await fixReconciliation(scope(), PERIOD)).fixed).toEqual([]);
  });

  it('names the review an invoice waits in, keeps its candidate bill out of the unlinked ones, and flags a bill tagged for nothing', async () => {
    world.coupa.control.createInvoice({
      supplierId: hartley,
      invoiceNumber: 'SEED-1',
      currency: 'USD',
      status: 'approved',
      lines: [{ description: 'x', price: '10.00' }],
    });
    await world.sync();
    const vendorId = bill('INV SEED-1').vendorid;
    const categoryid = (bill('INV SEED-1').lines as unknown as Wire[])[0]?.categoryid;
    const keyed = (number: string, amount: string) =>
      world.freshbooks.control.createBill(world.accountId, {
        vendorid: vendorId,
        bill_number: number,
        issue_date: new Date().toISOString().slice(0, 10),
        currency_code: 'USD',
        lines: [{ categoryid, description: 'keyed by hand', quantity: '1', unit_cost: { amount, code: 'USD' } }],
      });
    // A person keyed invoice H-77 as "H-7 7" (a typo): the connector asks instead of guessing.
    const typo = keyed('HH-77', '212.00');
    world.coupa.control.createInvoice({
      supplierId: hartley,
      invoiceNumber: 'H-77',
      currency: 'USD',
      status: 'approved',
      lines: [{ description: 'Lift repair', price: '212.00' }],
    });
    // And someone copied a connector tag onto a bill of their own.
    const ghost = keyed('INV GHOST-9', '55.00');
    await world.sync();
    const report = await reconcile();
    expect(differences(report.lines)).toEqual([
      ['needs-person', 'invoice H-77 (Hartley Facilities Ltd)'],
      ['missing-in-coupa', `FreshBooks bill ${String(ghost.id)} (INV GHOST-9)`],
    ]);
    const waiting = report.lines[1]!;
    expect(waiting.action.kind).toBe('review');
    expect(waiting.action.command).toMatch(/^ml-connector review resolve \S+ --link BILL_ID \| --create$/);
    expect(waiting.message).toContain(String(typo.id));
    expect(report.lines.find((l) => l.label.includes('GHOST'))?.action).toMatchObject({
      kind: 'manual',
      text: expect.stringMatching(/delete bill \d+ in FreshBooks by hand/),
    });
  });
});
