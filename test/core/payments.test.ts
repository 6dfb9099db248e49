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
  allocationsInNotes,
  billPaymentDecision,
  coupaPaymentDecision,
  COUPA_NOTES_MAX,
  sameAmountNear,
} from '../../src/core/payments.js';
import { allocatePayment } from '../../src/core/allocation.js';
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
  it('keys a Coupa payment by its id; the one header payment of an invoice by a fixed word, whatever its notes or date', () => {
    expect(coupaPaymentKey('92010', coupaPay())).toBe('92010:55');
    const header = coupaPay({ id: undefined });
    expect(coupaPaymentKey('92010', header)).toBe('92010:header');
    expect(coupaPaymentKey('92010', { ...coupaPay({ id: undefined, notes: 'edited later' }) })).toBe('92010:header');
    expect(coupaPaymentRef({ id: ' 77 ' })).toBe('77');
  });
});

describe('notes and origin', () => {
  it('writes the markers described in the design', () => {
    expect(freshBooksNoteFor(invoice(), coupaPay())).toBe('Coupa payment 55 on invoice INV-10');
    expect(coupaNotesFor(billPay())).toBe('FreshBooks bill payment 1490');
    const split = [
      { costCentre: 'CC-100', amount: d('60.00') },
      { costCentre: null, amount: d('40.00') },
    ];
    expect(coupaNotesFor(billPay(), split)).toBe('FreshBooks bill payment 1490 | CC-100 60.00; unassigned 40.00');
    expect(allocationsInNotes(coupaNotesFor(billPay(), split))).toEqual([
      { costCentre: 'CC-100', amount: '60.00' },
      { costCentre: null, amount: '40.00' },
    ]);
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

describe('notes over 255 characters', () => {
  it('keeps the first parts of a long split and says where the rest is', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ costCentre: `COST-CENTRE-${i}`, amount: d('1.00') }));
    const notes = coupaNotesFor(billPay(), many);
    expect(notes.length).toBeLessThanOrEqual(COUPA_NOTES_MAX);
    expect(notes).toMatch(/^FreshBooks bill payment 1490 \| COST-CENTRE-0 1\.00; .* \(\+\d+ more: ml-connector allocations\)$/);
    expect(originOf(notes)).toEqual({ origin: 'freshbooks', billPaymentId: '1490' });
    expect(allocationsInNotes(notes).length).toBeLessThan(40);
  });
});

describe('echo suppression', () => {
  it('never mirrors a payment back to where it came from', () => {
    expect(coupaPaymentDecision(coupaPay({ notes: coupaNotesFor(billPay()) }))).toEqual({ action: 'skip', reason: 'echo' });
    expect(billPaymentDecision(billPay({ note: freshBooksNoteFor(invoice(), coupaPay()) }))).toEqual({ action: 'skip', reason: 'echo' });
    expect(coupaPaymentDecision(coupaPay())).toEqual({ action: 'write' });
    expect(billPaymentDecision(billPay())).toEqual({ action: 'write' });
  });

  it('reverses on a negative Coupa payment; skips deleted or empty payments', () => {
    expect(coupaPaymentDecision(coupaPay({ amount: d('-100') }))).toEqual({ action: 'reverse' });
    expect(coupaPaymentDecision(coupaPay({ amount: d('0') }))).toEqual({ action: 'skip', reason: 'zero' });
    expect(billPaymentDecision(billPay({ visState: 1 }))).toEqual({ action: 'skip', reason: 'removed' });
    expect(billPaymentDecision(billPay({ amount: d('0.00') }))).toEqual({ action: 'skip', reason: 'not-positive' });
  });
});

describe('hand-entered payments', () => {
  it('match on the same amount within three days, the closest date first', () => {
    const candidates = [
      { id: 'a', amount: d('100.00'), date: '2024-05-05' },
      { id: 'b', amount: d('100.0'), date: '2024-05-02' },
      { id: 'c', amount: d('99.99'), date: '2024-05-01' },
    ];
    expect(sameAmountNear(candidates, { amount: d('100'), date: '2024-05-01' })?.id).toBe('b');
    expect(sameAmountNear(candidates, { amount: d('100'), date: '2024-04-20' })).toBeUndefined();
    expect(sameAmountNear(candidates, { amount: d('99.99'), date: '2024-05-04' })?.id).toBe('c');
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
    const parts = allocatePayment(d('40.00'), 'USD', inv.lines, 2);
    const draft = coupaPaymentFromBillPayment(inv, billPay({ amount: d('40.00') }), parts);
    expect(draft.invoiceId).toBe('92010');
    expect(draft.notes).toBe('FreshBooks bill payment 1490 | CC-1 30.00; CC-2 10.00');
    expect(draft.date).toBe('2024-05-02');
    expect(draft.allocations.map((a) => [a.costCentre, a.amount.toString()])).toEqual([
      ['CC-1', '30.00'],
      ['CC-2', '10.00'],
    ]);
    // A payment without a currency is in its bill's.
    expect(coupaPaymentFromBillPayment(inv, billPay({ currency: '' }), []).amount.toString()).toBe('100.00');
  });

  it('refuses a bill payment in another currency', () => {
    expect(() => coupaPaymentFromBillPayment(invoice(), billPay({ currency: 'EUR' }), [])).toThrow(/not converted/);
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
    expect(billPaymentWrittenFor([billPay(), written], coupaPay())?.id).toBe('2000');
    expect(billPaymentWrittenFor([{ ...written, visState: 1 }], coupaPay())).toBeUndefined();
    expect(billPaymentWrittenFor([written], coupaPay({ id: '56' }))).toBeUndefined();
  });
});
