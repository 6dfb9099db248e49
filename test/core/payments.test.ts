import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  billPaymentFromCoupa,
  billPaymentWrittenFor,
  coupaNotesFor,
  coupaPaymentFromBillPayment,
  coupaPaymentKey,
  coupaPaymentRef,
  coupaPaymentWrittenFor,
  freshBooksNoteFor,
  isOwnWrite,
  originOf,
  PaymentError,
  sameCoupaPayment,
  shouldMirrorBillPayment,
  shouldMirrorCoupaPayment,
} from '../../src/core/payments.js';
import type { BillPayment, CoupaPayment } from '../../src/core/records.js';
import { d, invLine, invoice } from './fixtures.js';

const coupaPay = (over: Partial<CoupaPayment> = {}): CoupaPayment => ({
  id: '55',
  amount: d('100.00'),
  date: '2024-05-01',
  notes: 'ACH-7781',
  ...over,
});
const billPay = (over: Partial<BillPayment> = {}): BillPayment => ({
  id: '1490',
  billId: 'b-po',
  amount: d('100.00'),
  currency: 'USD',
  paidDate: '2024-05-02',
  paymentType: 'Check',
  note: 'Paid via bank',
  visState: 0,
  ...over,
});

describe('payment identity', () => {
  it('keys a Coupa payment by its id, or by a hash of amount, date and notes', () => {
    expect(coupaPaymentKey('92010', coupaPay())).toBe('92010:55');
    const anon = coupaPay({ id: undefined });
    expect(coupaPaymentRef('92010', anon)).toMatch(/^h[0-9a-f]{16}$/);
    expect(coupaPaymentRef('92010', { ...anon, amount: d('100.0'), notes: ' ACH-7781 ' })).toBe(coupaPaymentRef('92010', anon));
    expect(coupaPaymentRef('92010', { ...anon, date: '2024-05-02' })).not.toBe(coupaPaymentRef('92010', anon));
    expect(coupaPaymentRef('92011', anon)).not.toBe(coupaPaymentRef('92010', anon));
  });
});

describe('notes and origin', () => {
  it('writes the markers described in the design', () => {
    expect(freshBooksNoteFor(invoice(), coupaPay())).toBe('Coupa payment 55 on invoice INV-10');
    expect(coupaNotesFor(billPay())).toBe('FreshBooks bill payment 1490');
  });

  it('reads them back, wherever they are in the note', () => {
    expect(originOf('Coupa payment 55 on invoice INV-10')).toEqual({ origin: 'coupa', coupaPaymentRef: '55', invoiceNumber: 'INV-10' });
    expect(originOf('FreshBooks bill payment 1490')).toEqual({ origin: 'freshbooks', billPaymentId: '1490' });
    expect(originOf('checked by Sam; freshbooks bill payment 1490 (ok)')).toEqual({ origin: 'freshbooks', billPaymentId: '1490' });
    expect(originOf('ACH-7781')).toEqual({ origin: 'native' });
    expect(originOf(null)).toEqual({ origin: 'native' });
    expect(isOwnWrite('Coupa payment h0123456789abcdef on invoice A / B')).toBe(true);
    expect(isOwnWrite('Paid via API')).toBe(false);
  });

  it('round-trips any invoice number and bill payment id (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ''),
        fc.stringMatching(/^[0-9]{1,12}$/),
        (invoiceNumber, id) => {
          const note = freshBooksNoteFor(invoice({ invoiceNumber }), coupaPay({ id }));
          expect(originOf(note)).toEqual({ origin: 'coupa', coupaPaymentRef: id, invoiceNumber: invoiceNumber.trim() });
          expect(originOf(coupaNotesFor({ id }))).toEqual({ origin: 'freshbooks', billPaymentId: id });
        },
      ),
    );
  });
});

