import { describe, expect, it } from 'vitest';
import {
  billFromInvoice,
  billFromPurchaseOrder,
  billLine,
  categoryFor,
  dueOffsetDays,
  MappingError,
  type CategoryMapping,
} from '../../src/core/bill-mapping.js';
import type { BillDraft } from '../../src/core/records.js';
import { d, invLine, invoice, po, poLine } from './fixtures.js';

const mapping: CategoryMapping = {
  byAccountCode: { 'SF-IT-Assets': 'cat-assets' },
  bySegment: { segmentIndex: 2, map: { IT: 'cat-it', Legal: 'cat-legal' } },
  byCommodity: { Software: 'cat-software' },
  defaultCategoryId: 'cat-default',
};

/** Bill lines as plain strings, for readable expectations. */
function plain(draft: BillDraft) {
  return { ...draft, lines: draft.lines.map((l) => ({ ...l, quantity: l.quantity.toString(), unitCost: l.unitCost.toString() })) };
}

describe('categoryFor', () => {
  it('uses account code, then segment, then commodity, then the default', () => {
    expect(categoryFor({ accountCode: 'SF-IT-Assets', segments: ['SF', 'Legal'], commodity: 'Software' }, mapping)).toBe('cat-assets');
    expect(categoryFor({ accountCode: 'SF-Legal-Fees', segments: ['SF', 'Legal'], commodity: 'Software' }, mapping)).toBe('cat-legal');
    expect(categoryFor({ accountCode: 'X', segments: ['SF', 'Ops'], commodity: 'Software' }, mapping)).toBe('cat-software');
    expect(categoryFor({ segments: [] }, mapping)).toBe('cat-default');
  });

  it('segment index is 1-based, as Coupa names segments', () => {
    expect(categoryFor({ segments: ['IT'] }, { ...mapping, bySegment: { segmentIndex: 1, map: { IT: 'cat-it' } } })).toBe('cat-it');
    expect(categoryFor({ segments: ['IT'] }, mapping)).toBe('cat-default');
    expect(() => categoryFor({ segments: [] }, { ...mapping, bySegment: { segmentIndex: 0, map: {} } })).toThrow(/1 or more/);
  });

  it('trims keys and ignores inherited object keys', () => {
    expect(categoryFor({ accountCode: ' SF-IT-Assets ', segments: [] }, mapping)).toBe('cat-assets');
    expect(categoryFor({ accountCode: 'constructor', segments: ['x', 'toString'], commodity: '__proto__' }, mapping)).toBe('cat-default');
  });
});

describe('dueOffsetDays', () => {
  it('is the payment term, 30 when there is none', () => {
    expect(dueOffsetDays(45)).toBe(45);
    expect(dueOffsetDays(0)).toBe(0);
    expect(dueOffsetDays(undefined)).toBe(30);
    expect(() => dueOffsetDays(-1)).toThrow(MappingError);
    expect(() => dueOffsetDays(1.5)).toThrow(/whole number/);
  });
});

describe('billFromPurchaseOrder', () => {
  it('tags the bill with the PO number and carries lines, term, currency and date', () => {
    const draft = billFromPurchaseOrder(
      po({
        paymentTermDays: 45,
        lines: [
          poLine({
            lineNum: '2',
            description: 'Legal services Q4',
            quantity: null,
            unitPrice: d('500.00'),
            total: d('500.00'),
            segments: ['SF', 'Legal'],
          }),
          poLine({
            lineNum: '1',
            description: ' Widget ',
            quantity: d('2.000'),
            unitPrice: d('50.00'),
            total: d('100.00'),
            accountCode: 'SF-IT-Assets',
          }),
        ],
      }),
      'v-5',
      mapping,
    );
    expect(plain(draft)).toEqual({
      vendorId: 'v-5',
      billNumber: 'PO 2400',
      issueDate: '2025-02-10',
      dueOffsetDays: 45,
      currency: 'USD',
      lines: [
        { description: 'Widget', quantity: '2', unitCost: '50.00', categoryId: 'cat-assets' },
        { description: 'Legal services Q4', quantity: '1', unitCost: '500.00', categoryId: 'cat-legal' },
      ],
    });
  });

  it('orders lines numerically by line number', () => {
    const draft = billFromPurchaseOrder(
      po({ lines: ['10', '2', '1'].map((n) => poLine({ lineNum: n, description: `L${n}` })) }),
      'v',
      mapping,
    );
    expect(draft.lines.map((l) => l.description)).toEqual(['L1', 'L2', 'L10']);
  });

  it('refuses a PO without lines or with a bad date', () => {
    expect(() => billFromPurchaseOrder(po({ lines: [] }), 'v', mapping)).toThrow(/no lines/);
    expect(() => billFromPurchaseOrder(po({ issueDate: '2025-02-30' }), 'v', mapping)).toThrow(/YYYY-MM-DD/);
  });
});

