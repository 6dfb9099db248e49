import { describe, expect, it } from 'vitest';
import { invoicePlan, type InvoicePlanInput } from '../../src/core/invoice-plan.js';
import type { OwnedBill, SupplierState } from '../../src/core/known.js';
import { d, invLine, invoice } from './fixtures.js';

const linked: SupplierState = { state: 'linked', vendorId: 'v-5' };
const bill = (over: Partial<OwnedBill> = {}): OwnedBill => ({ billId: 'b-inv', state: 'open', paid: d('0'), fingerprint: 'fp-1', ...over });
const plan = (over: Partial<InvoicePlanInput> = {}) =>
  invoicePlan({ invoice: invoice(), supplier: linked, knownPos: new Set(['2400']), fingerprint: 'fp-1', deletedBills: 'ask', ...over });

describe('invoicePlan: approved invoices', () => {
  it('creates a bill of its own, with or without a PO', () => {
    expect(plan()).toEqual({ action: 'create' });
    expect(plan({ invoice: invoice({ lines: [invLine({ poNumber: undefined })] }), knownPos: new Set() })).toEqual({ action: 'create' });
  });

  it('takes over a PO bill paid before it came, when it can carry what was paid', () => {
    const takeOver = { poNumber: '2400', bill: bill({ billId: 'b-po', state: 'has-payments', paid: d('60.00') }) };
    expect(plan({ takeOver })).toEqual({ action: 'take-over', billId: 'b-po', poNumber: '2400' });
    expect(plan({ takeOver: { ...takeOver, bill: { ...takeOver.bill, paid: d('100.00') } } })).toEqual({
      action: 'take-over',
      billId: 'b-po',
      poNumber: '2400',
    });
    // Paid more than this invoice is worth: it gets its own bill; the payment stays on the PO's.
    expect(plan({ takeOver: { ...takeOver, bill: { ...takeOver.bill, paid: d('100.01') } } })).toEqual({ action: 'create' });
  });

  it('updates its own bill when changed, skips when unchanged or archived', () => {
    expect(plan({ own: bill({ fingerprint: 'fp-0' }) })).toEqual({ action: 'update', billId: 'b-inv' });
    expect(plan({ own: bill() })).toEqual({ action: 'skip', reason: 'unchanged' });
    expect(plan({ own: bill({ state: 'archived' }) })).toEqual({ action: 'skip', reason: 'bill-archived' });
  });

  it('sends a paid bill whose invoice changed to a person, and leaves it', () => {
    expect(plan({ own: bill({ state: 'has-payments', fingerprint: 'fp-0' }) })).toEqual({
      action: 'attention',
      code: 'paid-bill-changed',
      billId: 'b-inv',
    });
    expect(plan({ own: bill({ state: 'has-payments' }) })).toEqual({ action: 'skip', reason: 'unchanged' });
  });

  it('recreates a bill deleted behind its back, or asks a person, as the tenant says', () => {
    expect(plan({ own: bill({ state: 'deleted' }) })).toEqual({ action: 'attention', code: 'bill-deleted', billId: 'b-inv' });
    expect(plan({ own: bill({ state: 'deleted' }), deletedBills: 'recreate' })).toEqual({ action: 'create' });
  });

  it('skips a stale read of an invoice', () => {
    expect(plan({ own: bill({ fingerprint: 'fp-0' }), sourceUpdatedAt: '2030-01-01T00:00:00Z' })).toEqual({
      action: 'skip',
      reason: 'stale',
    });
  });

  it('names credit notes and non-positive totals for a person, never writes them', () => {
    expect(plan({ invoice: invoice({ isCreditNote: true }) })).toEqual({ action: 'attention', code: 'credit-note' });
    expect(plan({ invoice: invoice({ total: d('0.00') }) })).toEqual({ action: 'attention', code: 'non-positive-total' });
  });

  it('asks for the supplier and every PO it has not seen, all at once; never drops the invoice', () => {
    const two = invoice({ lines: [invLine(), invLine({ lineNum: '2', poNumber: '2500' })] });
    expect(plan({ invoice: two, supplier: { state: 'unseen' }, knownPos: new Set() })).toEqual({
      action: 'need',
      needs: [
        { kind: 'supplier', supplierId: '8819' },
        { kind: 'purchase-order', poNumber: '2400' },
        { kind: 'purchase-order', poNumber: '2500' },
      ],
    });
  });

  it('waits while the supplier is in review', () => {
    expect(plan({ supplier: { state: 'in-review' } })).toEqual({ action: 'skip', reason: 'supplier-in-review' });
  });

  it('sends a currency the business does not keep to a person, when the tenant named its currencies', () => {
    expect(plan({ currencies: ['EUR'] })).toEqual({ action: 'attention', code: 'currency-mismatch' });
    expect(plan({ currencies: ['EUR', 'USD'] })).toEqual({ action: 'create' });
  });
});

