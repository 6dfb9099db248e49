/**
 * The business's taxes (`taxes/taxes`, Choice FB-58, docs/api-notes.md): none in a new account,
 * created through the API (user:taxes:write) or the control routes, listed and read with
 * user:taxes:read; and bill lines naming a tax the business does not have (Choice FB-54).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FRESHBOOKS_DEMO } from '../../../src/sandbox/freshbooks/index.js';
import { ACCOUNT, clientFor, newBill, startHarness, type Harness } from './helpers.js';

const usd = (amount: string) => ({ amount, code: 'USD' });

describe('FreshBooks sandbox taxes', () => {
  let h: Harness;
  beforeEach(async () => {
    // The demo app reads taxes only; this one may create them too.
    h = await startHarness({
      apps: [
        {
          clientId: FRESHBOOKS_DEMO.clientId,
          clientSecret: FRESHBOOKS_DEMO.clientSecret,
          redirectUris: [FRESHBOOKS_DEMO.redirectUri],
          scopes: [...FRESHBOOKS_DEMO.scopes, 'user:taxes:write'],
        },
      ],
    });
  });
  afterEach(() => h.close());

  const narrowApi = (scopes: string[]) => {
    const token = h.fb.control.issueTokens({ scopes }).access_token;
    const api = clientFor(h.fb.url, token);
    return (method: string, path: string, body?: unknown) => api(method, `/accounting/account/${ACCOUNT}/${path}`, body);
  };

  it('a new account has no taxes', async () => {
    const res = await h.acct('GET', 'taxes/taxes');
    expect(res.status).toBe(200);
    expect(res.body.response.result).toEqual({ taxes: [], page: 1, pages: 0, per_page: 15, total: 0 });
  });

  it('creates a tax, then lists and reads it; the percent is a decimal string', async () => {
    const created = await h.acct('POST', 'taxes/taxes', { tax: { name: 'GST', amount: '5', number: null, compound: false } });
    expect(created.status).toBe(200);
    const gst = created.body.response.result.tax;
    expect(gst).toEqual({
      taxid: gst.id,
      id: gst.id,
      name: 'GST',
      amount: '5',
      number: null,
      compound: false,
      accounting_systemid: ACCOUNT,
      updated: '2024-03-10 12:00:00',
    });
    const qst = (await h.acct('POST', 'taxes/taxes', { tax: { name: 'QST', amount: '9.9750', number: 'QC-1234', compound: true } })).body
      .response.result.tax;
    expect(qst).toMatchObject({ name: 'QST', amount: '9.975', number: 'QC-1234', compound: true });

    const list = (await h.acct('GET', 'taxes/taxes')).body.response.result;
    expect(list).toMatchObject({ page: 1, pages: 1, total: 2 });
    expect(list.taxes).toEqual([gst, qst]);
    expect((await h.acct('GET', `taxes/taxes/${qst.id}`)).body.response.result.tax).toEqual(qst);
    expect((await h.acct('GET', 'taxes/taxes?search[name]=gst')).body.response.result.taxes).toEqual([gst]);
    expect((await h.acct('GET', 'taxes/taxes/1')).status).toBe(404);
  });

  it('refuses a tax without a name or with a percent that is not 0–100', async () => {
    const errorsOf = async (tax: unknown) => {
      const res = await h.acct('POST', 'taxes/taxes', { tax });
      expect(res.status).toBe(422);
      return res.body.response.errors.map((e: any) => [e.errno, e.field]);
    };
    expect(await errorsOf({})).toEqual([
      [1001, 'name'],
      [1001, 'amount'],
    ]);
    expect(await errorsOf({ name: 'GST', amount: 'five' })).toEqual([[1004, 'amount']]);
    expect(await errorsOf({ name: 'GST', amount: '100.5' })).toEqual([[1018, 'amount']]);
    expect(await errorsOf({ name: 'GST', amount: '-1' })).toEqual([[1018, 'amount']]);
  });

  it('needs user:taxes:read to list and user:taxes:write to create, naming the scope in the 403', async () => {
    const billsOnly = narrowApi(['user:bills:read']);
    const list = await billsOnly('GET', 'taxes/taxes');
    expect(list.status).toBe(403);
    expect(list.body.details[0]).toMatchObject({ reason: '1003', metadata: { object: 'scope', value: 'user:taxes:read' } });
    expect(list.body.details[0].metadata.message).toMatch(/requires: user:taxes:read/);

    const readOnly = narrowApi(['user:taxes:read']);
    expect((await readOnly('GET', 'taxes/taxes')).status).toBe(200);
    const create = await readOnly('POST', 'taxes/taxes', { tax: { name: 'GST', amount: '5' } });
    expect(create.status).toBe(403);
    expect(create.body.details[0].metadata.value).toBe('user:taxes:write');
    expect((await h.acct('GET', 'taxes/taxes')).body.response.result.total).toBe(0);
  });

  it('the control routes add taxes as a person would in the settings, bare or wrapped', async () => {
    const admin = clientFor(h.fb.url);
    const bare = await admin('POST', `/_sandbox/accounts/${ACCOUNT}/taxes`, { name: 'HST', amount: '13' });
    expect(bare.status).toBe(201);
    expect(bare.body.tax).toMatchObject({ name: 'HST', amount: '13', compound: false, number: null });
    const wrapped = await admin('POST', `/_sandbox/accounts/${ACCOUNT}/taxes`, { tax: { name: 'PST', amount: 7 } });
    expect(wrapped.body.tax).toMatchObject({ name: 'PST', amount: '7' });
    const bad = await admin('POST', `/_sandbox/accounts/${ACCOUNT}/taxes`, { name: 'No rate' });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ error: 'validation', errors: [{ errno: 1001, field: 'amount' }] });

    const programmatic = h.fb.control.createTax(ACCOUNT, { name: 'VAT', amount: '20' });
    expect(h.fb.control.snapshot(ACCOUNT).taxes.map((t) => [t.name, t.amount])).toEqual([
      ['HST', '13'],
      ['PST', '7'],
      ['VAT', '20'],
    ]);
    const listed = (await h.acct('GET', 'taxes/taxes')).body.response.result.taxes;
    expect(listed.at(-1)).toEqual(programmatic);
  });

  it('a bill line may name a tax the business does not have: the name is kept and the percent sent is charged', async () => {
    h.fb.control.createTax(ACCOUNT, { name: 'GST', amount: '5' });
    const bill = await newBill(h.acct, {}, { quantity: 2, unit_cost: usd('50.00'), tax_name1: 'Local levy', tax_percent1: '2.5' });
    expect(bill.lines[0]).toMatchObject({ tax_name1: 'Local levy', tax_percent1: '2.5', tax_amount1: usd('2.50') });
    expect(bill).toMatchObject({ amount: usd('100.00'), tax_amount: usd('2.50'), total_amount: usd('102.50') });
    // A known name with another percent: the line's percent is the one charged.
    const other = await newBill(h.acct, {}, { quantity: 1, unit_cost: usd('100.00'), tax_name1: 'GST', tax_percent1: '7' });
    expect(other.lines[0]).toMatchObject({ tax_name1: 'GST', tax_percent1: '7', tax_amount1: usd('7.00') });
  });
});
