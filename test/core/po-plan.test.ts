import { describe, expect, it } from 'vitest';
import type { OwnedBill } from '../../src/core/known.js';
import { poPlan, type PoPlanInput } from '../../src/core/po-plan.js';
import { d, po } from './fixtures.js';

const bill = (over: Partial<OwnedBill> = {}): OwnedBill => ({ billId: 'b-po', state: 'open', paid: d('0'), fingerprint: 'fp-1', ...over });
const plan = (over: Partial<PoPlanInput> = {}) =>
  poPlan({
    po: po(),
    supplier: { state: 'linked', vendorId: 'v-5' },
    open: d('100.00'),
    fingerprint: 'fp-1',
    deletedBills: 'ask',
    ...over,
  });

describe('poPlan: the bill holds the open commitment', () => {
  it('creates the bill of an issued PO with something open; asks for an unseen supplier; waits for one in review', () => {
    expect(plan()).toEqual({ action: 'create' });
    expect(plan({ supplier: { state: 'unseen' } })).toEqual({ action: 'need', needs: [{ kind: 'supplier', supplierId: '8819' }] });
    expect(plan({ supplier: { state: 'in-review' } })).toEqual({ action: 'skip', reason: 'supplier-in-review' });
  });

  it('updates the bill when what it must hold changed, skips when unchanged', () => {
    expect(plan({ bill: bill({ fingerprint: 'fp-0' }) })).toEqual({ action: 'update', billId: 'b-po' });
    expect(plan({ bill: bill() })).toEqual({ action: 'skip', reason: 'unchanged' });
  });

  it('removes the unpaid bill once nothing is open: cancelled, closed or fully invoiced', () => {
    expect(plan({ bill: bill(), open: d('0') })).toEqual({ action: 'delete', billId: 'b-po', why: 'fully-invoiced' });
    expect(plan({ po: po({ status: 'Canceled' }), bill: bill(), open: d('0') })).toEqual({
      action: 'delete',
      billId: 'b-po',
      why: 'cancelled',
    });
    expect(plan({ po: po({ status: 'closed' }), bill: bill() })).toEqual({ action: 'delete', billId: 'b-po', why: 'closed' });
    expect(plan({ po: po({ status: 'closed' }) })).toEqual({ action: 'skip', reason: 'nothing-open' });
  });

  it('changes a paid bill only while it still holds what was paid; otherwise a person decides', () => {
    const paid = bill({ state: 'has-payments', paid: d('40.00'), fingerprint: 'fp-0' });
    expect(plan({ bill: paid })).toEqual({ action: 'update', billId: 'b-po' });
    expect(plan({ bill: paid, open: d('39.99') })).toEqual({ action: 'overpaid', billId: 'b-po' });
    expect(plan({ bill: paid, open: d('0') })).toEqual({ action: 'paid-not-open', billId: 'b-po', why: 'fully-invoiced' });
    expect(plan({ po: po({ status: 'cancelled' }), bill: paid, open: d('0') })).toEqual({
      action: 'paid-not-open',
      billId: 'b-po',
      why: 'cancelled',
    });
  });

  it('recreates a bill a person deleted, or asks, as the tenant says; leaves an archived one', () => {
    expect(plan({ bill: bill({ state: 'deleted' }) })).toEqual({ action: 'bill-deleted', billId: 'b-po' });
    expect(plan({ bill: bill({ state: 'deleted' }), deletedBills: 'recreate' })).toEqual({ action: 'create' });
    expect(plan({ bill: bill({ state: 'deleted' }), open: d('0') })).toEqual({ action: 'skip', reason: 'nothing-open' });
    expect(plan({ bill: bill({ state: 'archived', fingerprint: 'fp-0' }) })).toEqual({ action: 'skip', reason: 'bill-archived' });
  });

  it('skips drafts and holds, keeping an existing bill; waits while an invoice takes the bill over', () => {
    expect(plan({ po: po({ status: 'draft' }), bill: bill({ fingerprint: 'fp-0' }) })).toEqual({ action: 'skip', reason: 'not-issued' });
    expect(plan({ po: po({ status: 'buyer_hold' }) })).toEqual({ action: 'skip', reason: 'not-issued' });
    expect(plan({ bill: bill({ fingerprint: 'fp-0' }), takenOver: true })).toEqual({ action: 'skip', reason: 'taken-over' });
  });

  it('never lets an older record overwrite a fresher write', () => {
    expect(plan({ bill: bill({ fingerprint: 'fp-0' }), sourceUpdatedAt: '2030-01-01T00:00:00Z' })).toEqual({
      action: 'skip',
      reason: 'stale',
    });
    expect(plan({ bill: bill({ fingerprint: 'fp-0' }), version: 2 })).toEqual({ action: 'skip', reason: 'stale' });
  });

  it('sends a currency the business does not keep to a person, when the tenant named its currencies', () => {
    expect(plan({ currencies: ['EUR'] })).toEqual({ action: 'currency-mismatch' });
  });
});

describe('poPlan: the start date', () => {
  it('writes no bill for a PO issued before the start date that has none; the supplier is not even asked for', () => {
    expect(plan({ startDate: '2025-03-01' })).toEqual({ action: 'skip', reason: 'before-start-date' });
    expect(plan({ startDate: '2025-03-01', supplier: { state: 'unseen' } })).toEqual({ action: 'skip', reason: 'before-start-date' });
  });

  it('writes a PO issued on or after the start date, and any PO without one', () => {
    expect(plan({ startDate: '2025-02-10' })).toEqual({ action: 'create' });
    expect(plan({ startDate: '2025-01-01' })).toEqual({ action: 'create' });
    expect(plan({ po: po({ issueDate: '2025-02-10T08:00:00Z' }), startDate: '2025-02-10' })).toEqual({ action: 'create' });
  });

  it('keeps a bill already written in agreement however old the PO', () => {
    expect(plan({ startDate: '2025-03-01', bill: bill({ fingerprint: 'fp-0' }) })).toEqual({ action: 'update', billId: 'b-po' });
    expect(plan({ startDate: '2025-03-01', bill: bill(), open: d('0') })).toEqual({
      action: 'delete',
      billId: 'b-po',
      why: 'fully-invoiced',
    });
  });
});
