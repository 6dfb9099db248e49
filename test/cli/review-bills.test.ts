/**
 * Bill reviews through the real binary: a bill a person may have keyed by hand for a Coupa
 * invoice is listed beside the invoice; `review resolve ID --link BILL_ID` adopts it (as
 * typed) and `--create` writes a new bill, each syncing the invoice's payments at once.
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

describe('bill reviews through the real binary', () => {
  let sandboxes: Sandboxes;
  const dataDir = tempDir();
  const cli = (...args: string[]) => runCli(['--data-dir', dataDir, ...args], { timeoutMs: 90_000 });
  const account = 'NWCo01';
  const bills = () =>
    sandboxes.freshbooks.control.snapshot(account).bills as Array<{
      id: number;
      bill_number: string | null;
      vis_state: number;
      total_amount: { amount: string };
    }>;

  beforeAll(async () => {
    sandboxes = await startSandboxes();
    expect((await cli('tenant', 'add', 'acme', '--start-date', '2025-01-01')).code).toBe(0);
    await connectToSandboxes(cli, sandboxes, 'acme');
  }, 120_000);
  afterAll(async () => sandboxes.close());

  it('lists the invoice beside its candidate bills; --link adopts one as typed, --create writes a new one', T, async () => {
    const coupa = sandboxes.coupa.control;
    const fb = sandboxes.freshbooks.control;
    const supplier = coupa.createSupplier({ name: 'Keyed By Hand Joinery' });
    const vendor = fb.createVendor(account, { vendor_name: 'Keyed By Hand Joinery', currency_code: 'USD' });
    const token = fb.issueTokens().access_token;
    const listed = (await (
      await fetch(`${sandboxes.credentials.freshbooks.apiUrl}/accounting/account/${account}/expenses/categories`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { response: { result: { categories: Array<{ id: number }> } } };
    const categoryid = listed.response.result.categories[0]!.id;
    const typed = (billNumber: string, amount: string, date: string) =>
      Number(
        fb.createBill(account, {
          vendorid: vendor.vendorid,
          bill_number: billNumber,
          issue_date: date,
          currency_code: 'USD',
          lines: [{ categoryid, description: 'Typed by hand', quantity: '1', unit_cost: { amount, code: 'USD' } }],
        }).id,
      );
    const invoice = (invoiceNumber: string, price: string, date: string) =>
      coupa.createInvoice({
        supplierId: Number(supplier.id),
        invoiceNumber,
        currency: 'USD',
        status: 'approved',
        invoiceDate: `${date}T12:00:00-07:00`,
        lines: [{ description: 'Joinery', price }],
      });
    const typo = typed('KB-5010', '120.00', '2026-04-03');
    const sameAmount = typed('April shelves', '340.00', '2026-04-04');
    const paidTypo = invoice('KB-5001', '120.00', '2026-04-02');
    invoice('KB-5002', '340.00', '2026-04-03');
    coupa.recordPayment(Number(paidTypo.id), { amount: '120.00', date: '2026-04-20', notes: 'cheque 7' });

    expect((await cli('sync', '--tenant', 'acme')).code).toBe(0);
    const list = await cli('review', 'list', '--tenant', 'acme');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      /^rev_\S+ {2}invoice KB-5001 dated 2026-04-02 totals 120\.00 USD \(supplier \d+ "Keyed By Hand Joinery"\)/m,
    );
    expect(list.stdout).toContain(
      `    candidate bill ${typo}: "KB-5010" dated 2026-04-03 totals 120.00 USD — its number "KB-5010" is one typo away`,
    );
    expect(list.stdout).toMatch(/invoice KB-5002 dated 2026-04-03 totals 340\.00 USD/);
    expect(list.stdout).toContain(`    candidate bill ${sameAmount}: "April shelves" dated 2026-04-04 totals 340.00 USD — same amount`);
    const reviews = json(await cli('review', 'list', '--tenant', 'acme', '--json')).reviews.filter((r: any) => r.kind === 'bill');
    expect(reviews.map((r: any) => r.invoice.invoiceNumber)).toEqual(['KB-5001', 'KB-5002']);
    const [first, second] = reviews;

    expectOneLineFailure(
      await cli('review', 'resolve', first.id, '--link', '999999'),
      undefined,
      /cannot become the bill of invoice KB-5001/,
    );

    const linked = await cli('review', 'resolve', first.id, '--link', String(typo), '--json');
    expect(linked.code).toBe(0);
    expect(json(linked)).toMatchObject({ kind: 'bill', billId: String(typo), created: false, failures: 0 });
    expect(bills().find((b) => b.id === typo)).toMatchObject({ bill_number: 'KB-5010', vis_state: 0 });
    // Its Coupa payment went to the adopted bill at once, once.
    const payments = fb.snapshot(account).bill_payments as Array<{ billid: number }>;
    expect(payments.filter((p) => p.billid === typo)).toHaveLength(1);

    const created = await cli('review', 'resolve', second.id, '--create');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Invoice KB-5002 got a new bill \d+; its payments were synced\.$/m);
    expect(bills().filter((b) => b.bill_number === 'INV KB-5002' && b.vis_state === 0)).toHaveLength(1);
    expect(bills().find((b) => b.id === sameAmount)).toMatchObject({ bill_number: 'April shelves', vis_state: 0 });

    expectOneLineFailure(await cli('review', 'resolve', second.id, '--create'), undefined, /already resolved/);
    const again = json(await cli('sync', '--tenant', 'acme', '--json'));
    expect(again).toMatchObject({ writes: 0, failures: 0 });
    expect(json(await cli('review', 'list', '--tenant', 'acme', '--json')).reviews.filter((r: any) => r.kind === 'bill')).toEqual([]);
  });
});
