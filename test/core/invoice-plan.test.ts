import { describe, expect, it } from 'vitest';
import { invoicePlan, type InvoicePlanInput } from '../../src/core/invoice-plan.js';
import type { InvoiceLink, KnownPo, PoLink, SupplierLink } from '../../src/core/links.js';
import { d, invLine, invoice } from './fixtures.js';

const linked: SupplierLink = { state: 'linked', vendorId: 'v-5' };
const poBill = (over: Partial<PoLink> = {}): PoLink => ({
  billId: 'b-po',
  vendorId: 'v-5',
  state: 'open',
  tag: '2400',
  fingerprint: 'fp-po',
  ...over,
});
const known = (bill: PoLink | undefined, over: Partial<KnownPo> = {}): Map<string, KnownPo> =>
  new Map([['2400', { poNumber: '2400', supplierId: '8819', ...(bill ? { bill } : {}), ...over }]]);
const own = (over: Partial<InvoiceLink> = {}): InvoiceLink => ({
  billId: 'b-inv',
  vendorId: 'v-5',
  state: 'open',
  tag: '2400 / INV-10',
  fingerprint: 'fp-1',
  ...over,
});
const plan = (over: Partial<InvoicePlanInput> = {}) => invoicePlan({ invoice: invoice(), supplier: linked, pos: known(poBill()), ...over });

describe('invoicePlan: approved invoices', () => {
  it('takes over the open bill of its PO (first invoice), keeping the PO tag', () => {
    expect(plan()).toEqual({ action: 'take-over', billId: 'b-po', tag: '2400', poNumber: '2400' });
  });

  it('creates a bill tagged PO + invoice for a later invoice of the same PO', () => {
    expect(
      plan({ invoice: invoice({ id: '92011', invoiceNumber: 'INV-11' }), pos: known(poBill({ takenOverByInvoiceId: '92010' })) }),
    ).toEqual({ action: 'create', tag: '2400 / INV-11' });
  });

  it('creates a standalone bill for an invoice without PO', () => {
    expect(plan({ invoice: invoice({ lines: [invLine({ poNumber: undefined })] }), pos: new Map() })).toEqual({
      action: 'create',
      tag: 'INV-10',
    });
  });

  it('matches on PO number AND vendor: another vendor’s PO bill is never taken over', () => {
    expect(plan({ pos: known(poBill({ vendorId: 'v-other' })) })).toEqual({
      action: 'create',
      tag: 'INV-10',
      warning: 'po-vendor-mismatch',
    });
    expect(plan({ pos: known(undefined, { supplierId: 'other-supplier' }) })).toEqual({
      action: 'create',
      tag: 'INV-10',
      warning: 'po-vendor-mismatch',
    });
  });

  it('claims the PO’s tag when the PO is known but has no bill', () => {
    expect(plan({ pos: known(undefined) })).toEqual({ action: 'create', tag: '2400', claimsPo: '2400' });
  });

  it('does not take over a PO bill that has payments or was removed: own bill, with a warning', () => {
    expect(plan({ pos: known(poBill({ state: 'has-payments' })) })).toEqual({
      action: 'create',
      tag: '2400 / INV-10',
      warning: 'po-bill-has-payments',
    });
    expect(plan({ pos: known(poBill({ state: 'removed' })) })).toEqual({
      action: 'create',
      tag: '2400 / INV-10',
      warning: 'po-bill-removed',
    });
  });

  it('uses the primary PO (first line) of a multi-PO invoice', () => {
    const inv = invoice({ lines: [invLine({ lineNum: '2', poNumber: '2500' }), invLine({ lineNum: '1', poNumber: '2400' })] });
    expect(inv.poNumbers).toEqual(['2400', '2500']);
    expect(plan({ invoice: inv })).toEqual({ action: 'take-over', billId: 'b-po', tag: '2400', poNumber: '2400' });
  });

  it('updates its own bill when changed, skips when unchanged, paid or removed', () => {
    expect(plan({ own: own(), fingerprint: 'fp-2' })).toEqual({ action: 'update', billId: 'b-inv', tag: '2400 / INV-10' });
    expect(plan({ own: own() })).toEqual({ action: 'update', billId: 'b-inv', tag: '2400 / INV-10' });
    expect(plan({ own: own(), fingerprint: 'fp-1' })).toEqual({ action: 'skip', reason: 'unchanged' });
    expect(plan({ own: own({ state: 'has-payments' }), fingerprint: 'fp-2' })).toEqual({ action: 'skip', reason: 'bill-has-payments' });
    expect(plan({ own: own({ state: 'removed' }) })).toEqual({ action: 'skip', reason: 'bill-removed' });
  });

  it('recognises the bill it took over even when its own link row is missing', () => {
    expect(plan({ pos: known(poBill({ takenOverByInvoiceId: '92010' })), fingerprint: 'fp-po' })).toEqual({
      action: 'update',
      billId: 'b-po',
      tag: '2400',
    });
  });

  it('skips a stale read of an invoice', () => {
    expect(plan({ own: own({ sourceUpdatedAt: '2025-01-01T00:00:00Z' }), fingerprint: 'x' })).toEqual({ action: 'skip', reason: 'stale' });
  });

  it('skips credit notes and non-positive totals', () => {
    expect(plan({ invoice: invoice({ isCreditNote: true }) })).toEqual({ action: 'skip', reason: 'credit-note' });
    expect(plan({ invoice: invoice({ lines: [invLine({ total: d('-5'), unitPrice: d('-5'), quantity: null })] }) })).toEqual({
      action: 'skip',
      reason: 'non-positive-total',
    });
  });
});

