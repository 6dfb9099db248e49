/**
 * An invoice's read-only totals, computed from its lines and charges with exact decimals.
 * Choice CP-26 (docs/api-notes.md): gross-total = lines + shipping + handling + misc + tax −
 * discount = total-with-taxes = amount-due (payments recorded by an ERP do not reduce it).
 * Choice CP-43 (docs/api-notes.md): `discount-amount` is taken off all three totals.
 */
import { Decimal } from '../../lib/decimal.js';
import type { InvoiceRecord } from './types.js';

export interface InvoiceTotals {
  lines: Decimal;
  grossTotal: Decimal;
  paid: Decimal;
}

export function invoiceTotals(invoice: InvoiceRecord): InvoiceTotals {
  const lines = Decimal.sum(invoice.lines.map((l) => Decimal.parse(l.total)));
  const charges = [invoice.shippingAmount, invoice.handlingAmount, invoice.miscAmount, invoice.taxAmount].map((v) => Decimal.parse(v));
  const grossTotal = lines.add(Decimal.sum(charges)).sub(Decimal.parse(invoice.discountAmount));
  const paid = Decimal.sum(invoice.payments.map((p) => Decimal.parse(p.amountPaid)));
  return { lines, grossTotal, paid };
}
