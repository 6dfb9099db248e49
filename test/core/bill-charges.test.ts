import { describe, expect, it } from 'vitest';
import { billFromInvoice, billFromPurchaseOrder, type CategoryMapping } from '../../src/core/bill-mapping.js';
import { businessTaxFor, discountParts, lineTaxAmount, taxMatches } from '../../src/core/bill-charges.js';
import type { BillDraft, InvoiceCharge, LineTax } from '../../src/core/records.js';
import { Decimal } from '../../src/lib/decimal.js';
import { d, invLine, invoice, po, poLine } from './fixtures.js';

const mapping: CategoryMapping = {
  defaultCategoryId: 'cat-default',
  chargesCategoryId: 'cat-charges',
  chargeCategories: { shipping: 'cat-freight', tax: 'cat-tax' },
};
const GST: LineTax = { name: 'GST', percent: d('5') };
const HST: LineTax = { name: 'HST', percent: d('13') };

/** What FreshBooks will say the bill comes to: line amounts plus its own tax arithmetic (choice FB-29). */
function freshbooksTotal(draft: BillDraft): Decimal {
  return Decimal.sum(
    draft.lines.map((l) => {
      const amount = l.quantity.mul(l.unitCost);
      return l.tax ? amount.add(lineTaxAmount(amount, l.tax.percent)) : amount;
    }),
  );
}

function charged(
  charges: InvoiceCharge[],
  lines = [invLine({ total: d('100.00') }), invLine({ lineNum: '2', quantity: null, total: d('50.00') })],
) {
  const net = Decimal.sum(lines.map((l) => l.total));
  const total = charges.reduce((t, c) => (c.kind === 'discount' ? t.sub(c.amount) : t.add(c.amount)), net);
  return invoice({ lines, charges, total });
}

