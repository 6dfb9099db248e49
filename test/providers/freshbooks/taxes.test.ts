/**
 * The port's `taxes()` over HTTP into the sandbox (paged, exact percentages, a typed scope
 * error without `user:taxes:read`), and bill line taxes: what goes on the wire
 * (`tax_name1`/`tax_percent1`, null without tax) and what comes back (Choices FB-54, FB-58,
 * FB-59, docs/api-notes.md). Plus the parsers on shapes the sandbox does not produce.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillDraft } from '../../../src/core/records.js';
import { Decimal } from '../../../src/lib/decimal.js';
import { REQUIRED_SCOPES } from '../../../src/providers/freshbooks/auth.js';
import { FreshBooksClient } from '../../../src/providers/freshbooks/client.js';
import { FreshBooksResponseError, FreshBooksScopeError } from '../../../src/providers/freshbooks/errors.js';
import { parseBill, parseTax } from '../../../src/providers/freshbooks/parse.js';
import { freshbooksPort } from '../../../src/providers/freshbooks/port.js';
import { memoryTokenStore, type FreshBooksTokens } from '../../../src/providers/freshbooks/tokens.js';
import type { FreshBooksSandbox } from '../../../src/sandbox/freshbooks/index.js';
import { FRESHBOOKS_DEMO, issueTokens, startSandbox } from '../../helpers/freshbooks.js';
import { bodyOf, urlOf } from '../fetch-input.js';

const d = (s: string) => Decimal.parse(s);
const ACCOUNT = FRESHBOOKS_DEMO.accountId;

describe('FreshBooks taxes and line taxes against the sandbox', () => {
  let sandbox: FreshBooksSandbox;
  const sent: Array<{ method: string; path: string; body: unknown }> = [];

  /** Records what is sent; `rewrite` may replace an answer (to play a FreshBooks that words things differently). */
  const spyFetch = (rewrite?: (path: string, res: Response) => Promise<Response>) =>
    (async (url: string | URL | Request, init?: RequestInit) => {
      const u = new URL(urlOf(url));
      const body = bodyOf(init);
      if (body !== undefined && !u.pathname.startsWith('/auth/'))
        sent.push({ method: init?.method ?? 'GET', path: u.pathname, body: JSON.parse(body) });
      const res = await fetch(url, init);
      return rewrite ? rewrite(u.pathname, res) : res;
    }) as typeof fetch;

  const clientWith = (tokens: FreshBooksTokens, fetchImpl: typeof fetch = spyFetch()) =>
    new FreshBooksClient({
      apiUrl: sandbox.url,
      accountId: ACCOUNT,
      app: { clientId: FRESHBOOKS_DEMO.clientId, clientSecret: FRESHBOOKS_DEMO.clientSecret, redirectUri: FRESHBOOKS_DEMO.redirectUri },
      tokens: memoryTokenStore(tokens),
      fetch: fetchImpl,
    });

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('the connector asks for user:taxes:read, and the demo app grants it', () => {
    expect(REQUIRED_SCOPES).toContain('user:taxes:read');
    expect(issueTokens(sandbox).scope.split(' ')).toContain('user:taxes:read');
  });

  it('taxes(): none at first, then every tax of every page as {id, name, percent} with exact percents', async () => {
    const port = freshbooksPort(clientWith(issueTokens(sandbox)));
    expect(await port.taxes()).toEqual([]);

    const gst = sandbox.control.createTax(ACCOUNT, { name: 'GST', amount: '5' });
    const qst = sandbox.control.createTax(ACCOUNT, { name: 'QST', amount: '9.975', number: 'QC-1', compound: true });
    // More than one page of 100: the client must follow `pages`.
    for (let i = 0; i < 100; i++) sandbox.control.createTax(ACCOUNT, { name: `Levy ${i}`, amount: '1.5' });

    const taxes = await port.taxes();
    expect(taxes).toHaveLength(102);
    expect(new Set(taxes.map((t) => t.id)).size).toBe(102);
    expect(Object.keys(taxes[0]!).sort()).toEqual(['id', 'name', 'percent']);
    expect(taxes.slice(0, 2).map((t) => [t.id, t.name, t.percent.toString()])).toEqual([
      [String(gst.taxid), 'GST', '5'],
      [String(qst.taxid), 'QST', '9.975'],
    ]);
    expect(taxes[1]!.percent.eq(d('9.975'))).toBe(true);
  });

  it('taxes() without user:taxes:read fails with the scope error naming the scope', async () => {
    const port = freshbooksPort(
      clientWith(
        issueTokens(
          sandbox,
          REQUIRED_SCOPES.filter((s) => s !== 'user:taxes:read'),
        ),
      ),
    );
    const err: unknown = await port.taxes().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FreshBooksScopeError);
    const scopeError = err as FreshBooksScopeError;
    expect(scopeError.code).toBe('freshbooks_scope');
    expect(scopeError.status).toBe(403);
    expect(scopeError.missingScopes).toEqual(['user:taxes:read']);
    expect(scopeError.oneLine()).toMatch(/lacks scope user:taxes:read .*re-authorise/);
  });

  it('taxes() names user:taxes:read even when FreshBooks\u2019 403 does not', async () => {
    const terse = spyFetch(async (path, res) => {
      if (!path.endsWith('/taxes/taxes') || res.status !== 403) return res;
      const body = { code: 7, message: 'Request failed with status_code: 403', details: [] };
      return new Response(JSON.stringify(body), { status: 403, headers: { 'content-type': 'application/json' } });
    });
    const port = freshbooksPort(clientWith(issueTokens(sandbox, ['user:bills:read']), terse));
    const err: unknown = await port.taxes().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FreshBooksScopeError);
    expect((err as FreshBooksScopeError).missingScopes).toEqual(['user:taxes:read']);
  });

  it('a bill line with a tax is written as tax_name1/tax_percent1 and read back with FreshBooks\u2019 tax; a line without stays without', async () => {
    const client = clientWith(issueTokens(sandbox));
    const port = freshbooksPort(client);
    const categoryId = (await port.categories())[0]!.id;
    const vendor = await port.createVendor({
      vendorName: 'Taxed Vendor',
      primaryContactFirstName: null,
      primaryContactLastName: null,
      primaryContactEmail: null,
      street: null,
      street2: null,
      city: null,
      province: null,
      postalCode: null,
      country: null,
      phone: null,
      website: null,
      currencyCode: 'CAD',
    });
    const draft: BillDraft = {
      vendorId: vendor.id,
      billNumber: 'INV-77',
      issueDate: '2024-03-01',
      dueOffsetDays: 30,
      currency: 'CAD',
      lines: [
        { description: 'Consulting', quantity: d('3'), unitCost: d('33.33'), categoryId, tax: { name: 'GST', percent: d('5.00') } },
        { description: 'Supplies', quantity: d('1'), unitCost: d('10.00'), categoryId, tax: { name: 'QST', percent: d('9.975') } },
        { description: 'Postage', quantity: d('1'), unitCost: d('4.50'), categoryId },
      ],
    };
    const bill = await port.createBill(draft);
    const lines = (sent.at(-1)!.body as { bill: { lines: Array<Record<string, unknown>> } }).bill.lines;
    expect(lines.map((l) => [l.tax_name1, l.tax_percent1])).toEqual([
      ['GST', '5'],
      ['QST', '9.975'],
      [null, null],
    ]);

    expect(bill.lines[0]!.tax).toEqual({ name: 'GST', percent: expect.any(Decimal) as unknown });
    expect(bill.lines.map((l) => (l.tax ? [l.tax.name, l.tax.percent.toString()] : null))).toEqual([['GST', '5'], ['QST', '9.975'], null]);
    expect(bill.lines[2]).not.toHaveProperty('tax');
    // 99.99 + 10.00 + 4.50 = 114.49; tax 5.00 (99.99 × 5 %) + 1.00 (10.00 × 9.975 %, half-up) = 6.00.
    expect(bill.total.toString()).toBe('120.49');
    const wire = await client.bills.getWire(bill.id);
    expect(wire.tax_amount).toEqual({ amount: '6.00', code: 'CAD' });
    expect((wire.lines as Array<Record<string, unknown>>).map((l) => l.tax_amount1)).toEqual([
      { amount: '5.00', code: 'CAD' },
      { amount: '1.00', code: 'CAD' },
      null,
    ]);

    // Read again (not the create's answer), and after an update that drops a tax.
    const read = (await port.bill(bill.id))!;
    expect(read.lines.map((l) => l.tax?.name ?? null)).toEqual(['GST', 'QST', null]);
    const updated = await port.updateBill(bill.id, { ...draft, lines: [{ ...draft.lines[0]!, tax: undefined }, draft.lines[1]!] });
    expect(updated.lines.map((l) => l.tax?.name ?? null)).toEqual([null, 'QST']);
    expect(updated.total.toString()).toBe('110.99'); // 99.99 + 10.00 + 1.00
  });
});

