/** Bill vendors: envelope, fields, paging, search, vis_state rules, balances, seed data. */
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT, newBill, newVendor, startHarness, type Harness } from './helpers.js';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('FreshBooks sandbox bill vendors', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('creates and reads a vendor in the response.result envelope, keyed by vendorid', async () => {
    h = await startHarness();
    const res = await h.acct('POST', 'bill_vendors/bill_vendors', {
      bill_vendor: {
        vendor_name: 'IKEA',
        primary_contact_email: 'jm@example.com',
        city: 'San Francisco',
        country: 'United States',
        currency_code: 'USD',
        is_1099: false,
        tax_defaults: [{ taxid: 1, system_taxid: 36859, enabled: true }],
        primary_contact: null,
      },
    });
    expect(res.status).toBe(200);
    const v = res.body.response.result.bill_vendor;
    expect(v).toMatchObject({
      vendor_name: 'IKEA',
      city: 'San Francisco',
      currency_code: 'USD',
      language: 'en',
      vis_state: 0,
      outstanding_balance: [],
      overdue_balance: [],
    });
    expect(v.vendorid).toBeTypeOf('number');
    expect(v).not.toHaveProperty('id');
    expect(v.created_at).toBe('2024-03-10 12:00:00');
    expect(v.updated_at).toMatch(TIMESTAMP);
    expect(v.tax_defaults[0]).toMatchObject({ taxid: 1, system_taxid: 36859, enabled: true, vendorid: v.vendorid });
    const got = await h.acct('GET', `bill_vendors/bill_vendors/${v.vendorid}`);
    expect(got.body).toEqual({ response: { result: { bill_vendor: v } } });
  });

  it('edits only the fields sent and moves updated_at', async () => {
    h = await startHarness();
    const v = await newVendor(h.acct, { city: 'Lyon', phone: '123' });
    h.clock.advance(3_600_000);
    const res = await h.acct('PUT', `bill_vendors/bill_vendors/${v.vendorid}`, { bill_vendor: { city: 'Paris', website: 'acme.example' } });
    const after = res.body.response.result.bill_vendor;
    expect(after).toMatchObject({ city: 'Paris', website: 'acme.example', phone: '123', vendor_name: v.vendor_name });
    expect(after.updated_at).toBe('2024-03-10 13:00:00');
    expect(after.created_at).toBe(v.created_at);
  });

  it('validates with errno and field', async () => {
    h = await startHarness();
    const res = await h.acct('POST', 'bill_vendors/bill_vendors', { bill_vendor: { vendor_name: '', currency_code: 'usd' } });
    expect(res.status).toBe(422);
    expect(res.body.response.errors).toEqual([
      { errno: 1001, field: 'vendor_name', message: 'This field is required.', object: 'bill_vendor' },
      expect.objectContaining({ errno: 1004, field: 'currency_code', object: 'bill_vendor', value: 'usd' }),
    ]);
    const unwrapped = await h.acct('POST', 'bill_vendors/bill_vendors', { vendor_name: 'No wrapper' });
    expect(unwrapped.status).toBe(422);
    expect(unwrapped.body.response.errors[0]).toMatchObject({ errno: 1001, field: 'bill_vendor' });
  });

  it('pages: default 15, per_page capped at 100, page 0 is page 1, past the end is empty', async () => {
    h = await startHarness({
      data: {
        vendors: Array.from({ length: 120 }, (_, i) => ({ vendor_name: `Vendor ${String(i).padStart(3, '0')}`, currency_code: 'USD' })),
      },
    });
    const first = (await h.acct('GET', 'bill_vendors/bill_vendors')).body.response.result;
    expect(first.bill_vendors).toHaveLength(15);
    expect([first.page, first.pages, first.per_page, first.total]).toEqual([1, 8, 15, 120]);
    const capped = (await h.acct('GET', 'bill_vendors/bill_vendors?per_page=500')).body.response.result;
    expect([capped.bill_vendors.length, capped.per_page, capped.pages]).toEqual([100, 100, 2]);
    const zero = (await h.acct('GET', 'bill_vendors/bill_vendors?page=0&per_page=10')).body.response.result;
    expect(zero.page).toBe(1);
    expect(zero.bill_vendors[0].vendor_name).toBe('Vendor 000');
    const second = (await h.acct('GET', 'bill_vendors/bill_vendors?page=2&per_page=10')).body.response.result;
    expect(second.bill_vendors[0].vendor_name).toBe('Vendor 010');
    const past = (await h.acct('GET', 'bill_vendors/bill_vendors?page=99')).body.response.result;
    expect(past).toMatchObject({ bill_vendors: [], page: 99, total: 120 });
  });

  it('searches by name (equals and _like), ids and updated_min; sorts by name', async () => {
    h = await startHarness();
    const a = await newVendor(h.acct, { vendor_name: 'Acme Inc.' });
    const b = await newVendor(h.acct, { vendor_name: 'ACME Holdings' });
    h.advanceDays(2);
    const c = await newVendor(h.acct, { vendor_name: 'Zeta Papier' });
    const names = async (q: string) =>
      (await h!.acct('GET', `bill_vendors/bill_vendors?${q}`)).body.response.result.bill_vendors.map((v: any) => v.vendor_name);
    expect(await names('search[vendor_name]=acme%20inc.')).toEqual(['Acme Inc.']);
    expect(await names('search[vendor_name_like]=acme')).toEqual(['Acme Inc.', 'ACME Holdings']);
    expect(await names(`search[ids][]=${a.vendorid}&search[ids][]=${c.vendorid}`)).toEqual(['Acme Inc.', 'Zeta Papier']);
    expect(await names('search[updated_min]=2024-03-12')).toEqual(['Zeta Papier']);
    expect(await names('search[updated_max]=2024-03-10')).toEqual(['Acme Inc.', 'ACME Holdings']);
    // Case-insensitive order.
    expect(await names('sort=vendor_name_desc')).toEqual(['Zeta Papier', 'Acme Inc.', 'ACME Holdings']);
    expect(b.vendorid).toBeGreaterThan(a.vendorid);
  });

  it('vis_state: a PUT carrying it changes only vis_state; lists hide deleted, show archived', async () => {
    h = await startHarness();
    const keep = await newVendor(h.acct, { vendor_name: 'Keep' });
    const archive = await newVendor(h.acct, { vendor_name: 'Archive me' });
    const del = await newVendor(h.acct, { vendor_name: 'Delete me' });
    const res = await h.acct('PUT', `bill_vendors/bill_vendors/${del.vendorid}`, {
      bill_vendor: { vis_state: 1, vendor_name: 'Renamed', city: 'Oslo' },
    });
    expect(res.status).toBe(200);
    expect(res.body.response.result.bill_vendor).toMatchObject({ vis_state: 1, vendor_name: 'Delete me', city: null });
    // vis_state unchanged but present: the other fields are still dropped.
    const noop = await h.acct('PUT', `bill_vendors/bill_vendors/${keep.vendorid}`, {
      bill_vendor: { vis_state: 0, vendor_name: 'Ignored' },
    });
    expect(noop.body.response.result.bill_vendor.vendor_name).toBe('Keep');
    await h.acct('PUT', `bill_vendors/bill_vendors/${archive.vendorid}`, { bill_vendor: { vis_state: 2 } });

    const list = async (q = '') =>
      (await h!.acct('GET', `bill_vendors/bill_vendors${q}`)).body.response.result.bill_vendors.map((v: any) => [
        v.vendor_name,
        v.vis_state,
      ]);
    expect(await list()).toEqual([
      ['Keep', 0],
      ['Archive me', 2],
    ]);
    expect(await list('?search[vis_state]=1')).toEqual([['Delete me', 1]]);
    expect(await list('?search[vis_state]=2')).toEqual([['Archive me', 2]]);
    // A deleted vendor can still be read, and restored.
    expect((await h.acct('GET', `bill_vendors/bill_vendors/${del.vendorid}`)).body.response.result.bill_vendor.vis_state).toBe(1);
    await h.acct('PUT', `bill_vendors/bill_vendors/${del.vendorid}`, { bill_vendor: { vis_state: '0' } });
    expect((await list()).length).toBe(3);
    const bad = await h.acct('PUT', `bill_vendors/bill_vendors/${keep.vendorid}`, { bill_vendor: { vis_state: 7 } });
    expect(bad.status).toBe(422);
    expect(bad.body.response.errors[0]).toMatchObject({ errno: 1004, field: 'vis_state' });
  });

  it('derives outstanding and overdue balances per currency from the bills', async () => {
    h = await startHarness();
    const v = await newVendor(h.acct);
    await newBill(h.acct, { vendorid: v.vendorid, issue_date: '2024-01-01', due_offset_days: 10 }); // 80.00 USD, overdue
    await newBill(h.acct, { vendorid: v.vendorid, issue_date: '2024-03-09' }, { quantity: 1, unit_cost: { amount: '12.34', code: 'USD' } }); // 12.34, not due
    await newBill(h.acct, { vendorid: v.vendorid, currency_code: 'CAD' }, { quantity: 1, unit_cost: { amount: '5.00', code: 'CAD' } });
    const gone = await newBill(h.acct, { vendorid: v.vendorid }, { quantity: 1, unit_cost: { amount: '1000.00', code: 'USD' } });
    await h.acct('PUT', `bills/bills/${gone.id}`, { bill: { vis_state: 1 } });
    const got = (await h.acct('GET', `bill_vendors/bill_vendors/${v.vendorid}`)).body.response.result.bill_vendor;
    expect(got.outstanding_balance).toEqual([{ amount: { amount: '5.00', code: 'CAD' } }, { amount: { amount: '92.34', code: 'USD' } }]);
    expect(got.overdue_balance).toEqual([{ amount: { amount: '80.00', code: 'USD' } }]);
  });

  it('starts with the seed vendors in the first business', async () => {
    h = await startHarness({
      data: {
        vendors: [
          {
            vendor_name: 'Société Générale d’Équipement',
            currency_code: 'EUR',
            city: 'Lyon',
            country: 'France',
            primary_contact_email: null,
            phone: '+33 4 00 00 00 00',
            website: 'sge.example',
          },
        ],
      },
    });
    const list = (await h.acct('GET', 'bill_vendors/bill_vendors')).body.response.result.bill_vendors;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      vendor_name: 'Société Générale d’Équipement',
      currency_code: 'EUR',
      city: 'Lyon',
      website: 'sge.example',
    });
    expect(h.fb.control.snapshot(ACCOUNT).bill_vendors).toHaveLength(1);
  });
});
