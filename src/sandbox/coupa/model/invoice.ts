/** Invoices on the wire (`/api/invoices`): `invoice-header` with `invoice-lines` and `payments`. */
import type { Decimal } from '../../../lib/decimal.js';
import { invoiceTotals, type InvoiceTotals } from '../invoice-totals.js';
import { formatMoney } from '../money.js';
import type { CoupaState } from '../state.js';
import type { InvoiceLineRecord, InvoiceRecord, PaymentRecord } from '../types.js';
import { defineKind, list, map, obj, scalar } from './kind.js';

const DAY = 86_400_000;

function money(invoice: InvoiceRecord, state: CoupaState, pick: (t: InvoiceTotals) => Decimal): string {
  const decimals = state.currencies.get(invoice.currencyId)?.decimals ?? 2;
  return formatMoney(pick(invoiceTotals(invoice)), decimals);
}

export const invoiceKind = defineKind<InvoiceRecord>('invoice-header', ['id', 'invoice-number'], {
  id: scalar('integer', (i) => i.id),
  'created-at': scalar('datetime', (i) => i.createdAt),
  'updated-at': scalar('datetime', (i) => i.updatedAt),
  'invoice-number': scalar('string', (i) => i.invoiceNumber),
  'invoice-date': scalar('datetime', (i) => i.invoiceDate),
  status: scalar('string', (i) => i.status),
  'document-type': scalar('string', (i) => i.documentType),
  'is-credit-note': scalar('boolean', (i) => i.documentType === 'Credit Note'),
  supplier: obj('supplier-ref', (i, { state }) => state.suppliers.get(i.supplierId) ?? null),
  currency: obj('currency', (i, { state }) => state.currencies.get(i.currencyId) ?? null),
  'payment-term': obj('payment-term', (i, { state }) => (i.paymentTermId === null ? null : state.paymentTerms.get(i.paymentTermId))),
  'net-due-date': scalar('datetime', (i, { state }) => {
    const term = i.paymentTermId === null ? undefined : state.paymentTerms.get(i.paymentTermId);
    return term ? i.invoiceDate + term.daysForNetPayment * DAY : null;
  }),
  'line-count': scalar('integer', (i) => i.lines.length),
  'gross-total': scalar('decimal', (i, { state }) => money(i, state, (t) => t.grossTotal)),
  'total-with-taxes': scalar('decimal', (i, { state }) => money(i, state, (t) => t.grossTotal)),
  'amount-due': scalar('decimal', (i, { state }) => money(i, state, (t) => t.grossTotal)),
  'tax-amount': scalar('decimal', (i) => i.taxAmount),
  // Rates are floats in Coupa's schema, so a JSON number (docs/api-notes.md, Coupa data types).
  'tax-rate': scalar('float', (i) => (i.taxRate === null ? null : Number(i.taxRate))),
  'tax-code': obj('tax-code', (i, { state }) => (i.taxCodeId === null ? null : (state.taxCodes.get(i.taxCodeId) ?? null))),
  'shipping-amount': scalar('decimal', (i) => i.shippingAmount),
  'handling-amount': scalar('decimal', (i) => i.handlingAmount),
  'misc-amount': scalar('decimal', (i) => i.miscAmount),
  'discount-amount': scalar('decimal', (i) => i.discountAmount),
  exported: scalar('boolean', (i) => i.exported),
  'last-exported-at': scalar('datetime', (i) => i.lastExportedAt),
  paid: scalar('boolean', (i) => i.paid),
  'payment-date': scalar('datetime', (i) => i.paymentDate),
  'payment-notes': scalar('string', (i) => i.paymentNotes),
  'payment-channel': scalar('string', () => 'erp'),
  payments: list('payment', (i) => i.payments),
  'invoice-lines': list('invoice-line', (i) => i.lines),
  'custom-fields': map((i) => i.customFields),
  'created-by': obj('user', (i, { state }) => state.users.get(i.createdById)),
  'updated-by': obj('user', (i, { state }) => state.users.get(i.updatedById)),
});

function orderLine(line: InvoiceLineRecord, state: CoupaState) {
  return line.orderLineId === null ? undefined : state.orderLines.get(line.orderLineId);
}

export const invoiceLineKind = defineKind<InvoiceLineRecord>('invoice-line', ['id', 'line-num'], {
  id: scalar('integer', (l) => l.id),
  'created-at': scalar('datetime', (l) => l.createdAt),
  'updated-at': scalar('datetime', (l) => l.updatedAt),
  // An integer on invoice lines (a string on order lines).
  'line-num': scalar('integer', (l) => l.lineNum),
  type: scalar('string', (l) => l.type),
  description: scalar('string', (l) => l.description),
  quantity: scalar('decimal', (l) => l.quantity),
  price: scalar('decimal', (l) => l.price),
  total: scalar('decimal', (l) => l.total),
  'accounting-total': scalar('decimal', (l) => l.total),
  status: scalar('string', (l) => l.status),
  'order-line-id': scalar('integer', (l) => l.orderLineId),
  'order-line-num': scalar('string', (l, { state }) => orderLine(l, state)?.lineNum ?? null),
  // Choice CP-24 (docs/api-notes.md): order-header-num holds the PO number (like po-number), not the PO id.
  'order-header-num': scalar('string', (l, { state }) => {
    const ol = orderLine(l, state);
    return ol ? (state.purchaseOrders.get(ol.orderHeaderId)?.poNumber ?? null) : null;
  }),
  'po-number': scalar('string', (l, { state }) => {
    const ol = orderLine(l, state);
    return ol ? (state.purchaseOrders.get(ol.orderHeaderId)?.poNumber ?? null) : null;
  }),
  'tax-amount': scalar('decimal', () => null),
  uom: obj('uom', (l, { state }) => (l.uomId === null ? null : state.uoms.get(l.uomId))),
  account: obj('account', (l, { state }) => (l.accountId === null ? null : state.accounts.get(l.accountId))),
  'account-allocations': list('account-allocation', (l) => l.allocations),
});

export const paymentKind = defineKind<PaymentRecord>('payment', ['id'], {
  id: scalar('integer', (p) => p.id),
  'created-at': scalar('datetime', (p) => p.createdAt),
  'updated-at': scalar('datetime', (p) => p.updatedAt),
  'amount-paid': scalar('decimal', (p) => p.amountPaid),
  'check-number': scalar('string', (p) => p.checkNumber),
  notes: scalar('string', (p) => p.notes),
  'payment-date': scalar('datetime', (p) => p.paymentDate),
  'payable-type': scalar('string', () => 'InvoiceHeader'),
  'payable-id': scalar('integer', (p) => p.invoiceHeaderId),
  'created-by': obj('user', (p, { state }) => state.users.get(p.createdById)),
  'updated-by': obj('user', (p, { state }) => state.users.get(p.updatedById)),
});
