import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invoiceTag, poTag } from '../../src/core/bill-tags.js';
import { matchHandKeyed, mayBeFor, numberKey, oneEditApart, type HandKeyedInvoice } from '../../src/core/hand-keyed.js';
import type { Bill } from '../../src/core/records.js';
import { d } from './fixtures.js';

const invoice: HandKeyedInvoice = {
  invoiceNumber: 'INV-1001',
  poNumbers: ['4501'],
  total: d('1000.00'),
  currency: 'USD',
  invoiceDate: '2026-03-10',
};

let nextId = 100;
function bill(over: Partial<Bill> = {}): Bill {
  return {
    id: String(nextId++),
    vendorId: '7',
    billNumber: null,
    issueDate: '2026-01-01',
    dueOffsetDays: 30,
    currency: 'USD',
    lines: [],
    total: d('1000.00'),
    paid: d('0'),
    outstanding: d('1000.00'),
    status: 'unpaid',
    visState: 0,
    ...over,
  };
}
const none = new Set<string>();

describe('matchHandKeyed', () => {
  it.each([
    'INV-1001',
    'PO-4501 INV-1001',
    'PO4501/INV1001',
    'inv 1001',
    'INV1001',
    '#INV-1001',
    'INV_1001',
    'inv.1001',
    'INV-1001 (PO 4501)',
    'INV 1001',
  ])('takes "%s" as the invoice’s own number', (number) => {
    const b = bill({ billNumber: number });
    expect(matchHandKeyed(invoice, [bill({ billNumber: 'INV-2002' }), b], none)).toEqual({ kind: 'exact', bill: b, differences: [] });
  });

  it('takes a bare number with an INV word typed around it', () => {
    const b = bill({ billNumber: 'Invoice 77' });
    expect(matchHandKeyed({ ...invoice, invoiceNumber: '77', poNumbers: [] }, [b], none).kind).toBe('exact');
  });

  it('adopts a differing amount, saying how it differs', () => {
    const b = bill({ billNumber: 'INV 1001', total: d('980.00') });
    expect(matchHandKeyed(invoice, [b], none)).toEqual({
      kind: 'exact',
      bill: b,
      differences: ['FreshBooks bill ' + b.id + ' totals 980.00 USD; Coupa invoice INV-1001 totals 1000.00 USD'],
    });
  });

  it('never takes an owned, deleted or archived bill, nor another record’s connector tag', () => {
    const owned = bill({ billNumber: 'INV-1001' });
    const bills = [
      owned,
      bill({ billNumber: 'INV-1001', visState: 1 }),
      bill({ billNumber: 'INV-1001', visState: 2 }),
      bill({ billNumber: poTag('4501'), issueDate: '2026-03-10' }),
      bill({ billNumber: invoiceTag('INV-1002', '4501'), issueDate: '2026-03-10' }),
      bill({ billNumber: invoiceTag('INV-1001', '4501') }),
    ];
    expect(matchHandKeyed(invoice, bills, new Set([owned.id]))).toEqual({ kind: 'none' });
  });

  it('sends a typo, or the same amount within five days, to a person', () => {
    const typo = bill({ billNumber: 'INV-1010', issueDate: '2026-03-10' });
    expect(matchHandKeyed(invoice, [typo], none)).toMatchObject({ kind: 'near', candidates: [{ billId: typo.id }] });
    // A fixed monthly fee: last month's invoice is one edit away with the same amount, a month off: not a guess.
    expect(matchHandKeyed(invoice, [bill({ billNumber: 'INV-1000', issueDate: '2026-02-10' })], none)).toEqual({ kind: 'none' });
    // The next invoice of a sequence is one edit away too: without the same amount it is not a guess.
    expect(matchHandKeyed(invoice, [bill({ billNumber: 'INV-1002', total: d('75.00') })], none)).toEqual({ kind: 'none' });
    const dropped = bill({ billNumber: 'INV-101', issueDate: '2026-03-11' });
    expect(matchHandKeyed(invoice, [dropped], none)).toMatchObject({ kind: 'near' });
    const sameAmount = bill({ billNumber: 'March cleaning', issueDate: '2026-03-14' });
    expect(matchHandKeyed(invoice, [sameAmount], none)).toMatchObject({
      kind: 'near',
      candidates: [{ billId: sameAmount.id, why: 'same amount 1000.00 USD, dated 4 day(s) apart' }],
    });
    expect(matchHandKeyed(invoice, [bill({ issueDate: '2026-03-16' })], none)).toEqual({ kind: 'none' });
    expect(matchHandKeyed(invoice, [bill({ issueDate: '2026-03-10', currency: 'EUR' })], none)).toEqual({ kind: 'none' });
    const otherCurrency = bill({ billNumber: 'INV-1001', currency: 'EUR' });
    expect(matchHandKeyed(invoice, [otherCurrency], none)).toMatchObject({ kind: 'near' });
  });

  it('never guesses between several', () => {
    const a = bill({ billNumber: 'INV-1001' });
    const b = bill({ billNumber: 'inv 1001' });
    expect(matchHandKeyed(invoice, [a, b], none)).toMatchObject({ kind: 'ambiguous', candidates: [{ billId: a.id }, { billId: b.id }] });
    const n1 = bill({ billNumber: 'INV-1010', issueDate: '2026-03-10' });
    const n2 = bill({ issueDate: '2026-03-09' });
    expect(matchHandKeyed(invoice, [n1, n2], none)).toMatchObject({ kind: 'ambiguous' });
    // One exact match wins over guesses.
    expect(matchHandKeyed(invoice, [n1, n2, a], none)).toMatchObject({ kind: 'exact', bill: a });
  });

  it('finds a number however it is punctuated or cased (property)', () => {
    const number = fc.stringMatching(/^[A-Za-z0-9]{2,8}(-[A-Za-z0-9]{1,6})?$/);
    const sep = fc.constantFrom('', ' ', '-', '/', '.', '_', '#');
    fc.assert(
      fc.property(number, fc.array(sep, { minLength: 12, maxLength: 12 }), fc.boolean(), (n, seps, lower) => {
        const chars = Array.from(n.replace(/-/g, ''));
        let typed = chars.map((ch, i) => (seps[i] ?? '') + ch).join('');
        typed = lower ? typed.toLowerCase() : typed.toUpperCase();
        const b = bill({ billNumber: typed });
        const inv = { ...invoice, invoiceNumber: n, poNumbers: [] };
        expect(matchHandKeyed(inv, [b], none).kind).toBe('exact');
        expect(matchHandKeyed(inv, [b], new Set([b.id])).kind).toBe('none');
      }),
    );
  });

  it('decides the same from only the bills that may be the invoice’s, and never picks an owned one (property)', () => {
    const one = fc.record({
      billNumber: fc.constantFrom(
        null,
        'INV-1001',
        'inv 1001',
        'INV-1010',
        'INV-1002',
        'PO 4501',
        'INV INV-1001',
        'Misc',
        'PO4501 INV1001',
      ),
      total: fc.constantFrom('1000.00', '980.00'),
      currency: fc.constantFrom('USD', 'EUR'),
      issueDate: fc.constantFrom('2026-03-08', '2026-03-20'),
      visState: fc.constantFrom(0, 0, 2),
      owned: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(one, { maxLength: 6 }), (specs) => {
        const bills = specs.map((x) => bill({ ...x, total: d(x.total), visState: x.visState as Bill['visState'] }));
        const owned = new Set(bills.filter((_, i) => specs[i]!.owned).map((b) => b.id));
        const full = matchHandKeyed(invoice, bills, owned);
        expect(matchHandKeyed(invoice, mayBeFor(invoice, bills), owned)).toEqual(full);
        const picked = full.kind === 'exact' ? [full.bill.id] : full.kind === 'none' ? [] : full.candidates.map((x) => x.billId);
        for (const id of picked) expect(owned.has(id)).toBe(false);
      }),
    );
  });

  it('one edit apart is symmetric and never equal (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
        expect(oneEditApart(a, b)).toBe(oneEditApart(b, a));
        if (a === b) expect(oneEditApart(a, b)).toBe(false);
      }),
    );
    expect(oneEditApart('INV1001', 'INV1010')).toBe(true);
    expect(oneEditApart('INV1001', 'INV1002')).toBe(true);
    expect(oneEditApart('INV1001', 'INV101')).toBe(true);
    expect(oneEditApart('INV1001', 'INV2112')).toBe(false);
    expect(numberKey(' #inv-1001 ')).toBe('INV1001');
  });
});