describe('invoice charges on the bill (issue 11, case 8)', () => {
  it('writes each charge as its own line under its own category, never one lump', () => {
    const inv = charged([
      { kind: 'shipping', amount: d('12.00') },
      { kind: 'handling', amount: d('3.50') },
      { kind: 'misc', amount: d('1.25') },
    ]);
    const draft = billFromInvoice(inv, 'v', mapping, 'INV INV-10');
    expect(draft.lines.slice(2).map((l) => [l.description, l.unitCost.toString(), l.categoryId])).toEqual([
      ['Shipping', '12.00', 'cat-freight'],
      ['Handling', '3.50', 'cat-charges'],
      ['Miscellaneous charges', '1.25', 'cat-charges'],
    ]);
    expect(freshbooksTotal(draft).eq(inv.total)).toBe(true);
  });

  it('writes the tax as FreshBooks tax fields when the business has that tax and the cents agree', () => {
    const inv = charged([{ kind: 'tax', amount: d('7.50'), rate: d('5'), code: 'gst' }]);
    const draft = billFromInvoice(inv, 'v', mapping, 'INV INV-10', [HST, GST]);
    expect(draft.lines).toHaveLength(2);
    expect(draft.lines.every((l) => l.tax?.name === 'GST' && l.tax.percent.eq(d('5')))).toBe(true);
    expect(freshbooksTotal(draft).eq(inv.total)).toBe(true);
  });

  it('taxes the charge lines too when that is what gives Coupa’s amount', () => {
    const inv = charged([
      { kind: 'shipping', amount: d('10.00') },
      { kind: 'tax', amount: d('8.00'), rate: d('5'), code: 'GST' },
    ]);
    const draft = billFromInvoice(inv, 'v', mapping, 'INV INV-10', [GST]);
    expect(draft.lines.map((l) => l.tax?.name ?? null)).toEqual(['GST', 'GST', 'GST']);
    expect(freshbooksTotal(draft).eq(inv.total)).toBe(true);
  });

  it('writes the tax as its own line when no business tax is certainly it, or FreshBooks would round to another amount', () => {
    const unknown = charged([{ kind: 'tax', amount: d('7.50'), rate: d('5'), code: 'VAT' }]);
    const a = billFromInvoice(unknown, 'v', mapping, 'INV INV-10', [GST, { name: 'PST', percent: d('5') }]);
    expect(a.lines.at(-1)).toMatchObject({ description: 'Tax VAT 5%', categoryId: 'cat-tax' });
    expect(a.lines.some((l) => l.tax)).toBe(false);
    expect(freshbooksTotal(a).eq(unknown.total)).toBe(true);

    // Coupa computed the tax on the header (7.51 on 150.10 is not what 5% per line gives).
    const offByACent = charged([{ kind: 'tax', amount: d('7.51'), rate: d('5'), code: 'GST' }]);
    const b = billFromInvoice(offByACent, 'v', mapping, 'INV INV-10', [GST]);
    expect(b.lines.at(-1)?.description).toBe('Tax GST 5%');
    expect(freshbooksTotal(b).eq(offByACent.total)).toBe(true);
  });

  it('takes a discount off the lines in proportion, so no line is negative and the total is exact', () => {
    const inv = charged([{ kind: 'discount', amount: d('10.00') }]);
    const draft = billFromInvoice(inv, 'v', mapping, 'INV INV-10');
    expect(draft.lines.map((l) => [l.description, l.quantity.toString(), l.unitCost.toString()])).toEqual([
      ['Widget (2 × 50, less discount 6.67)', '1', '93.33'],
      ['Widget (less discount 3.33)', '1', '46.67'],
    ]);
    expect(freshbooksTotal(draft).eq(inv.total)).toBe(true);
  });

  it('takes a total below the lines (an unexplained credit) off the lines instead of a negative line', () => {
    const inv = invoice({ lines: [invLine({ total: d('100.00') })], total: d('95.00') });
    const draft = billFromInvoice(inv, 'v', mapping, 'INV INV-10');
    expect(draft.lines).toHaveLength(1);
    expect(draft.lines[0]?.unitCost.toString()).toBe('95.00');
  });

  it('writes a negative discount as a charge, so the bill still totals what Coupa asks', () => {
    const inv = invoice({
      lines: [invLine({ total: d('100.00') })],
      charges: [{ kind: 'discount', amount: d('-4.00') }],
      total: d('104.00'),
    });
    const draft = billFromInvoice(inv, 'v', mapping, 'INV INV-10');
    expect(draft.lines.at(-1)).toMatchObject({ description: 'Miscellaneous charges' });
    expect(freshbooksTotal(draft).eq(inv.total)).toBe(true);
  });

  it('sends a discount larger than the lines to a person', () => {
    const inv = charged([{ kind: 'discount', amount: d('200.00') }]);
    expect(() => billFromInvoice(inv, 'v', mapping, 'INV INV-10')).toThrow(/more than its lines come to/);
  });

  it('taxes the discounted amounts, as FreshBooks will', () => {
    const inv = charged([
      { kind: 'discount', amount: d('10.00') },
      { kind: 'tax', amount: d('7.00'), rate: d('5'), code: 'GST' },
    ]);
    const draft = billFromInvoice(inv, 'v', mapping, 'INV INV-10', [GST]);
    expect(draft.lines.every((l) => l.tax?.name === 'GST')).toBe(true);
    expect(freshbooksTotal(draft).eq(inv.total)).toBe(true);
  });
});

describe('discountParts', () => {
  it('sums exactly to the discount and skips credit lines', () => {
    const parts = discountParts(d('1.00'), [d('1.00'), d('1.00'), d('1.00'), d('-5.00')], 'USD');
    expect(parts?.map((p) => p.toString())).toEqual(['0.34', '0.33', '0.33', '0.00']);
    expect(discountParts(d('3.01'), [d('3.00')], 'USD')).toBeUndefined();
  });
});