describe('invoicePlan: not approved, withdrawn, disputed', () => {
  it('waits for approval; a bill already written is kept', () => {
    expect(plan({ invoice: invoice({ status: 'pending_approval' }) })).toEqual({ action: 'skip', reason: 'not-approved' });
    expect(plan({ invoice: invoice({ status: 'pending_approval' }), own: bill() })).toEqual({
      action: 'skip',
      reason: 'not-approved-bill-kept',
    });
  });

  it('names a disputed invoice for a person, keeping its bill', () => {
    expect(plan({ invoice: invoice({ status: 'disputed' }), own: bill() })).toEqual({
      action: 'attention',
      code: 'disputed',
      billId: 'b-inv',
    });
    expect(plan({ invoice: invoice({ status: 'disputed' }) })).toEqual({ action: 'attention', code: 'disputed' });
  });

  it('deletes the unpaid bill of a voided invoice; a paid one goes to a person', () => {
    expect(plan({ invoice: invoice({ status: 'voided' }), own: bill() })).toEqual({ action: 'delete', billId: 'b-inv' });
    expect(plan({ invoice: invoice({ status: 'voided' }), own: bill({ state: 'has-payments' }) })).toEqual({
      action: 'attention',
      code: 'voided-bill-paid',
      billId: 'b-inv',
    });
    expect(plan({ invoice: invoice({ status: 'abandoned' }) })).toEqual({ action: 'skip', reason: 'withdrawn-no-bill' });
    expect(plan({ invoice: invoice({ status: 'voided' }), own: bill({ state: 'deleted' }) })).toEqual({
      action: 'skip',
      reason: 'withdrawn-no-bill',
    });
  });
});

describe('invoicePlan: the start date', () => {
  it('writes no bill for an invoice dated before the start date that has none, and fetches nothing for it', () => {
    expect(plan({ startDate: '2024-05-01' })).toEqual({ action: 'skip', reason: 'before-start-date' });
    expect(plan({ startDate: '2024-05-01', knownPos: new Set(), supplier: { state: 'unseen' } })).toEqual({
      action: 'skip',
      reason: 'before-start-date',
    });
    expect(plan({ startDate: '2024-05-01', invoice: invoice({ isCreditNote: true }) })).toEqual({
      action: 'skip',
      reason: 'before-start-date',
    });
  });

  it('bills an invoice dated on or after the start date as usual', () => {
    expect(plan({ startDate: '2024-04-01' })).toEqual({ action: 'create' });
  });

  it('keeps a bill already written in agreement however old the invoice', () => {
    expect(plan({ startDate: '2024-05-01', own: bill({ fingerprint: 'fp-0' }) })).toEqual({ action: 'update', billId: 'b-inv' });
    expect(plan({ startDate: '2024-05-01', own: bill({ state: 'deleted' }) })).toEqual({
      action: 'attention',
      code: 'bill-deleted',
      billId: 'b-inv',
    });
  });
});
