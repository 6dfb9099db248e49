import { describe, expect, it } from 'vitest';
import { poPlan } from '../../src/core/po-plan.js';
import type { PoLink, SupplierLink } from '../../src/core/links.js';
import { po } from './fixtures.js';

const linked: SupplierLink = { state: 'linked', vendorId: 'v-5' };
const link = (over: Partial<PoLink> = {}): PoLink => ({
  billId: 'b-1',
  vendorId: 'v-5',
  state: 'open',
  tag: '2400',
  fingerprint: 'fp-1',
  version: 1,
  sourceUpdatedAt: '2025-03-21T12:48:17-07:00',
  ...over,
});

describe('poPlan', () => {
  it('creates the bill of an issued PO, tagged with its number', () => {
    expect(poPlan(po(), undefined, { supplier: linked })).toEqual({ action: 'create', tag: '2400' });
    expect(poPlan(po({ status: 'exported' }), undefined, { supplier: linked })).toEqual({ action: 'create', tag: '2400' });
  });

  it('asks for an unseen supplier first, waits for one in review', () => {
    expect(poPlan(po(), undefined, { supplier: { state: 'unseen' } })).toEqual({
      action: 'need',
      needs: [{ kind: 'supplier', supplierId: '8819' }],
    });
    expect(poPlan(po(), undefined, { supplier: { state: 'in-review' } })).toEqual({ action: 'skip', reason: 'supplier-in-review' });
  });

  it('updates an unpaid bill when what maps changed (a new version)', () => {
    expect(poPlan(po({ version: 2, updatedAt: '2025-04-01T00:00:00Z' }), link(), { supplier: linked, fingerprint: 'fp-2' })).toEqual({
      action: 'update',
      billId: 'b-1',
      tag: '2400',
    });
    expect(poPlan(po(), link(), { supplier: linked })).toEqual({ action: 'update', billId: 'b-1', tag: '2400' });
  });

  it('skips when the fingerprint is unchanged', () => {
    expect(poPlan(po({ version: 2, updatedAt: '2025-04-01T00:00:00Z' }), link(), { supplier: linked, fingerprint: 'fp-1' })).toEqual({
      action: 'skip',
      reason: 'unchanged',
    });
  });

  it('never rewrites a bill with payments, removed by a person, or taken over by an invoice', () => {
    expect(poPlan(po(), link({ state: 'has-payments' }), { supplier: linked, fingerprint: 'x' })).toEqual({
      action: 'skip',
      reason: 'bill-has-payments',
    });
    expect(poPlan(po(), link({ state: 'removed' }), { supplier: linked, fingerprint: 'x' })).toEqual({
      action: 'skip',
      reason: 'bill-removed',
    });
    expect(poPlan(po(), link({ takenOverByInvoiceId: '92010' }), { supplier: linked, fingerprint: 'x' })).toEqual({
      action: 'skip',
      reason: 'taken-over-by-invoice',
    });
    expect(poPlan(po({ status: 'cancelled' }), link({ takenOverByInvoiceId: '92010' }), { supplier: linked })).toEqual({
      action: 'skip',
      reason: 'taken-over-by-invoice',
    });
  });

  it('deletes the unpaid bill of a cancelled PO (either spelling)', () => {
    expect(poPlan(po({ status: 'cancelled' }), link(), { supplier: linked })).toEqual({ action: 'delete', billId: 'b-1' });
    expect(poPlan(po({ status: 'canceled' }), link(), { supplier: { state: 'unseen' } })).toEqual({ action: 'delete', billId: 'b-1' });
    expect(poPlan(po({ status: 'cancelled' }), link({ state: 'has-payments' }), { supplier: linked })).toEqual({
      action: 'skip',
      reason: 'bill-has-payments',
    });
    expect(poPlan(po({ status: 'cancelled' }), link({ state: 'removed' }), { supplier: linked })).toEqual({
      action: 'skip',
      reason: 'bill-removed',
    });
    expect(poPlan(po({ status: 'cancelled' }), undefined, { supplier: linked })).toEqual({ action: 'skip', reason: 'cancelled' });
  });

  it('skips drafts and holds, keeping an existing bill', () => {
    for (const status of ['draft', 'buyer_hold', 'supplier_hold', 'error']) {
      expect(poPlan(po({ status }), undefined, { supplier: linked })).toEqual({ action: 'skip', reason: 'not-issued' });
      expect(poPlan(po({ status }), link(), { supplier: linked })).toEqual({ action: 'skip', reason: 'not-issued' });
    }
  });

  it('does not create a bill for a PO first seen closed, but keeps following one it made', () => {
    expect(poPlan(po({ status: 'closed' }), undefined, { supplier: linked })).toEqual({ action: 'skip', reason: 'closed-before-sync' });
    expect(poPlan(po({ status: 'soft_closed' }), link(), { supplier: linked, fingerprint: 'fp-1' })).toEqual({
      action: 'skip',
      reason: 'unchanged',
    });
    expect(poPlan(po({ status: 'closed' }), link(), { supplier: linked, fingerprint: 'fp-2' })).toEqual({
      action: 'update',
      billId: 'b-1',
      tag: '2400',
    });
  });

  it('never lets an older record overwrite a fresher write', () => {
    expect(poPlan(po({ updatedAt: '2025-03-21T19:48:16Z' }), link(), { supplier: linked, fingerprint: 'x' })).toEqual({
      action: 'skip',
      reason: 'stale',
    });
    expect(poPlan(po({ version: 1 }), link({ version: 2 }), { supplier: linked, fingerprint: 'x' })).toEqual({
      action: 'skip',
      reason: 'stale',
    });
    // Same instant written with another offset is not stale.
    expect(poPlan(po({ updatedAt: '2025-03-21T19:48:17Z' }), link(), { supplier: linked, fingerprint: 'x' })).toEqual({
      action: 'update',
      billId: 'b-1',
      tag: '2400',
    });
  });
});
