/** Bill payments: shape, their effect on the bill, edits, deletes, and the rules that refuse them. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newBill, startHarness, type Harness } from './helpers.js';

const usd = (amount: string) => ({ amount, code: 'USD' });

describe('FreshBooks sandbox bill payments', () => {
  let h: Harness;
  let bill: any;
  beforeEach(async () => {
    h = await startHarness();
    bill = await newBill(h.acct); // 80.00 USD, due 2024-03-31
  });
  afterEach(() => h.close());

  const create = (fields: Record<string, unknown>) =>
    h.acct('POST', 'bill_payments/bill_payments', {
      bill_payment: { billid: bill.id, amount: usd('30.00'), paid_date: '2024-03-05', payment_type: 'Check', ...fields },
    });
  const getBill = async () => (await h.acct('GET', `bills/bills/${bill.id}`)).body.response.result.bill;

  it('creates a payment (billid as a string, stray "bill" key ignored) and moves the bill', async () => {
    h.clock.advance(1000);
    const res = await create({ billid: String(bill.id), bill: null, note: 'Paid via API' });
    expect(res.status).toBe(200);
    const payment = res.body.response.result.bill_payment;
    expect(payment).toEqual({
      id: expect.any(Number),
      billid: bill.id,
      amount: usd('30.00'),
      paid_date: '2024-03-05',
      payment_type: 'Check',
      note: 'Paid via API',
      matched_with_expense: false,
      vis_state: 0,
    });
    const after = await getBill();
    expect(after).toMatchObject({ paid: usd('30.00'), outstanding: usd('50.00'), status: 'partial', bill_payments: [payment] });
    expect(after.updated_at).toBe('2024-03-10 12:00:01');
    expect((await h.acct('GET', `bill_payments/bill_payments/${payment.id}`)).body.response.result.bill_payment).toEqual(payment);
  });

  it('editing the amount, deleting and restoring move the bill back and forth', async () => {
    const payment = (await create({})).body.response.result.bill_payment;
    const edit = await h.acct('PUT', `bill_payments/bill_payments/${payment.id}`, {
      bill_payment: { amount: usd('80.00'), payment_type: 'ACH' },
    });
    expect(edit.body.response.result.bill_payment).toMatchObject({ amount: usd('80.00'), payment_type: 'ACH', paid_date: '2024-03-05' });
    expect(await getBill()).toMatchObject({ status: 'paid', outstanding: usd('0.00') });

    const del = await h.acct('PUT', `bill_payments/bill_payments/${payment.id}`, { bill_payment: { vis_state: 1, amount: usd('1.00') } });
    expect(del.body.response.result.bill_payment).toMatchObject({ vis_state: 1, amount: usd('80.00') });
    expect(await getBill()).toMatchObject({ status: 'unpaid', paid: usd('0.00'), bill_payments: [] });
    const list = (await h.acct('GET', 'bill_payments/bill_payments')).body.response.result;
    expect(list.total).toBe(0);
    expect((await h.acct('GET', 'bill_payments/bill_payments?search[vis_state]=1')).body.response.result.total).toBe(1);

    await h.acct('PUT', `bill_payments/bill_payments/${payment.id}`, { bill_payment: { vis_state: 0 } });
    expect((await getBill()).status).toBe('paid');
  });

  it('refuses overpayment, another currency, another bill, bad types and missing fields', async () => {
    const errorOf = async (fields: Record<string, unknown>) => {
      const res = await create(fields);
      expect(res.status).toBe(422);
      return res.body.response.errors.map((e: any) => [e.errno, e.field]);
    };
    expect(await errorOf({ amount: usd('80.01') })).toEqual([[1004, 'amount.amount']]);
    expect(await errorOf({ amount: { amount: '10.00', code: 'EUR' } })).toEqual([[1004, 'amount.code']]);
    expect(await errorOf({ amount: usd('0.00') })).toEqual([[1004, 'amount.amount']]);
    expect(await errorOf({ payment_type: 'Bitcoin' })).toEqual([[1004, 'payment_type']]);
    expect(await errorOf({ billid: 1 })).toEqual([[1012, 'billid']]);
    expect(await errorOf({ billid: undefined, amount: undefined, paid_date: undefined, payment_type: undefined })).toEqual([
      [1001, 'billid'],
      [1001, 'amount'],
      [1001, 'paid_date'],
      [1001, 'payment_type'],
    ]);

    const payment = (await create({ amount: usd('50.00') })).body.response.result.bill_payment;
    await create({ amount: usd('30.00') });
    const tooMuch = await h.acct('PUT', `bill_payments/bill_payments/${payment.id}`, { bill_payment: { amount: usd('50.01') } });
    expect(tooMuch.body.response.errors[0]).toMatchObject({ errno: 1004, field: 'amount.amount' });
    const other = await newBill(h.acct);
    const move = await h.acct('PUT', `bill_payments/bill_payments/${payment.id}`, { bill_payment: { billid: other.id } });
    expect(move.body.response.errors[0]).toMatchObject({ errno: 1004, field: 'billid' });

    await h.acct('PUT', `bills/bills/${other.id}`, { bill: { vis_state: 1 } });
    const onDeleted = await h.acct('POST', 'bill_payments/bill_payments', {
      bill_payment: { billid: other.id, amount: usd('1.00'), paid_date: '2024-03-05', payment_type: 'Cash' },
    });
    expect(onDeleted.body.response.errors[0]).toMatchObject({ errno: 1011, field: 'billid' });
  });

  it('lists with search[billid] and search[payment_type]', async () => {
    const other = await newBill(h.acct);
    await create({ amount: usd('10.00') });
    await create({ amount: usd('20.00'), payment_type: 'Bank Transfer' });
    await h.acct('POST', 'bill_payments/bill_payments', {
      bill_payment: { billid: other.id, amount: usd('5.00'), paid_date: '2024-03-06', payment_type: 'Check' },
    });
    const amounts = async (q: string) =>
      (await h.acct('GET', `bill_payments/bill_payments?${q}`)).body.response.result.bill_payments.map((p: any) => p.amount.amount);
    expect(await amounts(`search[billid]=${bill.id}`)).toEqual(['10.00', '20.00']);
    expect(await amounts('search[payment_type]=Check')).toEqual(['10.00', '5.00']);
    expect(await amounts('sort=amount_desc')).toEqual(['20.00', '10.00', '5.00']);
  });

  it('404 for an unknown payment', async () => {
    const res = await h.acct('PUT', 'bill_payments/bill_payments/999', { bill_payment: { note: 'x' } });
    expect(res.status).toBe(404);
    expect(res.body.details[0]).toMatchObject({ reason: '1012', metadata: { object: 'bill_payment', value: '999' } });
  });
});