describe('invoicePlan: out of order arrival', () => {
  it('asks for the supplier and the PO it has not seen, both at once; never drops the invoice', () => {
    expect(plan({ supplier: { state: 'unseen' }, pos: new Map() })).toEqual({
      action: 'need',
      needs: [
        { kind: 'supplier', supplierId: '8819' },
        { kind: 'purchase-order', poNumber: '2400' },
      ],
    });
    expect(plan({ pos: new Map() })).toEqual({ action: 'need', needs: [{ kind: 'purchase-order', poNumber: '2400' }] });
    expect(plan({ supplier: { state: 'unseen' }, pos: known(poBill()) })).toEqual({
      action: 'need',
      needs: [{ kind: 'supplier', supplierId: '8819' }],
    });
  });

  it('waits while the supplier is in review', () => {
    expect(plan({ supplier: { state: 'in-review' } })).toEqual({ action: 'skip', reason: 'supplier-in-review' });
  });

  it('does not need the PO once it owns a bill', () => {
    expect(plan({ pos: new Map(), own: own(), fingerprint: 'fp-2' })).toEqual({ action: 'update', billId: 'b-inv', tag: '2400 / INV-10' });
  });
});

describe('invoicePlan: other statuses', () => {
  it('waits for approval', () => {
    expect(plan({ invoice: invoice({ status: 'pending_approval' }) })).toEqual({ action: 'skip', reason: 'not-approved' });
    expect(plan({ invoice: invoice({ status: 'disputed' }), own: own() })).toEqual({ action: 'skip', reason: 'not-approved-bill-kept' });
  });

  it('deletes the unpaid own bill of a voided invoice', () => {
    expect(plan({ invoice: invoice({ status: 'voided' }), own: own() })).toEqual({ action: 'delete', billId: 'b-inv' });
    expect(plan({ invoice: invoice({ status: 'voided' }), own: own(), supplier: { state: 'unseen' }, pos: new Map() })).toEqual({
      action: 'delete',
      billId: 'b-inv',
    });
  });

  it('hands a taken-over bill back to its PO instead of deleting it', () => {
    expect(plan({ invoice: invoice({ status: 'voided' }), own: own({ billId: 'b-po', tag: '2400', poSlot: '2400' }) })).toEqual({
      action: 'release',
      billId: 'b-po',
      poNumber: '2400',
    });
    expect(plan({ invoice: invoice({ status: 'voided' }), pos: known(poBill({ takenOverByInvoiceId: '92010' })) })).toEqual({
      action: 'release',
      billId: 'b-po',
      poNumber: '2400',
    });
  });

  it('leaves a voided invoice’s paid bill for a person', () => {
    expect(plan({ invoice: invoice({ status: 'voided' }), own: own({ state: 'has-payments' }) })).toEqual({
      action: 'skip',
      reason: 'withdrawn-bill-has-payments',
    });
    expect(plan({ invoice: invoice({ status: 'voided' }) })).toEqual({ action: 'skip', reason: 'withdrawn-no-bill' });
    expect(plan({ invoice: invoice({ status: 'voided' }), own: own({ state: 'removed' }) })).toEqual({
      action: 'skip',
      reason: 'bill-removed',
    });
  });
});
