// The consulting-firm story through the pure rules only (the engine does the I/O): every
// decision the engine will take, in order, with a second pass that writes nothing.
import { describe, expect, it } from 'vitest';
import { allocatePayment } from '../../src/core/allocation.js';
import { billFromInvoice, billFromPurchaseOrder, type CategoryMapping } from '../../src/core/bill-mapping.js';
import { invoiceTag } from '../../src/core/bill-tags.js';
import { invoicedLines, openCommitment } from '../../src/core/commitment.js';
import { fingerprint } from '../../src/core/fingerprint.js';
import { invoicePlan } from '../../src/core/invoice-plan.js';
import type { SupplierState } from '../../src/core/known.js';
import { matchVendor } from '../../src/core/match-vendor.js';
import {
  billPaymentDecision,
  billPaymentFromCoupa,
  coupaPaymentDecision,
  coupaPaymentFromBillPayment,
  sameCoupaPayment,
} from '../../src/core/payments.js';
import { poPlan } from '../../src/core/po-plan.js';
import type { BillPayment, CoupaPayment } from '../../src/core/records.js';
import { vendorFromSupplier } from '../../src/core/vendor-mapping.js';
import { d, invLine, invoice, po, poLine, supplier, vendor } from './fixtures.js';

const mapping: CategoryMapping = { bySegment: { segmentIndex: 2, map: { Legal: 'cat-legal' } }, defaultCategoryId: 'cat-default' };

describe('consulting firm: PO → commitment bill → invoice bill and the PO’s open part → payments both ways, no echo', () => {
  it('runs', () => {
    // Supplier: a near-duplicate vendor goes to review; after "review resolve --link" it is linked.
    const sup = supplier({ name: 'Acme Consulting' });
    expect(matchVendor(sup, [vendor('5', 'ACME Consulting, LLC')]).kind).toBe('near');
    expect(vendorFromSupplier(sup).vendorName).toBe('Acme Consulting');
    const linked: SupplierState = { state: 'linked', vendorId: '5' };

    // PO 2400 issued: two lines, 500 + 300 open → a bill "PO 2400" of 800.
    const order = po({
      lines: [
        poLine({ description: 'Legal services Q4', quantity: null, unitPrice: d('500.00'), total: d('500.00'), segments: ['SF', 'Legal'] }),
        poLine({
          lineNum: '2',
          description: 'Filing',
          quantity: d('3'),
          unitPrice: d('100.00'),
          total: d('300.00'),
          segments: ['SF', 'Ops'],
        }),
      ],
    });
    const open0 = openCommitment(order, []);
    const poDraft = billFromPurchaseOrder({ ...order, lines: open0.lines }, '5', mapping);
    expect(poDraft.billNumber).toBe('PO 2400');
    const base = { po: order, supplier: linked, deletedBills: 'ask' as const };
    expect(poPlan({ ...base, open: open0.open, fingerprint: fingerprint(poDraft) })).toEqual({ action: 'create' });
    const poBill = { billId: 'b-po', state: 'open' as const, paid: d('0'), fingerprint: fingerprint(poDraft) };
    expect(poPlan({ ...base, bill: poBill, open: open0.open, fingerprint: fingerprint(poDraft) })).toEqual({
      action: 'skip',
      reason: 'unchanged',
    });

    // Invoice INV-10 against line 1 (500.00): a bill of its own…
    const inv = invoice({ lines: [invLine({ total: d('500.00'), unitPrice: d('500.00'), quantity: null, segments: ['SF', 'Legal'] })] });
    const tag = invoiceTag(inv.invoiceNumber, inv.poNumbers[0]);
    const invDraft = billFromInvoice(inv, '5', mapping, tag);
    expect(invDraft.billNumber).toBe('INV INV-10 / PO 2400');
    const invPlan = {
      invoice: inv,
      supplier: linked,
      knownPos: new Set(['2400']),
      deletedBills: 'ask' as const,
      fingerprint: fingerprint(invDraft),
    };
    expect(invoicePlan(invPlan)).toEqual({ action: 'create' });
    // …and the PO's bill keeps only what is still open: the filing, 300.00.
    const open1 = openCommitment(order, invoicedLines(inv));
    expect(open1.open.toString()).toBe('300.00');
    const poDraft1 = billFromPurchaseOrder({ ...order, lines: open1.lines }, '5', mapping);
    expect(poPlan({ ...base, bill: poBill, open: open1.open, fingerprint: fingerprint(poDraft1) })).toEqual({
      action: 'update',
      billId: 'b-po',
    });
    // A second pass changes nothing.
    const ownBill = { billId: 'b-inv', state: 'open' as const, paid: d('0'), fingerprint: fingerprint(invDraft) };
    expect(invoicePlan({ ...invPlan, own: ownBill })).toEqual({ action: 'skip', reason: 'unchanged' });

    // Coupa payment → FreshBooks bill payment on the invoice's bill, never echoed back.
    const coupaPay: CoupaPayment = { id: '55', amount: d('200.00'), date: '2024-05-01', notes: 'ACH-1' };
    expect(coupaPaymentDecision(coupaPay)).toEqual({ action: 'write' });
    const bpDraft = billPaymentFromCoupa(inv, coupaPay, 'b-inv');
    const written: BillPayment = {
      id: '900',
      billId: 'b-inv',
      amount: bpDraft.amount,
      currency: 'USD',
      paidDate: bpDraft.paidDate,
      paymentType: 'Other',
      note: bpDraft.note,
      visState: 0,
    };
    expect(billPaymentDecision(written)).toEqual({ action: 'skip', reason: 'echo' });

    // FreshBooks payment → Coupa payment with its split, never echoed back.
    const fbPay: BillPayment = {
      id: '901',
      billId: 'b-inv',
      amount: d('300.00'),
      currency: 'USD',
      paidDate: '2024-05-03',
      paymentType: 'Check',
      note: null,
      visState: 0,
    };
    expect(billPaymentDecision(fbPay)).toEqual({ action: 'write' });
    const draft = coupaPaymentFromBillPayment(inv, fbPay, allocatePayment(fbPay.amount, 'USD', inv.lines, 2));
    expect(draft.notes).toBe('FreshBooks bill payment 901 | Legal 300.00');
    expect(coupaPaymentDecision({ amount: draft.amount, notes: draft.notes })).toEqual({ action: 'skip', reason: 'echo' });
    expect(sameCoupaPayment([{ id: '56', amount: d('300.0'), date: draft.date, notes: draft.notes }], draft)?.id).toBe('56');
  });
});
