/** Invoice header charges (tax rate and code, discount, negative misc) and split coding of lines. */
import { describe, expect, it } from 'vitest';
import type { CoupaSandbox } from '../../../src/sandbox/coupa/index.js';
import { ready } from './helpers.js';

async function control(sb: CoupaSandbox, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${sb.url}/_sandbox/invoices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

let n = 0;
/** A standalone invoice of SUP-00003 with the given extra fields; lines default to one of 1000.00. */
function invoice(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    supplierNumber: 'SUP-00003',
    invoiceNumber: `CH-${++n}`,
    currency: 'USD',
    lines: [{ description: 'Consulting', price: '1000.00', accountCode: 'NW-OPS-6300' }],
    ...extra,
  };
}

describe('header charges', () => {
  it('takes the discount off every total and adds tax, shipping, handling and a negative misc', async () => {
    const { sb, get } = await ready();
    const created = await control(
      sb,
      invoice({
        taxAmount: '82.50',
        taxCode: 'CA-SALES',
        shippingAmount: '25.00',
        handlingAmount: '5.00',
        miscAmount: '-10.00',
        discountAmount: '20.00',
      }),
    );
    expect(created.status).toBe(201);
    const inv = (await get(`/api/invoices/${created.json.id}`)).json;
    // 1000 + 82.50 + 25 + 5 − 10 − 20
    expect(inv).toMatchObject({
      'gross-total': '1082.50',
      'total-with-taxes': '1082.50',
      'amount-due': '1082.50',
      'tax-amount': '82.50',
      'tax-rate': 8.25,
      'tax-code': { code: 'CA-SALES', description: 'California sales tax', percentage: 8.25, active: true },
      'shipping-amount': '25.00',
      'handling-amount': '5.00',
      'misc-amount': '-10.00',
      'discount-amount': '20.00',
    });
    expect(typeof inv['tax-code'].id).toBe('number');
  });

  it('shows zeros and nulls when there are no charges, and an explicit rate wins over the code', async () => {
    const { sb, get } = await ready();
    const plain = (await get(`/api/invoices/${(await control(sb, invoice())).json.id}`)).json;
    expect(plain).toMatchObject({ 'gross-total': '1000.00', 'discount-amount': '0.00', 'tax-rate': null, 'tax-code': null });
    const rated = await control(sb, invoice({ taxAmount: '75.00', taxRate: '7.5', taxCode: 'MANUAL' }));
    expect(rated.json).toMatchObject({ 'tax-rate': 7.5, 'tax-code': { code: 'MANUAL', percentage: null } });
  });

  it('renders the new fields in XML with their types', async () => {
    const { sb, get } = await ready();
    const created = await control(sb, invoice({ taxAmount: '190.00', taxCode: 'DE-MWST19', discountAmount: '5.00' }));
    const xml = (await get(`/api/invoices/${created.json.id}`, { format: 'xml' })).text;
    expect(xml).toContain('<discount-amount type="decimal">5.00</discount-amount>');
    expect(xml).toContain('<tax-rate type="float">19</tax-rate>');
    expect(xml).toMatch(/<tax-code>\s*<id type="integer">\d+<\/id>\s*<code>DE-MWST19<\/code>/);
  });

  it('refuses a negative discount, a discount above the total, a bad rate and an unknown tax code', async () => {
    const { sb } = await ready();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ discountAmount: '-1.00' }, /Discount amount must be greater than or equal to 0/],
      [{ discountAmount: '1000.01' }, /Discount amount cannot be more than the invoice total/],
      [{ taxRate: '101' }, /Tax rate must be between 0 and 100/],
      [{ taxRate: 'abc' }, /Tax rate is not a number/],
      [{ taxCode: 'NOPE' }, /Unable to find valid TaxCode record for tax_code with keys \{"code"=>"NOPE"\}/],
      [{ discountAmount: '1.005' }, /Discount amount has more than 2 decimal places/],
    ];
    for (const [extra, message] of cases) {
      const res = await control(sb, invoice(extra));
      expect(res.status, JSON.stringify(extra)).toBe(400);
      expect(res.json.error).toMatch(message);
    }
    // A discount equal to everything else is allowed: the invoice is then for nothing.
    expect((await control(sb, invoice({ discountAmount: '1000.00' }))).json['gross-total']).toBe('0.00');
  });
});

