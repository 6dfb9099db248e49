import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BILL_TAG_MAX_LENGTH,
  BillTagError,
  billTag,
  billTagMatches,
  isTagOfPo,
  laterInvoiceTag,
  parseBillTag,
  poTag,
  standaloneTag,
} from '../../src/core/bill-tags.js';

describe('billTag', () => {
  it('tags a PO bill with the PO number, a later invoice with both, a standalone invoice with its number', () => {
    expect(poTag('2400')).toBe('2400');
    expect(laterInvoiceTag('2400', 'INV-11')).toBe('2400 / INV-11');
    expect(standaloneTag('INV-12')).toBe('INV-12');
    expect(billTag({ kind: 'po-invoice', poNumber: ' 2400 ', invoiceNumber: ' INV-11 ' })).toBe('2400 / INV-11');
  });

  it('refuses blank numbers', () => {
    expect(() => poTag(' ')).toThrow(BillTagError);
    expect(() => laterInvoiceTag('2400', '')).toThrow(/invoice number/);
  });

  it('keeps tags of up to 40 characters whole', () => {
    const inv40 = 'X'.repeat(40);
    expect(standaloneTag(inv40)).toBe(inv40);
    const tag = laterInvoiceTag('2400', 'I'.repeat(33));
    expect(tag.length).toBe(40);
    expect(parseBillTag(tag)).toEqual({ kind: 'po-invoice', poNumber: '2400', invoiceNumber: 'I'.repeat(33) });
  });

  it('cuts longer tags to 40 with a hash, keeping the PO part readable', () => {
    const a = laterInvoiceTag('PO-000002400', 'SUPPLIER-INVOICE-2024-000000000000000001');
    const b = laterInvoiceTag('PO-000002400', 'SUPPLIER-INVOICE-2024-000000000000000002');
    expect(a.length).toBe(BILL_TAG_MAX_LENGTH);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^PO-000002400 \/ SUPPLIER-INVOICE~[0-9a-f]{8}$/);
    expect(laterInvoiceTag('PO-000002400', 'SUPPLIER-INVOICE-2024-000000000000000001')).toBe(a);
    expect(parseBillTag(a)).toEqual({ kind: 'cut', prefix: 'PO-000002400 / SUPPLIER-INVOICE', poNumber: 'PO-000002400' });
    expect(isTagOfPo(a, 'PO-000002400')).toBe(true);
  });

  it('counts characters, not UTF-16 units, and never splits one', () => {
    const tag = laterInvoiceTag('2400', '😀'.repeat(40));
    expect([...tag].length).toBe(40);
    expect(tag).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('parseBillTag', () => {
  it('reads back each kind', () => {
    expect(parseBillTag(null)).toEqual({ kind: 'empty' });
    expect(parseBillTag('  ')).toEqual({ kind: 'empty' });
    expect(parseBillTag('2400')).toEqual({ kind: 'single', value: '2400' });
    expect(parseBillTag(' INV-12 ')).toEqual({ kind: 'single', value: 'INV-12' });
    expect(parseBillTag('2400 / INV-11')).toEqual({ kind: 'po-invoice', poNumber: '2400', invoiceNumber: 'INV-11' });
    expect(parseBillTag('2400 / INV/2024 / 7')).toEqual({ kind: 'po-invoice', poNumber: '2400', invoiceNumber: 'INV/2024 / 7' });
    expect(parseBillTag('2024/001')).toEqual({ kind: 'single', value: '2024/001' });
  });

  it('round-trips every tag it makes (PO numbers without the separator)', () => {
    const num = fc
      .string({ minLength: 1, maxLength: 20 })
      .map((s) => s.trim())
      .filter((s) => s !== '' && !s.includes(' / '));
    const inv = fc
      .string({ minLength: 1, maxLength: 40 })
      .map((s) => s.trim())
      .filter((s) => s !== '');
    fc.assert(
      fc.property(num, inv, (po, invoiceNumber) => {
        expect(parseBillTag(poTag(po))).toEqual({ kind: 'single', value: po });
        const later = laterInvoiceTag(po, invoiceNumber);
        expect([...later].length).toBeLessThanOrEqual(BILL_TAG_MAX_LENGTH);
        const parsed = parseBillTag(later);
        if (parsed.kind === 'po-invoice') expect(parsed).toEqual({ kind: 'po-invoice', poNumber: po, invoiceNumber: invoiceNumber });
        else expect(parsed).toMatchObject({ kind: 'cut' });
        expect(isTagOfPo(later, po)).toBe(true);
        expect(billTagMatches(` ${later} `, later)).toBe(true);
      }),
    );
  });

  it('gives distinct later-invoice tags for distinct invoice numbers of a PO', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc
            .string({ minLength: 1, maxLength: 40 })
            .map((s) => s.trim())
            .filter(Boolean),
          { minLength: 2, maxLength: 30 },
        ),
        (invs) => {
          const tags = new Set(invs.map((i) => laterInvoiceTag('PO-2400-ABCDEFGH', i)));
          expect(tags.size).toBe(invs.length);
        },
      ),
    );
  });
});

describe('isTagOfPo / billTagMatches', () => {
  it('recognises a PO’s own and later-invoice bills only', () => {
    expect(isTagOfPo('2400', '2400')).toBe(true);
    expect(isTagOfPo('2400 / INV-3', '2400')).toBe(true);
    expect(isTagOfPo('24000', '2400')).toBe(false);
    expect(isTagOfPo('2401 / INV-3', '2400')).toBe(false);
    expect(isTagOfPo(null, '2400')).toBe(false);
  });

  it('compares exactly (after trimming)', () => {
    expect(billTagMatches('2400', '2400')).toBe(true);
    expect(billTagMatches('2400 ', '2400')).toBe(true);
    expect(billTagMatches('po 2400', '2400')).toBe(false);
    expect(billTagMatches(null, '2400')).toBe(false);
  });
});
