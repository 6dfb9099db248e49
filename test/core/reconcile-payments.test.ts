import { describe, expect, it } from 'vitest';
import { allocationDifference, comparePayments } from '../../src/core/reconcile-payments.js';
import type { BillPayment, CoupaPayment } from '../../src/core/records.js';
import { Decimal } from '../../src/lib/decimal.js';

const d = (v: string) => Decimal.parse(v);
const coupa = (id: string, amount: string, date: string, notes: string | null = null): CoupaPayment => ({
  id,
  amount: d(amount),
  date,
  notes,
});
const fb = (id: string, amount: string, paidDate: string, note: string | null = null): BillPayment => ({
  id,
  billId: 'B1',
  amount: d(amount),
  currency: 'USD',
  paidDate,
  paymentType: 'Other',
  note,
});
const invoice = (payments: CoupaPayment[]) => ({ id: '77', invoiceNumber: 'INV-7', payments });

describe('comparePayments', () => {
  it('pairs by saved link, then by the markers either side carries, then a hand entry of the same amount near the date', () => {
    const result = comparePayments(
      invoice([
        coupa('1', '100.00', '2026-11-02'),
        coupa('2', '50.00', '2026-11-03'),
        coupa('3', '25.00', '2026-11-04', 'FreshBooks bill payment 903 | OPS 25.00'),
        coupa('4', '10.00', '2026-11-05', 'cheque'),
      ]),
      [
        fb('901', '100.00', '2026-11-02'),
        fb('902', '50.00', '2026-11-03', 'Coupa payment 2 on invoice INV-7'),
        fb('903', '25.00', '2026-11-04'),
        fb('904', '10.00', '2026-11-07', 'cheque 18'),
      ],
      [{ coupaKey: '77:1', billPaymentId: '901' }],
    );
    expect(result.agreed.map((p) => [p.coupa.id, p.freshbooks.id])).toEqual([
      ['1', '901'],
      ['2', '902'],
      ['3', '903'],
      ['4', '904'],
    ]);
    expect([result.differing, result.coupaOnly, result.freshbooksOnly]).toEqual([[], [], []]);
    expect(result.coupaPaid.eq(result.freshbooksPaid)).toBe(true);
  });

  it('lets a reversal in Coupa cancel the payment it reverses, and reports what is left on one side only', () => {
    const result = comparePayments(
      invoice([coupa('1', '100.00', '2026-11-02'), coupa('2', '-100.00', '2026-11-09'), coupa('3', '40.00', '2026-11-10')]),
      [fb('905', '60.00', '2026-11-20')],
      [],
    );
    expect(result.coupaOnly.map((p) => p.id)).toEqual(['3']);
    expect(result.freshbooksOnly.map((p) => p.id)).toEqual(['905']);
    expect(result.coupaPaid.toString()).toBe('40.00');
  });

  it('reports a pair whose amounts differ, and ignores deleted FreshBooks payments', () => {
    const result = comparePayments(
      invoice([coupa('1', '90.00', '2026-11-02', 'FreshBooks bill payment 906')]),
      [fb('906', '60.00', '2026-11-02'), { ...fb('907', '90.00', '2026-11-02'), visState: 1 }],
      [],
    );
    expect(result.differing.map((p) => [p.coupa.amount.toString(), p.freshbooks.amount.toString()])).toEqual([['90.00', '60.00']]);
    expect(result.freshbooksPaid.toString()).toBe('60.00');
  });
});

describe('allocationDifference', () => {
  const lines = [
    { total: d('150.00'), segments: ['NW', 'OPS', '6100'] },
    { total: d('50.00'), segments: ['NW', 'FIN', '6800'] },
  ];
  const paid = (notes: string) => ({ payments: [coupa('1', '200.00', '2026-11-02', notes)], currency: 'USD', lines });

  it('agrees when the split in the notes is the split of the lines', () => {
    expect(allocationDifference(paid('FreshBooks bill payment 9 | FIN 50.00; OPS 150.00'), 2)).toBeUndefined();
  });

  it('says what was written and what the lines give when they differ', () => {
    expect(allocationDifference(paid('FreshBooks bill payment 9 | FIN 60.00; OPS 140.00'), 2)).toEqual({
      written: [
        { costCentre: 'FIN', amount: d('60.00') },
        { costCentre: 'OPS', amount: d('140.00') },
      ],
      expected: [
        { costCentre: 'FIN', amount: d('50.00') },
        { costCentre: 'OPS', amount: d('150.00') },
      ],
    });
  });

  it('cannot judge a split cut short in the notes, nor payments the connector did not write', () => {
    expect(allocationDifference(paid('FreshBooks bill payment 9 | FIN 60.00 (+1 more: ml-connector allocations)'), 2)).toBeUndefined();
    expect(allocationDifference(paid('cheque 44'), 2)).toBeUndefined();
  });
});