describe('businessTaxFor', () => {
  it('matches by code and rate, or by rate alone when no tax has the code’s name and only one has the rate', () => {
    expect(businessTaxFor({ kind: 'tax', amount: d('1'), code: ' gst ', rate: d('5.0') }, [GST, HST])).toBe(GST);
    expect(businessTaxFor({ kind: 'tax', amount: d('1'), code: 'GST', rate: d('13') }, [GST, HST])).toBeUndefined();
    expect(businessTaxFor({ kind: 'tax', amount: d('1'), rate: d('13') }, [GST, HST])).toBe(HST);
    expect(businessTaxFor({ kind: 'tax', amount: d('1'), code: 'CA-SALES', rate: d('13') }, [GST, HST])).toBe(HST);
    expect(businessTaxFor({ kind: 'tax', amount: d('1'), rate: d('5') }, [GST, { name: 'PST', percent: d('5') }])).toBeUndefined();
    expect(businessTaxFor({ kind: 'tax', amount: d('1') }, [GST])).toBeUndefined();
  });

  it('never puts a tax on negative lines (FreshBooks’ rounding of them is not known)', () => {
    expect(taxMatches([d('10.00'), d('-2.00')], GST, d('0.40'))).toBe(false);
  });
});

describe('bill limits (issue 11, case 15)', () => {
  it('gathers lines of one category when a document has more than a bill holds, keeping the total', () => {
    const lines = Array.from({ length: 150 }, (_, i) =>
      invLine({ lineNum: String(i + 1), quantity: null, total: d('1.01'), segments: ['SF', i % 2 === 0 ? 'IT' : 'Legal'] }),
    );
    const inv = invoice({ lines, total: d('151.50'), charges: [] });
    const byDept: CategoryMapping = { ...mapping, bySegment: { segmentIndex: 2, map: { IT: 'cat-it', Legal: 'cat-legal' } } };
    const draft = billFromInvoice(inv, 'v', byDept, 'INV INV-10');
    expect(draft.lines.map((l) => [l.categoryId, l.unitCost.toString()])).toEqual([
      ['cat-it', '75.75'],
      ['cat-legal', '75.75'],
    ]);
    const description = draft.lines[0]?.description ?? '';
    expect(description.startsWith('75 lines of Invoice INV-10: lines 1, 3, 5, 7,')).toBe(true);
    expect(description.endsWith(' … (full text: Invoice INV-10 in Coupa)')).toBe(true);
    expect(Array.from(description).length).toBeLessThanOrEqual(255);
    expect(freshbooksTotal(draft).eq(inv.total)).toBe(true);
  });

  it('keeps a 100-line PO as it is and gathers a 101-line one', () => {
    const lines = (n: number) =>
      Array.from({ length: n }, (_, i) => poLine({ lineNum: String(i + 1), quantity: null, unitPrice: d('2.00'), total: d('2.00') }));
    expect(billFromPurchaseOrder(po({ lines: lines(100) }), 'v', mapping).lines).toHaveLength(100);
    const gathered = billFromPurchaseOrder(po({ lines: lines(101) }), 'v', mapping);
    expect(gathered.lines.map((l) => [l.description, l.unitCost.toString()])).toEqual([['101 lines of PO 2400: lines 1–101', '202.00']]);
  });

  it('shortens a description FreshBooks would refuse, keeping quantity and price and saying where the full text is', () => {
    const long = 'Field service, '.repeat(30).trim();
    const draft = billFromInvoice(
      invoice({ lines: [invLine({ description: long, quantity: d('3'), unitPrice: d('0.125'), total: d('0.38') })] }),
      'v',
      mapping,
      'INV INV-10',
    );
    const text = draft.lines[0]?.description ?? '';
    expect(Array.from(text)).toHaveLength(255);
    expect(text.startsWith('Field service, Field service')).toBe(true);
    expect(text.endsWith(' … (full text: Invoice INV-10 line 1 in Coupa) (3 × 0.125)')).toBe(true);
  });

  it('writes a quantity with more places than FreshBooks keeps as one unit of the exact total', () => {
    const line = invLine({ quantity: d('2.125'), unitPrice: d('8.00'), total: d('17.00') });
    const draft = billFromInvoice(invoice({ lines: [line] }), 'v', mapping, 'INV INV-10');
    expect(draft.lines[0]).toMatchObject({ description: 'Widget (2.125 × 8)' });
    expect(draft.lines[0]?.quantity.toString()).toBe('1');
    expect(draft.lines[0]?.unitCost.toString()).toBe('17.00');
  });
});
