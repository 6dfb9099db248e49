// The consulting-firm story through the pure rules only (the engine does the I/O): every
// decision the engine will take, in order, with a second pass that writes nothing.
import { describe, expect, it } from 'vitest';
import { billFromInvoice, billFromPurchaseOrder, type CategoryMapping } from '../../src/core/bill-mapping.js';
import { fingerprint } from '../../src/core/fingerprint.js';
import { invoicePlan } from '../../src/core/invoice-plan.js';
import type { KnownPo, PoLink } from '../../src/core/links.js';
import { matchVendor } from '../../src/core/match-vendor.js';
import {
  billPaymentFromCoupa,
  coupaPaymentFromBillPayment,
  sameCoupaPayment,
  shouldMirrorBillPayment,
  shouldMirrorCoupaPayment,
} from '../../src/core/payments.js';
import { poPlan } from '../../src/core/po-plan.js';
import type { BillPayment, CoupaPayment } from '../../src/core/records.js';
import { vendorFromSupplier } from '../../src/core/vendor-mapping.js';
import { d, invLine, invoice, po, poLine, supplier, vendor } from './fixtures.js';

const mapping: CategoryMapping = { bySegment: { segmentIndex: 2, map: { Legal: 'cat-legal' } }, defaultCategoryId: 'cat-default' };

describe('consulting firm: PO → bill → invoice takes it over → payments both ways, no echo', () => {
  it('runs', () => {
    // Supplier: a near-duplicate vendor goes to review; after "review resolve --link" it is linked.
    const sup = supplier({ name: 'Acme Consulting' });
    expect(matchVendor(sup, [vendor('5', 'ACME Consulting, LLC')]).kind).toBe('near');
    expect(matchVendor(sup, [vendor('6', 'Other')]).kind).toBe('none');
    expect(vendorFromSupplier(sup).vendorName).toBe('Acme Consulting');
    const supplierLink = { state: 'linked', vendorId: '5' } as const;

    // PO 2400 issued → bill "2400".
    const order = po({
      lines: [
        poLine({ description: 'Legal services Q4', quantity: null, unitPrice: d('500.00'), total: d('500.00'), segments: ['SF', 'Legal'] }),
      ],
    });
    const first = poPlan(order, undefined, { supplier: supplierLink });
    expect(first).toEqual({ action: 'create', tag: '2400' });
    const poDraft = billFromPurchaseOrder(order, '5', mapping);
    let poLink: PoLink = {
      billId: 'b-1',
      vendorId: '5',
      state: 'open',
      tag: '2400',
      fingerprint: fingerprint(poDraft),
      version: order.version,
      sourceUpdatedAt: order.updatedAt,
    };
    // Second pass: nothing to write.
    expect(poPlan(order, poLink, { supplier: supplierLink, fingerprint: fingerprint(billFromPurchaseOrder(order, '5', mapping)) })).toEqual(
      { action: 'skip', reason: 'unchanged' },
    );

    // Invoice INV-10 (first of the PO) takes the bill over; the tag stays.
    const inv10 = invoice({
      lines: [
        invLine({
          description: 'Legal services Oct',
          quantity: null,
          unitPrice: d('300.00'),
          total: d('300.00'),
          segments: ['SF', 'Legal'],
        }),
      ],
    });
    const pos = (): Map<string, KnownPo> => new Map([['2400', { poNumber: '2400', supplierId: order.supplierId, bill: poLink }]]);
    const takeOver = invoicePlan({ invoice: inv10, supplier: supplierLink, pos: pos() });
    expect(takeOver).toEqual({ action: 'take-over', billId: 'b-1', tag: '2400', poNumber: '2400' });
    const inv10Draft = billFromInvoice(inv10, '5', mapping, '2400');
    expect(inv10Draft.lines.map((l) => [l.unitCost.toString(), l.categoryId])).toEqual([['300.00', 'cat-legal']]);
    poLink = { ...poLink, takenOverByInvoiceId: inv10.id };
    const inv10Link = {
      billId: 'b-1',
      vendorId: '5',
      state: 'open' as const,
      tag: '2400',
      fingerprint: fingerprint(inv10Draft),
      poSlot: '2400',
    };
    expect(
      invoicePlan({
        invoice: inv10,
        supplier: supplierLink,
        pos: pos(),
        own: inv10Link,
        fingerprint: fingerprint(billFromInvoice(inv10, '5', mapping, '2400')),
      }),
    ).toEqual({ action: 'skip', reason: 'unchanged' });
    // A new PO version no longer touches the invoice's bill.
    expect(poPlan(po({ ...order, version: 2 }), poLink, { supplier: supplierLink, fingerprint: 'new' })).toEqual({
      action: 'skip',
      reason: 'taken-over-by-invoice',
    });

    // A later invoice of the same PO gets its own bill.
    const inv11 = invoice({
      id: '92011',
      invoiceNumber: 'INV-11',
      lines: [invLine({ total: d('200.00'), quantity: null, unitPrice: d('200.00') })],
    });
    expect(invoicePlan({ invoice: inv11, supplier: supplierLink, pos: pos() })).toEqual({ action: 'create', tag: '2400 / INV-11' });

    // Coupa pays INV-10 → one FreshBooks bill payment, which is not echoed back.
    const coupaPayment: CoupaPayment = { id: '55', amount: d('300.00'), date: '2024-05-01', notes: 'ACH-7781' };
    expect(shouldMirrorCoupaPayment(coupaPayment)).toEqual({ mirror: true });
    const fbDraft = billPaymentFromCoupa(inv10, coupaPayment, 'b-1');
    const fbWritten: BillPayment = {
      id: '1489',
      billId: 'b-1',
      amount: fbDraft.amount,
      currency: 'USD',
      paidDate: fbDraft.paidDate,
      paymentType: fbDraft.paymentType,
      note: fbDraft.note,
      visState: 0,
    };
    expect(shouldMirrorBillPayment(fbWritten)).toEqual({ mirror: false, reason: 'echo' });

    // FreshBooks pays INV-11's bill → one Coupa payment (idempotent on re-read), not echoed back.
    const fbPayment: BillPayment = {
      id: '1490',
      billId: 'b-2',
      amount: d('200.00'),
      currency: 'USD',
      paidDate: '2024-05-02',
      paymentType: 'ACH',
      note: null,
      visState: 0,
    };
    expect(shouldMirrorBillPayment(fbPayment)).toEqual({ mirror: true });
    const coupaDraft = coupaPaymentFromBillPayment(inv11, fbPayment, 1);
    expect(coupaDraft.allocations.map((a) => [a.costCentre, a.amount.toString()])).toEqual([[null, '200.00']]);
    const readBack: CoupaPayment = { id: '56', amount: d('200.0'), date: coupaDraft.date, notes: coupaDraft.notes };
    expect(sameCoupaPayment([coupaPayment, readBack], coupaDraft)).toBe(readBack);
    expect(shouldMirrorCoupaPayment(readBack)).toEqual({ mirror: false, reason: 'echo' });
  });
});