describe('split coding (account-allocations)', () => {
  it('shows parts by pct with amounts that add up to the line, the last part taking the rounding', async () => {
    const { sb, get } = await ready();
    const created = await control(
      sb,
      invoice({
        lines: [
          {
            description: 'Shared hosting',
            price: '100.00',
            accountAllocations: [
              { accountCode: 'NW-IT-6200', pct: '33.33' },
              { accountCode: 'NW-OPS-6200', pct: '33.33' },
              { segments: ['NW', 'FIN', '6200'], pct: '33.34' },
            ],
          },
        ],
      }),
    );
    expect(created.status).toBe(201);
    const line = (await get(`/api/invoices/${created.json.id}`)).json['invoice-lines'][0];
    const parts = line['account-allocations'];
    expect(parts.map((p: any) => [p.pct, p.amount, p.account.code])).toEqual([
      ['33.33', '33.33', 'NW-IT-6200'],
      ['33.33', '33.33', 'NW-OPS-6200'],
      ['33.34', '33.34', 'NW-FIN-6200'],
    ]);
    expect(parts[2].account).toMatchObject({ 'segment-1': 'NW', 'segment-2': 'FIN', 'segment-3': '6200', 'segment-4': null });
    expect(parts[0]).toMatchObject({ period: null });
    expect(typeof parts[0].id).toBe('number');
    // The line without an account of its own shows its first part's.
    expect(line.account.code).toBe('NW-IT-6200');
  });

  it('shows parts by amount with their pct, and creates an account given by new segments', async () => {
    const { sb, get } = await ready();
    const created = await control(
      sb,
      invoice({
        lines: [
          {
            description: 'Offsite',
            quantity: '3',
            price: '100.00',
            accountCode: 'NW-OPS-6400',
            accountAllocations: [
              { segments: ['NW', 'LAB', '6400'], amount: '200.00' },
              { accountCode: 'NW-OPS-6400', amount: '100.00' },
            ],
          },
        ],
      }),
    );
    expect(created.status).toBe(201);
    const line = (await get(`/api/invoices/${created.json.id}`)).json['invoice-lines'][0];
    expect(line.account.code).toBe('NW-OPS-6400');
    expect(line['account-allocations'].map((p: any) => [p.pct, p.amount, p.account.code])).toEqual([
      ['66.67', '200.00', 'NW-LAB-6400'],
      ['33.33', '100.00', 'NW-OPS-6400'],
    ]);
    // Filters walk the allocations like any association.
    const found = await get(`/api/invoices?invoice-lines[account-allocations][account][code]=NW-LAB-6400`);
    expect(found.json.map((i: { id: number }) => i.id)).toEqual([created.json.id]);
  });

  it('keeps no account that a refused invoice would have created', async () => {
    const { sb } = await ready();
    const refused = await control(
      sb,
      invoice({
        discountAmount: '5000.00',
        lines: [{ description: 'Split', price: '100.00', accountAllocations: [{ segments: ['NW', 'R', 'D'], pct: '100' }] }],
      }),
    );
    expect(refused.json.error).toMatch(/Discount amount cannot be more/);
    const byCode = await control(sb, invoice({ lines: [{ description: 'Again', price: '1.00', accountCode: 'NW-R-D' }] }));
    expect(byCode.json.error).toMatch(/Unable to find valid Account record for account with keys \{"code"=>"NW-R-D"\}/);
  });

  it('leaves lines without split coding with an empty list', async () => {
    const { sb, get } = await ready();
    const created = await control(sb, invoice());
    expect((await get(`/api/invoices/${created.json.id}`)).json['invoice-lines'][0]['account-allocations']).toEqual([]);
  });

  it('refuses parts that do not add up, mix pct and amount, or lack an account', async () => {
    const { sb } = await ready();
    const line = (accountAllocations: unknown[]) => ({ lines: [{ description: 'Split', price: '100.00', accountAllocations }] });
    const cases: Array<[unknown[], RegExp]> = [
      [
        [
          { accountCode: 'NW-IT-6200', pct: '60' },
          { accountCode: 'NW-OPS-6200', pct: '30' },
        ],
        /Line 1: account allocation percentages add up to 90, not 100/,
      ],
      [
        [
          { accountCode: 'NW-IT-6200', amount: '60.00' },
          { accountCode: 'NW-OPS-6200', amount: '30.00' },
        ],
        /Line 1: account allocations add up to 90.00, not the line total 100.00/,
      ],
      [
        [
          { accountCode: 'NW-IT-6200', pct: '60' },
          { accountCode: 'NW-OPS-6200', amount: '40.00' },
        ],
        /mix pct and amount/,
      ],
      [[{ accountCode: 'NW-IT-6200', pct: '100', amount: '100.00' }], /account allocation 1: give either a pct or an amount/],
      [[{ pct: '100' }], /account allocation 1: Account can't be blank/],
      [[{ accountCode: 'NW-XX-0000', pct: '100' }], /Unable to find valid Account record/],
      [[{ accountCode: 'NW-IT-6200', segments: ['NW', 'OPS', '6200'], pct: '100' }], /does not match segments NW-OPS-6200/],
      [[{ accountCode: 'NW-IT-6200', pct: '0' }], /Pct must be greater than 0/],
    ];
    for (const [parts, message] of cases) {
      const res = await control(sb, invoice(line(parts)));
      expect(res.status, JSON.stringify(parts)).toBe(400);
      expect(res.json.error).toMatch(message);
    }
  });
});
