/** Bills: line math, derived fields, status, include, search, sort, vis_state, edits, validation. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newBill, newVendor, someCategory, startHarness, type Harness } from './helpers.js';

const usd = (amount: string) => ({ amount, code: 'USD' });

describe('FreshBooks sandbox bills', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const pay = (billid: number, amount: string) =>
    h.acct('POST', 'bill_payments/bill_payments', {
      bill_payment: { billid, amount: usd(amount), paid_date: '2024-03-10', payment_type: 'Check' },
    });
  const getBill = async (id: number, q = '') => (await h.acct('GET', `bills/bills/${id}${q}`)).body.response.result.bill;

  describe('line math (exact, per line, half-up to the cent)', () => {
    it('quantity × unit cost, tax per line, totals', async () => {
      const bill = await newBill(h.acct, {}, { quantity: 3, unit_cost: usd('33.33'), tax_name1: 'HST', tax_percent1: 13 });
      expect(bill.lines[0]).toMatchObject({
        quantity: '3',
        unit_cost: usd('33.33'),
        amount: usd('99.99'),
        tax_amount1: usd('13.00'),
        total_amount: usd('112.99'),
        tax_percent1: '13',
      });
      expect(bill).toMatchObject({
        amount: usd('99.99'),
        tax_amount: usd('13.00'),
        total_amount: usd('112.99'),
        paid: usd('0.00'),
        outstanding: usd('112.99'),
      });
    });

    it('decimal quantities round half-up; quantity is a string in responses', async () => {
      const bill = await newBill(h.acct, {}, { quantity: '1.5', unit_cost: { amount: 10.01, code: 'USD' } });
      expect(bill.lines[0].quantity).toBe('1.5');
      expect(bill.lines[0].amount).toEqual(usd('15.02'));
    });

    it('two taxes, simple and compounded', async () => {
      const simple = await newBill(
        h.acct,
        {},
        { quantity: 1, unit_cost: usd('100.00'), tax_name1: 'GST', tax_percent1: '5', tax_name2: 'QST', tax_percent2: '9.975' },
      );
      expect(simple.lines[0]).toMatchObject({
        tax_amount1: usd('5.00'),
        tax_amount2: usd('9.98'),
        total_amount: usd('114.98'),
        tax_percent2: '9.975',
      });
      const compound = await newBill(
        h.acct,
        {},
        { quantity: 1, unit_cost: usd('100.00'), tax_percent1: 5, tax_percent2: 10, compounded_tax: true },
      );
      expect(compound.lines[0]).toMatchObject({ tax_amount1: usd('5.00'), tax_amount2: usd('10.50'), total_amount: usd('115.50') });
      expect(compound.tax_amount).toEqual(usd('15.50'));
    });

    it('rounds each line before summing', async () => {
      const categoryid = await someCategory(h.acct);
      const vendor = await newVendor(h.acct);
      const line = { categoryid, quantity: 1, unit_cost: usd('0.05'), tax_percent1: 50 };
      const res = await h.acct('POST', 'bills/bills', {
        bill: { vendorid: vendor.vendorid, issue_date: '2024-03-01', currency_code: 'USD', lines: [line, line] },
      });
      const bill = res.body.response.result.bill;
      expect(bill.lines.map((l: any) => l.tax_amount1.amount)).toEqual(['0.03', '0.03']);
      expect(bill.tax_amount).toEqual(usd('0.06'));
      expect(bill.total_amount).toEqual(usd('0.16'));
      expect(bill.lines.map((l: any) => l.list_index)).toEqual([1, 2]);
    });
  });

  it('derives due_date, overall fields, lines with categoryid and the category object', async () => {
    const categoryid = await someCategory(h.acct, 'Office Supplies');
    const vendor = await newVendor(h.acct);
    // Ids as strings, as the docs and Postman send them.
    const res = await h.acct('POST', 'bills/bills', {
      bill: {
        vendorid: String(vendor.vendorid),
        bill_number: 'INV-7781',
        issue_date: '2020-10-09',
        due_offset_days: '39',
        currency_code: 'USD',
        language: 'en',
        attachment: null,
        previous_vendor_id: null,
        lines: [
          { categoryid: String(categoryid), description: 'Malm Side Table', quantity: 1, unit_cost: usd('125.00') },
          { categoryid, description: 'Lamp', quantity: 2, unit_cost: usd('125.00') },
        ],
      },
    });
    expect(res.status).toBe(200);
    const bill = res.body.response.result.bill;
    expect(bill).toMatchObject({
      vendorid: vendor.vendorid,
      bill_number: 'INV-7781',
      status: 'overdue',
      vis_state: 0,
      issue_date: '2020-10-09',
      due_offset_days: 39,
      due_date: '2020-11-17',
      overall_category: 'Office Supplies',
      overall_description: 'Malm Side Table',
      bill_payments: [],
      created_at: '2024-03-10 12:00:00',
      amount: usd('375.00'),
    });
    expect(bill.lines[0].categoryid).toBe(categoryid);
    expect(bill.lines[0].category).toMatchObject({ category: 'Office Supplies', categoryid, id: categoryid, is_editable: false });
    expect(bill.vendor).toBeUndefined();
  });

  it('status: unpaid → partial → paid; overdue after the due date, ahead of partial', async () => {
    const bill = await newBill(h.acct); // 80.00, due 2024-03-31
    expect(bill.status).toBe('unpaid');
    await pay(bill.id, '30.00');
    expect((await getBill(bill.id)).status).toBe('partial');
    h.advanceDays(21); // 2024-03-31: due today is not overdue
    expect((await getBill(bill.id)).status).toBe('partial');
    h.advanceDays(1); // 2024-04-01
    expect((await getBill(bill.id)).status).toBe('overdue');
    await pay(bill.id, '50.00');
    const paid = await getBill(bill.id);
    expect(paid).toMatchObject({ status: 'paid', paid: usd('80.00'), outstanding: usd('0.00') });
    const other = await newBill(h.acct, { issue_date: '2024-03-01', due_offset_days: 0 });
    expect(other.status).toBe('overdue');
  });

  it('include[]=vendor embeds the vendor, on lists and single reads', async () => {
    const bill = await newBill(h.acct);
    const one = await getBill(bill.id, '?include[]=vendor');
    expect(one.vendor).toMatchObject({
      vendorid: bill.vendorid,
      vendor_name: 'Acme Office Supply',
      outstanding_balance: [{ amount: usd('80.00') }],
    });
    const list = (await h.acct('GET', 'bills/bills?include[]=vendor')).body.response.result.bills;
    expect(list[0].vendor.vendorid).toBe(bill.vendorid);
  });

  it('searches: vendorid, statuses[], bill_number, ids[], dates, updated_min, currency; sorts', async () => {
    const v1 = await newVendor(h.acct, { vendor_name: 'One' });
    const v2 = await newVendor(h.acct, { vendor_name: 'Two' });
    const a = await newBill(h.acct, { vendorid: v1.vendorid, bill_number: 'PO-100', issue_date: '2024-02-01' });
    const b = await newBill(h.acct, { vendorid: v1.vendorid, bill_number: 'PO-200/INV-1', issue_date: '2024-03-01' });
    await pay(b.id, '1.00');
    h.advanceDays(3);
    const c = await newBill(
      h.acct,
      { vendorid: v2.vendorid, bill_number: 'X-1', issue_date: '2024-03-05', currency_code: 'CAD' },
      { unit_cost: { amount: '1.00', code: 'CAD' } },
    );
    const ids = async (q: string) => (await h.acct('GET', `bills/bills?${q}`)).body.response.result.bills.map((x: any) => x.id);
    expect(await ids(`search[vendorid]=${v1.vendorid}`)).toEqual([a.id, b.id]);
    expect(await ids('search[statuses][]=partial')).toEqual([b.id]);
    expect(await ids('search[statuses][]=unpaid&search[statuses][]=overdue')).toEqual([a.id, c.id]);
    expect(await ids('search[bill_number]=po-100')).toEqual([a.id]);
    expect(await ids('search[bill_number_like]=INV')).toEqual([b.id]);
    expect(await ids(`search[ids][]=${a.id}&search[ids][]=${c.id}`)).toEqual([a.id, c.id]);
    expect(await ids('search[issue_date_min]=2024-03-01&search[issue_date_max]=2024-03-04')).toEqual([b.id]);
    expect(await ids('search[currency_code]=CAD')).toEqual([c.id]);
    // Day granularity: a time of day is ignored; the payment moved b's updated_at on day 1.
    expect(await ids('search[updated_min]=2024-03-13')).toEqual([c.id]);
    expect(await ids('search[updated_min]=2024-03-10 23:59:59')).toEqual([a.id, b.id, c.id]);
    expect(await ids('search[updated_max]=2024-03-10')).toEqual([a.id, b.id]);
    expect(await ids('sort=issue_date_desc')).toEqual([c.id, b.id, a.id]);
    expect(await ids('search[unknown_key]=1')).toEqual([a.id, b.id, c.id]);
    const bad = await h.acct('GET', 'bills/bills?search[issue_date_min]=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.response.errors[0]).toMatchObject({ errno: 1004, field: 'search[issue_date_min]' });
  });

  it('vis_state: archive and delete by PUT drop every other field; lists hide deleted', async () => {
    const keep = await newBill(h.acct);
    const archived = await newBill(h.acct, { bill_number: 'A-1' });
    const deleted = await newBill(h.acct, { bill_number: 'D-1' });
    const res = await h.acct('PUT', `bills/bills/${archived.id}`, { bill: { vis_state: 2, bill_number: 'CHANGED', due_offset_days: 99 } });
    expect(res.body.response.result.bill).toMatchObject({ vis_state: 2, bill_number: 'A-1', due_offset_days: 30 });
    const del = await h.acct('PUT', `bills/bills/${deleted.id}`, { bill: { vis_state: 1 } });
    expect(del.status).toBe(200);
    expect(del.body.response.result.bill.vis_state).toBe(1);
    const ids = async (q = '') => (await h.acct('GET', `bills/bills${q}`)).body.response.result.bills.map((x: any) => x.id);
    expect(await ids()).toEqual([keep.id, archived.id]);
    expect(await ids('?search[vis_state]=1')).toEqual([deleted.id]);
    expect((await getBill(deleted.id)).vis_state).toBe(1);
  });

  it('edits: fields replace, lines replace all lines, totals follow', async () => {
    const bill = await newBill(h.acct, { bill_number: 'PO-1' });
    const categoryid = await someCategory(h.acct, 'Software');
    h.clock.advance(60_000);
    const res = await h.acct('PUT', `bills/bills/${bill.id}`, {
      bill: {
        bill_number: 'PO-1 rev 2',
        due_offset_days: 10,
        lines: [{ categoryid, description: 'Licence', quantity: 4, unit_cost: usd('25.00') }],
      },
    });
    expect(res.status).toBe(200);
    const after = res.body.response.result.bill;
    expect(after).toMatchObject({
      bill_number: 'PO-1 rev 2',
      due_date: '2024-03-11',
      total_amount: usd('100.00'),
      overall_category: 'Software',
      overall_description: 'Licence',
      updated_at: '2024-03-10 12:01:00',
    });
    expect(after.lines).toHaveLength(1);
    expect(after.lines[0].id).not.toBe(bill.lines[0].id);
  });

  it('edits are refused below the amount paid and on deleted bills', async () => {
    const bill = await newBill(h.acct);
    await pay(bill.id, '60.00');
    const shrink = await h.acct('PUT', `bills/bills/${bill.id}`, {
      bill: { lines: [{ categoryid: bill.lines[0].categoryid, quantity: 1, unit_cost: usd('10.00') }] },
    });
    expect(shrink.status).toBe(422);
    expect(shrink.body.response.errors[0]).toMatchObject({ errno: 1004, field: 'lines' });
    const currency = await h.acct('PUT', `bills/bills/${bill.id}`, { bill: { currency_code: 'EUR' } });
    expect(currency.body.response.errors[0]).toMatchObject({ field: 'currency_code' });
    await h.acct('PUT', `bills/bills/${bill.id}`, { bill: { vis_state: 1 } });
    const edit = await h.acct('PUT', `bills/bills/${bill.id}`, { bill: { bill_number: 'late' } });
    expect(edit.status).toBe(422);
    expect(edit.body.response.errors[0]).toMatchObject({ errno: 1011 });
  });

  it('validates with errno and field', async () => {
    const vendor = await newVendor(h.acct);
    const categoryid = await someCategory(h.acct);
    const post = (bill: unknown) => h.acct('POST', 'bills/bills', { bill });
    const empty = await post({});
    expect(empty.status).toBe(422);
    expect(empty.body.response.errors.map((e: any) => [e.errno, e.field])).toEqual([
      [1001, 'vendorid'],
      [1001, 'currency_code'],
      [1001, 'issue_date'],
      [1001, 'lines'],
    ]);
    const base = { vendorid: vendor.vendorid, issue_date: '2024-03-01', currency_code: 'USD' };
    const errorsOf = async (bill: unknown) => (await post(bill)).body.response.errors.map((e: any) => [e.errno, e.field]);
    expect(await errorsOf({ ...base, vendorid: 1, lines: [{ categoryid, quantity: 1, unit_cost: usd('1.00') }] })).toEqual([
      [1012, 'vendorid'],
    ]);
    expect(await errorsOf({ ...base, issue_date: '2024-02-30', lines: [{ categoryid, quantity: 1, unit_cost: usd('1.00') }] })).toEqual([
      [1033, 'issue_date'],
    ]);
    expect(
      await errorsOf({
        ...base,
        lines: [
          { categoryid: 5, quantity: -1, unit_cost: usd('1.005') },
          { categoryid, quantity: 1, unit_cost: { amount: '2.00', code: 'EUR' }, tax_percent1: 150 },
        ],
      }),
    ).toEqual([
      [1012, 'lines[0].categoryid'],
      [1025, 'lines[0].quantity'],
      [1004, 'lines[0].unit_cost.amount'],
      [1004, 'lines[1].unit_cost.code'],
      [1018, 'lines[1].tax_percent1'],
    ]);
    await h.acct('PUT', `bill_vendors/bill_vendors/${vendor.vendorid}`, { bill_vendor: { vis_state: 1 } });
    expect(await errorsOf({ ...base, lines: [{ categoryid, quantity: 1, unit_cost: usd('1.00') }] })).toEqual([[1011, 'vendorid']]);
  });
});