describe('echo suppression', () => {
  it('never mirrors a payment back to where it came from', () => {
    expect(shouldMirrorCoupaPayment(coupaPay({ notes: coupaNotesFor(billPay()) }))).toEqual({ mirror: false, reason: 'echo' });
    expect(shouldMirrorBillPayment(billPay({ note: freshBooksNoteFor(invoice(), coupaPay()) }))).toEqual({ mirror: false, reason: 'echo' });
    expect(shouldMirrorCoupaPayment(coupaPay())).toEqual({ mirror: true });
    expect(shouldMirrorBillPayment(billPay())).toEqual({ mirror: true });
  });

  it('does not mirror reversals or deleted payments', () => {
    expect(shouldMirrorCoupaPayment(coupaPay({ amount: d('-100') }))).toEqual({ mirror: false, reason: 'not-positive' });
    expect(shouldMirrorCoupaPayment(coupaPay({ amount: d('0') }))).toEqual({ mirror: false, reason: 'not-positive' });
    expect(shouldMirrorBillPayment(billPay({ visState: 1 }))).toEqual({ mirror: false, reason: 'removed' });
    expect(shouldMirrorBillPayment(billPay({ amount: d('0.00') }))).toEqual({ mirror: false, reason: 'not-positive' });
  });
});

describe('drafts', () => {
  it('Coupa payment → FreshBooks bill payment', () => {
    const draft = billPaymentFromCoupa(invoice(), coupaPay({ amount: d('100') }), 'b-po');
    expect({ ...draft, amount: draft.amount.toString() }).toEqual({
      billId: 'b-po',
      amount: '100.00',
      currency: 'USD',
      paidDate: '2024-05-01',
      paymentType: 'Other',
      note: 'Coupa payment 55 on invoice INV-10',
    });
    expect(() => billPaymentFromCoupa(invoice(), coupaPay({ amount: d('1.005') }), 'b')).toThrow(PaymentError);
    expect(() => billPaymentFromCoupa(invoice({ currency: 'BHD' }), coupaPay({ amount: d('1.005') }), 'b')).toThrow(/FreshBooks keeps/);
  });

  it('FreshBooks bill payment → Coupa payment with its cost-centre allocation', () => {
    const inv = invoice({
      lines: [
        invLine({ total: d('75.00'), segments: ['3004', 'CC-1'] }),
        invLine({ lineNum: '2', total: d('25.00'), segments: ['3004', 'CC-2'] }),
      ],
    });
    const draft = coupaPaymentFromBillPayment(inv, billPay({ amount: d('40.00') }), 2);
    expect(draft.invoiceId).toBe('92010');
    expect(draft.notes).toBe('FreshBooks bill payment 1490');
    expect(draft.date).toBe('2024-05-02');
    expect(draft.allocations.map((a) => [a.costCentre, a.amount.toString()])).toEqual([
      ['CC-1', '30.00'],
      ['CC-2', '10.00'],
    ]);
  });

  it('refuses a bill payment in another currency', () => {
    expect(() => coupaPaymentFromBillPayment(invoice(), billPay({ currency: 'EUR' }), 1)).toThrow(/not converted/);
  });
});

describe('idempotency before the Coupa PUT', () => {
  const draft = { amount: d('40.00'), date: '2024-05-02', notes: 'FreshBooks bill payment 1490' };

  it('finds the same payment by amount, date and notes', () => {
    const existing = [coupaPay(), coupaPay({ id: '56', amount: d('40.0'), date: '2024-05-02', notes: ' FreshBooks bill payment 1490 ' })];
    expect(sameCoupaPayment(existing, draft)?.id).toBe('56');
    expect(sameCoupaPayment([coupaPay({ amount: d('40.01'), date: '2024-05-02', notes: draft.notes })], draft)).toBeUndefined();
    expect(sameCoupaPayment([coupaPay({ amount: d('40'), date: '2024-05-03', notes: draft.notes })], draft)).toBeUndefined();
    expect(sameCoupaPayment([], draft)).toBeUndefined();
  });

  it('finds a payment the connector wrote for a bill payment even after someone edited it', () => {
    const edited = coupaPay({ id: '56', amount: d('39.00'), notes: 'FreshBooks bill payment 1490' });
    expect(sameCoupaPayment([edited], draft)).toBeUndefined();
    expect(coupaPaymentWrittenFor([coupaPay(), edited], '1490')?.id).toBe('56');
    expect(coupaPaymentWrittenFor([edited], '149')).toBeUndefined();
  });

  it('finds the FreshBooks bill payment already written for a Coupa payment', () => {
    const written = billPay({ id: '2000', note: 'Coupa payment 55 on invoice INV-10' });
    expect(billPaymentWrittenFor([billPay(), written], invoice(), coupaPay())?.id).toBe('2000');
    expect(billPaymentWrittenFor([{ ...written, visState: 1 }], invoice(), coupaPay())).toBeUndefined();
    expect(billPaymentWrittenFor([written], invoice(), coupaPay({ id: '56' }))).toBeUndefined();
  });
});