describe('billLine amounts', () => {
  it('writes a unit price finer than the currency as one unit of the exact total', () => {
    const line = billLine(poLine({ description: 'Screws', quantity: d('8'), unitPrice: d('0.125'), total: d('1.00') }), 'USD', mapping);
    expect([line.description, line.quantity.toString(), line.unitCost.toString()]).toEqual(['Screws (8 × 0.125)', '1', '1.00']);
  });

  it('writes a line whose total Coupa rounded as one unit of that total', () => {
    const line = billLine(poLine({ description: 'Hours', quantity: d('3'), unitPrice: d('33.333'), total: d('100.00') }), 'USD', mapping);
    expect([line.description, line.quantity.toString(), line.unitCost.toString()]).toEqual(['Hours (3 × 33.333)', '1', '100.00']);
    const mismatch = billLine(poLine({ quantity: d('3'), unitPrice: d('10.00'), total: d('29.99') }), 'USD', mapping);
    expect(mismatch.unitCost.toString()).toBe('29.99');
  });

  it('keeps fractional quantities and writes amounts at the currency scale', () => {
    const line = billLine(poLine({ quantity: d('2.50'), unitPrice: d('40'), total: d('100') }), 'USD', mapping);
    expect([line.quantity.toString(), line.unitCost.toString()]).toEqual(['2.5', '40.00']);
  });

  it('JPY: whole yen; a fractional yen total is refused, not rounded', () => {
    const line = billLine(poLine({ quantity: d('3'), unitPrice: d('1500'), total: d('4500') }), 'JPY', mapping);
    expect([line.quantity.toString(), line.unitCost.toString()]).toEqual(['3', '1500']);
    const fine = billLine(poLine({ quantity: d('3'), unitPrice: d('0.5'), total: d('2') }), 'JPY', mapping);
    expect([fine.quantity.toString(), fine.unitCost.toString()]).toEqual(['1', '2']);
    expect(() => billLine(poLine({ quantity: null, unitPrice: d('10.5'), total: d('10.5') }), 'JPY', mapping)).toThrow(MappingError);
  });

  it('BHD (3 places): written with 3 places when FreshBooks can hold it, refused when it would be rounded', () => {
    const line = billLine(poLine({ quantity: null, unitPrice: d('12.5'), total: d('12.5') }), 'BHD', mapping);
    expect(line.unitCost.toString()).toBe('12.500');
    try {
      billLine(poLine({ quantity: null, unitPrice: d('1.234'), total: d('1.234') }), 'BHD', mapping);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(MappingError);
      expect((err as MappingError).code).toBe('unrepresentable-amount');
      expect((err as MappingError).message).toMatch(/FreshBooks keeps 2/);
    }
    // A 3-place unit price FreshBooks cannot hold becomes one unit of the total.
    const priced = billLine(poLine({ quantity: d('2'), unitPrice: d('0.125'), total: d('0.250') }), 'BHD', mapping);
    expect([priced.quantity.toString(), priced.unitCost.toString()]).toEqual(['1', '0.250']);
  });

  it('refuses a USD total with a third decimal', () => {
    expect(() => billLine(poLine({ quantity: null, unitPrice: d('1.005'), total: d('1.005') }), 'USD', mapping)).toThrow(/not rounded/);
  });

  it('keeps credit lines negative', () => {
    const line = billLine(poLine({ quantity: null, unitPrice: d('-20'), total: d('-20') }), 'USD', mapping);
    expect(line.unitCost.toString()).toBe('-20.00');
  });
});

describe('billFromInvoice', () => {
  it('uses the given tag, the invoice date, term and lines', () => {
    const draft = billFromInvoice(invoice({ paymentTermDays: undefined }), 'v-5', mapping, 'INV INV-10 / PO 2400');
    expect(plain(draft)).toEqual({
      vendorId: 'v-5',
      billNumber: 'INV INV-10 / PO 2400',
      issueDate: '2024-04-01',
      dueOffsetDays: 30,
      currency: 'USD',
      lines: [{ description: 'Widget', quantity: '2', unitCost: '50.00', categoryId: 'cat-default' }],
    });
  });

  it('adds a line for a difference the header does not explain, so the bill totals what Coupa asks to be paid', () => {
    const inv = invoice({ lines: [invLine({ total: d('100.00') })], total: d('108.25') });
    const draft = billFromInvoice(inv, 'v', { ...mapping, chargesCategoryId: 'cat-tax' }, 'INV-10');
    expect(draft.lines.at(-1)).toMatchObject({ description: 'Other charges', categoryId: 'cat-tax' });
    expect(draft.lines.at(-1)!.unitCost.toString()).toBe('8.25');
    const total = draft.lines.reduce((s, l) => s.add(l.quantity.mul(l.unitCost)), d('0'));
    expect(total.eq(inv.total)).toBe(true);
    expect(billFromInvoice(inv, 'v', mapping, 'INV-10').lines.at(-1)!.categoryId).toBe('cat-default');
  });

  it('refuses an invoice with nothing to bill', () => {
    expect(() => billFromInvoice(invoice({ lines: [], total: d('0') }), 'v', mapping, 'INV-10')).toThrow(/no lines/);
  });
});
