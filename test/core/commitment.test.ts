import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { invoicedByPo, invoicedLines, openCommitment, type InvoicedLine } from '../../src/core/commitment.js';
import { Decimal } from '../../src/lib/decimal.js';
import { d, invLine, invoice, po, poLine } from './fixtures.js';

const line = (amount: string, orderLineNum: string | null = '1', poNumber = '2400'): InvoicedLine => ({
  invoiceId: 'i',
  poNumber,
  orderLineNum,
  amount: d(amount),
});
const order = po({
  lines: [
    poLine({ lineNum: '1', description: 'Hosting', quantity: d('10'), unitPrice: d('100.00'), total: d('1000.00') }),
    poLine({ lineNum: '2', description: 'Setup', quantity: null, unitPrice: d('250.00'), total: d('250.00') }),
  ],
});

describe('openCommitment', () => {
  it('takes each invoice line off the PO line it names, keeping whole units as a quantity', () => {
    const open = openCommitment(order, [line('400.00')]);
    expect(open.open.toString()).toBe('850.00');
    expect(open.lines.map((l) => [l.description, l.quantity?.toString() ?? null, l.total.toString()])).toEqual([
      ['Hosting', '6', '600.00'],
      ['Setup', null, '250.00'],
    ]);
  });

  it('writes a part that is not whole units as an amount that says what it is part of', () => {
    const open = openCommitment(order, [line('450.50')]);
    expect(open.lines[0]).toMatchObject({ description: 'Hosting (open: 549.50 of 1000.00)', quantity: null });
    expect(open.open.toString()).toBe('799.50');
  });

  it('takes lines that name no PO line off the open lines in order; never below zero', () => {
    expect(openCommitment(order, [line('1100.00', null)]).open.toString()).toBe('150.00');
    expect(openCommitment(order, [line('5000.00', '1')]).open.toString()).toBe('250.00');
    expect(openCommitment(order, [line('5000.00', null)]).open.toString()).toBe('0');
  });

  it('ignores other POs’ lines; a cancelled or closed PO has nothing open', () => {
    expect(openCommitment(order, [line('400.00', '1', '9999')]).open.toString()).toBe('1250.00');
    expect(openCommitment(po({ ...order, status: 'cancelled' }), []).open.isZero()).toBe(true);
    expect(openCommitment(po({ ...order, status: 'soft_closed' }), []).lines).toEqual([]);
  });

  it('never holds more than the PO, nor less than it minus what was invoiced (generated)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom('1', '2', '7', null)), { maxLength: 8 }),
        (parts) => {
          const invoiced = parts.map(([cents, ol]) => line(Decimal.fromUnits(BigInt(cents), 2).toString(), ol));
          const { open, lines } = openCommitment(order, invoiced);
          const total = d('1250.00');
          const billed = Decimal.sum(invoiced.map((l) => l.amount));
          expect(open.gt(total)).toBe(false);
          expect(open.isNegative()).toBe(false);
          expect(open.lt(total.sub(billed))).toBe(false);
          expect(Decimal.sum(lines.map((l) => l.total)).eq(open)).toBe(true);
        },
      ),
    );
  });
});

describe('invoicedLines', () => {
  it('lists the lines billed against each PO of a multi-PO invoice', () => {
    const two = invoice({
      lines: [invLine({ total: d('100.00') }), invLine({ lineNum: '2', poNumber: '2500', orderLineNum: '3', total: d('40.00') })],
    });
    expect(Object.fromEntries([...invoicedByPo(invoicedLines(two))].map(([k, v]) => [k, v.toString()]))).toEqual({
      '2400': '100.00',
      '2500': '40.00',
    });
    expect(invoicedLines(invoice({ lines: [invLine({ poNumber: undefined })] }))).toEqual([]);
  });
});
