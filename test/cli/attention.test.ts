/**
 * What a person does with what the connector left for them, through the real binary: the
 * attention list with what to do, resolving an item (with a retry that writes the bill again),
 * the cost-centre allocations export in all three formats, and the new tenant settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxes, type Sandboxes } from '../../src/sandbox/index.js';
import { connectToSandboxes, expectOneLineFailure, runCli, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const T = { timeout: 180_000 };

function json(result: CliResult): any {
  expect(result.stderr.split('\n').filter((l) => l.startsWith('error:'))).toEqual([]);
  return JSON.parse(result.stdout);
}

describe('attention and allocations through the real binary', () => {
  let sandboxes: Sandboxes;
  const dataDir = tempDir();
  const cli = (...args: string[]) => runCli(['--data-dir', dataDir, ...args], { timeoutMs: 90_000 });
  const account = 'NWCo01';
  const bills = () =>
    sandboxes.freshbooks.control.snapshot(account).bills as Array<{ id: number; bill_number: string | null; vis_state: number }>;

  beforeAll(async () => {
    sandboxes = await startSandboxes();
    expect((await cli('tenant', 'add', 'acme')).code).toBe(0);
    await connectToSandboxes(cli, sandboxes, 'acme');
  }, 120_000);
  afterAll(async () => sandboxes.close());

  it('lists a deleted bill for a person with what to do, and --retry --recreate-bill writes it again', T, async () => {
    const coupa = sandboxes.coupa.control;
    const supplier = coupa.createSupplier({ name: 'Attentive Plumbing Co' });
    coupa.createInvoice({
      supplierId: Number(supplier.id),
      invoiceNumber: 'AP-1',
      currency: 'USD',
      status: 'approved',
      lines: [{ description: 'Valve', price: '45.00' }],
    });
    expect((await cli('sync', '--tenant', 'acme')).code).toBe(0);
    const own = bills().find((b) => b.bill_number === 'INV AP-1')!;
    sandboxes.freshbooks.control.snapshot(account);
    const token = sandboxes.freshbooks.control.issueTokens().access_token;
    await fetch(`${sandboxes.credentials.freshbooks.apiUrl}/accounting/account/${account}/bills/bills/${own.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ bill: { vis_state: 1 } }),
    });

    const sync = await cli('sync', '--tenant', 'acme');
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/Needs a person \(also in `ml-connector attention list --tenant acme`\)/);
    expect(sync.stdout).toMatch(/bill .* of invoice AP-1 \(Attentive Plumbing Co\) was deleted in FreshBooks/);

    const list = await cli('attention', 'list', '--tenant', 'acme');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^att_\S+ {2}invoice AP-1 \(Attentive Plumbing Co\) {2}\[bill-deleted, since \d{4}-\d{2}-\d{2}\]/m);
    expect(list.stdout).toMatch(
      /→ Restore the bill in FreshBooks, or let the connector write a new one: `ml-connector attention resolve att_/,
    );
    const [item] = json(await cli('attention', 'list', '--tenant', 'acme', '--json')).items;
    expect(item).toMatchObject({ code: 'bill-deleted', recordKind: 'invoice', status: 'open' });

    const retry = await cli('attention', 'resolve', item.id, '--retry', '--recreate-bill');
    expect(retry.code).toBe(0);
    expect(retry.stdout).toMatch(/Resolved att_\S+: invoice AP-1 \(Attentive Plumbing Co\) synced \(1 write\(s\)\)/);
    expect(bills().filter((b) => b.bill_number === 'INV AP-1' && b.vis_state === 0)).toHaveLength(1);
    expect((await cli('attention', 'list', '--tenant', 'acme')).stdout).toMatch(/^Nothing needs a person\.$/m);
    expect(json(await cli('sync', '--tenant', 'acme', '--json'))).toMatchObject({ writes: 0 });
  });

  it('says what is wrong with bad input, on one line', T, async () => {
    expectOneLineFailure(await cli('attention', 'resolve', 'att_nope'), 2, /No attention item 'att_nope'/);
    expectOneLineFailure(await cli('attention', 'resolve', 'att_nope', '--recreate-bill'), 2, /--recreate-bill goes with --retry/);
    expectOneLineFailure(await cli('attention', 'list', '--tenant', 'nobody'), undefined, /nobody/);
    expectOneLineFailure(await cli('allocations', '--tenant', 'acme', '--from', '2026-13-01'), 2, /--from must be a date like 2026-01-31/);
    expectOneLineFailure(await cli('allocations', '--tenant', 'acme', '--from', '2026-06-02', '--to', '2026-06-01'), 2, /is after --to/);
    expectOneLineFailure(await cli('allocations', '--tenant', 'acme', '--format', 'xml'), 2, /--format must be one of table, json, csv/);
    expectOneLineFailure(await cli('tenant', 'settings', 'acme', '--deleted-bills', 'maybe'), 2, /--deleted-bills must be ask or recreate/);
    expectOneLineFailure(await cli('tenant', 'settings', 'acme', '--currencies', 'USD,euro'), 2, /three-letter ISO codes/);
    expectOneLineFailure(
      await cli('tenant', 'settings', 'acme', '--charge-category', 'freight=2003175'),
      2,
      /--charge-category takes tax, shipping, handling or misc before the '='; got 'freight'/,
    );
  });

  it('exports the cost-centre split of FreshBooks payments, per payment and per cost centre, in three formats', T, async () => {
    const set = ['--cost-centre-segment', '2', '--currencies', 'usd', '--retry-budget', '4', '--charge-category', 'shipping=2003175'];
    expect((await cli('tenant', 'settings', 'acme', ...set)).code).toBe(0);
    const settings = json(await cli('tenant', 'settings', 'acme', '--json')).settings;
    expect(settings).toMatchObject({ costCentreSegment: 2, currencies: ['USD'], retryBudget: 4, deletedBills: 'ask' });
    expect(settings.categoryMapping.chargeCategories).toEqual({ shipping: '2003175' });

    const coupa = sandboxes.coupa.control;
    const supplier = coupa.createSupplier({ name: 'Split Coding Ltd' });
    const invoice = coupa.createInvoice({
      supplierId: Number(supplier.id),
      invoiceNumber: 'SC-1',
      currency: 'USD',
      status: 'approved',
      lines: [
        { description: 'Ops', price: '60.00', accountCode: 'NW-OPS-6100' },
        { description: 'Finance', price: '40.00', accountCode: 'NW-FIN-6100' },
      ],
    });
    expect((await cli('sync', '--tenant', 'acme')).code).toBe(0);
    const bill = bills().find((b) => b.bill_number === 'INV SC-1')!;
    sandboxes.freshbooks.control.payBill(account, { billid: bill.id, amount: '50.00', paid_date: '2026-06-03' });
    expect((await cli('sync', '--tenant', 'acme')).code).toBe(0);
    const notes = (coupa.records('invoices').find((i) => i.id === invoice.id)!.payments as Array<{ notes: string }>).map((p) => p.notes);
    expect(notes).toEqual([expect.stringMatching(/^FreshBooks bill payment \d+ \| FIN 20\.00; OPS 30\.00$/)]);

    const table = await cli('allocations', '--tenant', 'acme', '--from', '2026-06-01', '--to', '2026-06-30');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^2026-06-03 {2}SC-1 +\d+ +FIN +USD +20\.00$/m);
    expect(table.stdout).toMatch(/^OPS +USD +1 payment\(s\) +30\.00$/m);
    const csv = await cli('allocations', '--tenant', 'acme', '--format', 'csv');
    expect(csv.stdout.trim().split('\n')).toEqual([
      'paid_date,invoice,bill_payment,cost_centre,currency,amount',
      expect.stringMatching(/^2026-06-03,SC-1,\d+,FIN,USD,20\.00$/),
      expect.stringMatching(/^2026-06-03,SC-1,\d+,OPS,USD,30\.00$/),
    ]);
    const data = json(await cli('allocations', '--tenant', 'acme', '--format', 'json'));
    expect(data.totals).toEqual([
      { costCentre: 'FIN', currency: 'USD', amount: '20.00', payments: 1 },
      { costCentre: 'OPS', currency: 'USD', amount: '30.00', payments: 1 },
    ]);
    expect((await cli('allocations', '--tenant', 'acme', '--to', '2026-05-31')).stdout).toMatch(/No payment was split/);
  });
});
