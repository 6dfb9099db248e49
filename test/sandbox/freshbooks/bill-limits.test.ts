/**
 * The limits a bill is held to (Choices FB-55, FB-56, FB-57, docs/api-notes.md): at most 100
 * lines, line descriptions of at most 255 characters, quantities with at most two decimals.
 * Each is refused on create and on edit, in the old accounting error shape, naming the field.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newBill, newVendor, someCategory, startHarness, type Harness } from './helpers.js';

const usd = (amount: string) => ({ amount, code: 'USD' });

describe('FreshBooks sandbox bill limits', () => {
  let h: Harness;
  let categoryid: number;
  let vendorid: number;
  beforeEach(async () => {
    h = await startHarness();
    categoryid = await someCategory(h.acct);
    vendorid = (await newVendor(h.acct)).vendorid;
  });
  afterEach(() => h.close());

  const line = (extra: Record<string, unknown> = {}) => ({
    categoryid,
    description: 'Paper',
    quantity: '1',
    unit_cost: usd('1.00'),
    ...extra,
  });
  const bill = (lines: unknown[]) => ({ bill: { vendorid, issue_date: '2024-03-01', currency_code: 'USD', lines } });
  const create = (lines: unknown[]) => h.acct('POST', 'bills/bills', bill(lines));
  const edit = (id: number, lines: unknown[]) => h.acct('PUT', `bills/bills/${id}`, { bill: { lines } });

  it('takes 100 lines and refuses 101 with errno 1004 on lines, on create and on edit', async () => {
    const hundred = Array.from({ length: 100 }, () => line());
    const ok = await create(hundred);
    expect(ok.status).toBe(200);
    expect(ok.body.response.result.bill.lines).toHaveLength(100);
    expect(ok.body.response.result.bill.amount).toEqual(usd('100.00'));

    const tooMany = await create([...hundred, line()]);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.response.errors).toEqual([
      { errno: 1004, field: 'lines', message: 'A bill has at most 100 lines (got 101).', object: 'bill' },
    ]);

    const id = ok.body.response.result.bill.id;
    const grown = await edit(id, [...hundred, line(), line()]);
    expect(grown.status).toBe(422);
    expect(grown.body.response.errors[0]).toMatchObject({ errno: 1004, field: 'lines', message: expect.stringMatching(/got 102/) });
    const after = (await h.acct('GET', `bills/bills/${id}`)).body.response.result.bill;
    expect(after.lines).toHaveLength(100); // the refused edit changed nothing
  });

  it('takes a 255-character description and refuses 256 with errno 1017, counting characters not UTF-16 units', async () => {
    expect((await create([line({ description: 'x'.repeat(255) })])).status).toBe(200);
    // 255 emoji are 510 UTF-16 units but 255 characters.
    const emoji = await create([line({ description: '\u{1F4E6}'.repeat(255) })]);
    expect(emoji.status).toBe(200);
    expect([...emoji.body.response.result.bill.lines[0].description]).toHaveLength(255);

    const long = await create([line(), line({ description: 'y'.repeat(256) })]);
    expect(long.status).toBe(422);
    expect(long.body.response.errors).toEqual([
      {
        errno: 1017,
        field: 'lines[1].description',
        message: 'Must be at most 255 characters (got 256).',
        object: 'bill',
        value: 'y'.repeat(256),
      },
    ]);

    const existing = await newBill(h.acct, { vendorid }, { categoryid });
    const edited = await edit(existing.id, [line({ description: 'z'.repeat(300) })]);
    expect(edited.status).toBe(422);
    expect(edited.body.response.errors[0]).toMatchObject({ errno: 1017, field: 'lines[0].description' });
  });

  it('takes quantities with two decimals (trailing zeros do not count) and refuses three with errno 1004', async () => {
    const ok = await create([line({ quantity: '1.25' }), line({ quantity: '2.500' }), line({ quantity: 0.5 })]);
    expect(ok.status).toBe(200);
    expect(ok.body.response.result.bill.lines.map((l: any) => l.quantity)).toEqual(['1.25', '2.5', '0.5']);

    const fine = await create([line({ quantity: '1.255' }), line({ quantity: 0.125 })]);
    expect(fine.status).toBe(422);
    expect(fine.body.response.errors).toEqual([
      { errno: 1004, field: 'lines[0].quantity', message: 'At most 2 decimal places.', object: 'bill', value: '1.255' },
      { errno: 1004, field: 'lines[1].quantity', message: 'At most 2 decimal places.', object: 'bill', value: '0.125' },
    ]);

    const existing = await newBill(h.acct, { vendorid }, { categoryid });
    const edited = await edit(existing.id, [line({ quantity: '3.333' })]);
    expect(edited.status).toBe(422);
    expect(edited.body.response.errors[0]).toMatchObject({ errno: 1004, field: 'lines[0].quantity' });
  });
});
