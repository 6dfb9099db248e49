/** Reading an invoice's header charges and its lines' split coding, from JSON and from the sandbox. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateCumulative } from '../../../src/core/allocation.js';
import type { InvoiceCharge } from '../../../src/core/records.js';
import { Decimal } from '../../../src/lib/decimal.js';
import { CoupaResponseError } from '../../../src/providers/coupa/errors.js';
import { parseInvoice } from '../../../src/providers/coupa/parse.js';
import type { CoupaSandbox } from '../../../src/sandbox/coupa/index.js';
import { clientOf, sandbox } from './sandbox.js';

const d = (s: string) => Decimal.parse(s);

// An invoice header as Coupa sends it before any charge field (the shape older payloads have).
const BARE = {
  id: 92011,
  'invoice-number': 'INV-11',
  'invoice-date': '2024-04-01T00:00:00+03:00',
  status: 'approved',
  'updated-at': '2024-04-01T02:19:09+03:00',
  currency: { id: 1, code: 'USD' },
  supplier: { id: 8819, name: 'Acme Industrial' },
  'gross-total': '100.00',
  'invoice-lines': [
    {
      'line-num': 1,
      description: 'Widget',
      quantity: null,
      price: '100.00',
      total: '100.00',
      account: { id: 9, code: 'NW-OPS-6100', 'segment-1': 'NW', 'segment-2': 'OPS', 'segment-3': '6100' },
    },
  ],
};

function chargesOf(header: Record<string, unknown>): InvoiceCharge[] | undefined {
  return parseInvoice({ ...BARE, ...header }).charges;
}

describe('header charges from JSON', () => {
  it('are undefined without any amount field, and [] when every amount is zero or null', () => {
    expect(parseInvoice(BARE).charges).toBeUndefined();
    expect(chargesOf({ 'tax-amount': '0.00', 'shipping-amount': '0.00', 'misc-amount': null, 'discount-amount': '0.00' })).toEqual([]);
  });

  it('give one charge per nonzero amount, tax with its rate and code', () => {
    expect(
      chargesOf({
        'tax-amount': '8.25',
        'tax-rate': 8.25,
        'tax-code': { id: 1, code: 'CA-SALES', description: 'California sales tax', percentage: 8.25 },
        'shipping-amount': '12.00',
        'handling-amount': '0.00',
        'misc-amount': '3.10',
        'discount-amount': '5.00',
      }),
    ).toEqual([
      { kind: 'tax', amount: d('8.25'), rate: d('8.25'), code: 'CA-SALES' },
      { kind: 'shipping', amount: d('12.00') },
      { kind: 'misc', amount: d('3.10') },
      { kind: 'discount', amount: d('5.00') },
    ]);
  });

  it('read a negative misc as a discount and a negative discount as a misc charge, both positive', () => {
    expect(chargesOf({ 'misc-amount': '-10.00' })).toEqual([{ kind: 'discount', amount: d('10.00') }]);
    expect(chargesOf({ 'discount-amount': '-2.50' })).toEqual([{ kind: 'misc', amount: d('2.50') }]);
  });

  it('take a rate sent as a string, and leave out a rate or code they cannot read', () => {
    expect(chargesOf({ 'tax-amount': '19.00', 'tax-rate': '19.0', 'tax-code': 'DE-MWST19' })).toEqual([
      { kind: 'tax', amount: d('19.00'), rate: d('19.0'), code: 'DE-MWST19' },
    ]);
    expect(chargesOf({ 'tax-amount': '1.00', 'tax-rate': 'n/a', 'tax-code': { id: 3 } })).toEqual([{ kind: 'tax', amount: d('1.00') }]);
    expect(chargesOf({ 'tax-amount': '1.00', 'tax-rate': null, 'tax-code': null })).toEqual([{ kind: 'tax', amount: d('1.00') }]);
  });

  it('refuse a charge amount that is not a decimal, naming the field', () => {
    expect(() => chargesOf({ 'shipping-amount': 'ten' })).toThrow(CoupaResponseError);
    expect(() => chargesOf({ 'shipping-amount': 'ten' })).toThrow(/invoice INV-11.*shipping-amount is not a decimal/);
    expect(() => chargesOf({ 'discount-amount': 1.5 })).toThrow(/discount-amount is the JSON number 1.5/);
  });
});

describe('split coding from JSON', () => {
  const line = BARE['invoice-lines'][0]!;
  const withSplit = (allocations: unknown) => parseInvoice({ ...BARE, 'invoice-lines': [{ ...line, 'account-allocations': allocations }] });

  it('reads segments, code, pct and amount of each part', () => {
    const inv = withSplit([
      { id: 1, pct: '60.0', amount: '60.00', account: { code: 'NW-IT-6100', 'segment-1': 'NW', 'segment-2': 'IT', 'segment-3': '6100' } },
      { id: 2, pct: 40, amount: null, account: { code: 'NW-HR-6100', 'segment-1': 'NW', 'segment-2': 'HR', 'segment-3': '6100' } },
    ]);
    expect(inv.lines[0]!.accountAllocations).toEqual([
      { segments: ['NW', 'IT', '6100'], accountCode: 'NW-IT-6100', pct: d('60.0'), amount: d('60.00') },
      { segments: ['NW', 'HR', '6100'], accountCode: 'NW-HR-6100', pct: d('40') },
    ]);
  });

  it('leaves lines without parts as they were, and skips what is not a part', () => {
    expect(withSplit([]).lines[0]!.accountAllocations).toBeUndefined();
    expect(parseInvoice(BARE).lines[0]!.accountAllocations).toBeUndefined();
    expect(withSplit('none').lines[0]!.accountAllocations).toBeUndefined();
    expect(withSplit([null, 7, { amount: '100.00', account: null, pct: 'x' }]).lines[0]!.accountAllocations).toEqual([
      { segments: [], amount: d('100.00') },
    ]);
  });

  it('refuses a part amount that is not a decimal', () => {
    expect(() => withSplit([{ amount: 'lots', account: null }])).toThrow(
      /invoice-lines\[0\]\.account-allocations\[0\]\.amount is not a decimal/,
    );
  });
});

describe('charges and split coding read from the sandbox over HTTP', () => {
  let sb: CoupaSandbox;
  let supplierId: number;
  beforeAll(async () => {
    sb = await sandbox({ rateLimit: false });
    supplierId = sb.control.createSupplier({ name: 'Split & Co', status: 'active' }).id as number;
  });
  afterAll(() => sb.close());

  it('reads every charge and every part exactly, and the total agrees with them', async () => {
    const created = sb.control.createInvoice({
      supplierId,
      invoiceNumber: 'SPLIT-1',
      currency: 'USD',
      status: 'approved',
      taxAmount: '24.75',
      taxCode: 'CA-SALES',
      shippingAmount: '15.00',
      miscAmount: '-5.00',
      discountAmount: '10.00',
      lines: [
        {
          description: 'Workshop',
          price: '300.00',
          accountAllocations: [
            { accountCode: 'NW-OPS-6600', pct: '50' },
            { segments: ['NW', 'SALES', '6600'], pct: '50' },
          ],
        },
        { description: 'Travel', price: '10.00', accountCode: 'NW-OPS-6400' },
      ],
    });
    const { client } = clientOf(sb);
    const inv = await client.invoices.get(String(created.id));
    expect(inv!.charges).toEqual([
      { kind: 'tax', amount: d('24.75'), rate: d('8.25'), code: 'CA-SALES' },
      { kind: 'shipping', amount: d('15.00') },
      { kind: 'discount', amount: d('5.00') },
      { kind: 'discount', amount: d('10.00') },
    ]);
    // 310 + 24.75 + 15 − 5 − 10
    expect(inv!.total.toString()).toBe('334.75');
    const lines = Decimal.sum(inv!.lines.map((l) => l.total));
    const signed = Decimal.sum(inv!.charges!.map((c) => (c.kind === 'discount' ? c.amount.neg() : c.amount)));
    expect(lines.add(signed).eq(inv!.total)).toBe(true);
    expect(inv!.lines[0]!.accountAllocations).toEqual([
      { segments: ['NW', 'OPS', '6600'], accountCode: 'NW-OPS-6600', pct: d('50.0'), amount: d('150.00') },
      { segments: ['NW', 'SALES', '6600'], accountCode: 'NW-SALES-6600', pct: d('50.0'), amount: d('150.00') },
    ]);
    expect(inv!.lines[1]!.accountAllocations).toBeUndefined();
    // What the split is for: a payment goes to cost centres by the parts, not by the line's own account.
    const shares = allocateCumulative(d('310.00'), Decimal.ZERO, [], 'USD', inv!.lines, 2);
    expect(shares.map((s) => [s.costCentre, s.amount.toString()])).toEqual([
      ['OPS', '160.00'],
      ['SALES', '150.00'],
    ]);
  });

  it('reads an invoice without charges as an empty list', async () => {
    const created = sb.control.createInvoice({
      supplierId,
      invoiceNumber: 'PLAIN-1',
      currency: 'USD',
      lines: [{ description: 'Widget', price: '5.00' }],
    });
    const { client } = clientOf(sb);
    expect((await client.invoices.get(String(created.id)))!.charges).toEqual([]);
  });
});
