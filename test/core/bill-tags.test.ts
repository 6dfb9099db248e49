import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BILL_TAG_MAX_LENGTH,
  BillTagError,
  billTag,
  billTagMatches,
  invoiceTag,
  isTagOfInvoice,
  isTagOfPo,
  parseBillTag,
  poTag,
} from '../../src/core/bill-tags.js';

const text = (max: number) =>
  fc
    .string({ minLength: 1, maxLength: max })
    .map((s) => s.trim())
    .filter((s) => s !== '');

describe('billTag', () => {
  it('tags a PO’s commitment bill and an invoice’s bill with different words', () => {
    expect(poTag('2400')).toBe('PO 2400');
    expect(invoiceTag('INV-11', '2400')).toBe('INV INV-11 / PO 2400');
    expect(invoiceTag('INV-12')).toBe('INV INV-12');
    expect(billTag({ kind: 'invoice', invoiceNumber: ' INV-11 ', poNumber: ' 2400 ' })).toBe('INV INV-11 / PO 2400');
  });

  it('never gives a PO and an invoice of the same number the same tag (an invoice numbered like a PO)', () => {
    fc.assert(
      fc.property(text(20), text(20), (po, inv) => {
        expect(poTag(po)).not.toBe(invoiceTag(inv));
        expect(isTagOfPo(invoiceTag(po), po)).toBe(false);
        expect(isTagOfInvoice(poTag(inv), inv)).toBe(false);
      }),
    );
  });

  it('refuses blank numbers', () => {
    expect(() => poTag(' ')).toThrow(BillTagError);
    expect(() => invoiceTag('', '2400')).toThrow(/invoice number/);
  });

  it('cuts longer tags to 40 with a hash; the same input gives the same tag, different ones differ', () => {
    const a = invoiceTag('SUPPLIER-INVOICE-2024-000000000000000001', 'PO-000002400');
    const b = invoiceTag('SUPPLIER-INVOICE-2024-000000000000000002', 'PO-000002400');
    expect(a.length).toBe(BILL_TAG_MAX_LENGTH);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^INV SUPPLIER-INVOICE-2024-00000~[0-9a-f]{8}$/);
    expect(parseBillTag(a)).toEqual({ kind: 'cut', of: 'invoice' });
    expect(isTagOfInvoice(a, 'SUPPLIER-INVOICE-2024-000000000000000001', 'PO-000002400')).toBe(true);
    expect(isTagOfInvoice(a, 'SUPPLIER-INVOICE-2024-000000000000000002', 'PO-000002400')).toBe(false);
  });

  it('counts characters, not UTF-16 units, and never splits one', () => {
    const tag = invoiceTag('😀'.repeat(40), '2400');
    expect(Array.from(tag).length).toBe(40);
    expect(tag).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('parseBillTag', () => {
  it('reads back each kind; anything else is a person’s', () => {
    expect(parseBillTag(null)).toEqual({ kind: 'foreign' });
    expect(parseBillTag('2400')).toEqual({ kind: 'foreign' });
    expect(parseBillTag('PO 2400')).toEqual({ kind: 'po', poNumber: '2400' });
    expect(parseBillTag(' INV INV-12 ')).toEqual({ kind: 'invoice', invoiceNumber: 'INV-12' });
    expect(parseBillTag('INV INV/2024 / PO 7 / PO 2400')).toEqual({ kind: 'invoice', invoiceNumber: 'INV/2024 / PO 7' });
  });

  it('round-trips every tag it makes that fits', () => {
    fc.assert(
      fc.property(text(20), text(30), (po, inv) => {
        expect(parseBillTag(poTag(po))).toEqual({ kind: 'po', poNumber: po });
        const tag = invoiceTag(inv, po);
        expect(Array.from(tag).length).toBeLessThanOrEqual(BILL_TAG_MAX_LENGTH);
        const parsed = parseBillTag(tag);
        if (parsed.kind === 'invoice' && !inv.includes(' / PO ')) expect(parsed.invoiceNumber).toBe(inv);
        expect(isTagOfInvoice(tag, inv, po)).toBe(true);
        expect(billTagMatches(` ${tag} `, tag)).toBe(true);
      }),
    );
  });

  it('gives distinct tags for distinct invoice numbers of a PO', () => {
    fc.assert(
      fc.property(fc.uniqueArray(text(40), { minLength: 2, maxLength: 30 }), (invs) => {
        expect(new Set(invs.map((i) => invoiceTag(i, 'PO-2400-ABCDEFGH'))).size).toBe(invs.length);
      }),
    );
  });
});