describe('tax parsers', () => {
  const line = { description: 'x', quantity: '1', unit_cost: { amount: '10.00', code: 'USD' }, categoryid: 5 };
  const bill = (lines: unknown[]) => ({
    id: 9,
    vendorid: 5,
    issue_date: '2024-01-01',
    currency_code: 'USD',
    total_amount: { amount: '10.00', code: 'USD' },
    lines,
  });
  const taxOf = (extra: Record<string, unknown>) => parseBill(bill([{ ...line, ...extra }])).lines[0]!.tax;

  it('reads a line tax from tax_name1/tax_percent1; nulls or empties mean none; tax 2 is not read', () => {
    expect(taxOf({ tax_name1: 'HST', tax_percent1: '13' })).toEqual({ name: 'HST', percent: d('13') });
    expect(taxOf({ tax_name1: 'HST', tax_percent1: 13 })?.percent.toString()).toBe('13');
    expect(taxOf({ tax_name1: 'X', tax_percent1: 8.875 })?.percent.toString()).toBe('8.875');
    expect(taxOf({ tax_name1: null, tax_percent1: null })).toBeUndefined();
    expect(taxOf({ tax_name1: '', tax_percent1: '' })).toBeUndefined();
    expect(taxOf({})).toBeUndefined();
    expect(taxOf({ tax_name2: 'QST', tax_percent2: '9.975' })).toBeUndefined();
  });

  it('a name without a percent is a 0 % tax, a percent without a name a tax named \u2018\u2019 (FB-59)', () => {
    expect(taxOf({ tax_name1: 'Exempt', tax_percent1: null })).toEqual({ name: 'Exempt', percent: Decimal.ZERO });
    expect(taxOf({ tax_name1: null, tax_percent1: '7' })).toEqual({ name: '', percent: d('7') });
  });

  it('refuses a line tax it cannot read exactly, naming the line and field', () => {
    expect(() => taxOf({ tax_name1: 'GST', tax_percent1: 'five' })).toThrow(FreshBooksResponseError);
    expect(() => taxOf({ tax_name1: 'GST', tax_percent1: 'five' })).toThrow(/bill 9 line 1\.tax_percent1 is not a decimal string/);
    expect(() => taxOf({ tax_name1: 42, tax_percent1: '5' })).toThrow(/bill 9 line 1\.tax_name1 is not text/);
  });

  it('parses a business tax, and refuses one without a name or a percent', () => {
    const wire = {
      taxid: 11,
      id: 11,
      name: 'GST',
      amount: '5',
      number: '',
      compound: false,
      accounting_systemid: 'AB1',
      updated: '2024-01-01 00:00:00',
    };
    expect(parseTax(wire)).toEqual({ id: '11', name: 'GST', percent: d('5'), number: null, compound: false });
    expect(parseTax({ ...wire, taxid: undefined, number: 'RT0001', compound: true })).toMatchObject({
      id: '11',
      number: 'RT0001',
      compound: true,
    });
    expect(() => parseTax({ ...wire, name: null })).toThrow(/tax 11 has no name/);
    expect(() => parseTax({ ...wire, amount: null })).toThrow(/tax 11\.amount is not a decimal string/);
  });
});
