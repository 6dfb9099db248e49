/**
 * An invoice header's charges as Coupa keeps them: tax (with its rate and code), shipping,
 * handling, a misc adjustment and a discount, each checked at the currency's precision.
 */
import { Decimal } from '../../../lib/decimal.js';
import { CoupaApiError } from '../errors.js';
import { checkPrecision, formatMoney, formatQuantity, readDecimal } from '../money.js';
import type { CoupaState } from '../state.js';
import type { CurrencyRecord, InvoiceRecord } from '../types.js';

const KEY = 'invoice' as const;

export interface ChargeInput {
  taxAmount?: string;
  /** Percent ("8.25"); defaults to the tax code's percentage. */
  taxRate?: string | null;
  /** A tax code of the instance (`CA-SALES`, `GB-VAT20`, …). */
  taxCode?: string | null;
  shippingAmount?: string;
  handlingAmount?: string;
  /** May be negative. */
  miscAmount?: string;
  /** A positive amount taken off the total. */
  discountAmount?: string;
}

type HeaderCharges = Pick<
  InvoiceRecord,
  'taxAmount' | 'taxRate' | 'taxCodeId' | 'shippingAmount' | 'handlingAmount' | 'miscAmount' | 'discountAmount'
>;

function amount(raw: string | undefined, currency: CurrencyRecord, label: string): Decimal {
  if (raw === undefined) return Decimal.ZERO;
  return checkPrecision(readDecimal(raw, KEY, label), currency.decimals, KEY, label);
}

const HUNDRED = Decimal.parse('100');

function taxRateOf(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null) return null;
  const rate = readDecimal(raw, KEY, 'Tax rate');
  if (rate.isNegative() || rate.gt(HUNDRED)) throw CoupaApiError.invalid(KEY, 'Tax rate must be between 0 and 100');
  return formatQuantity(rate);
}

/** The header charges of a new invoice, refused with Coupa's kind of message when one is wrong. */
export function headerCharges(state: CoupaState, input: ChargeInput, currency: CurrencyRecord): HeaderCharges {
  const money = (raw: string | undefined, label: string) => formatMoney(amount(raw, currency, label), currency.decimals);
  const discount = amount(input.discountAmount, currency, 'Discount amount');
  // Choice CP-43 (docs/api-notes.md): a discount is an amount taken off, so it is never negative.
  if (discount.isNegative()) throw CoupaApiError.invalid(KEY, 'Discount amount must be greater than or equal to 0');
  const taxCode = input.taxCode ? state.taxCodeByCode(input.taxCode, KEY) : undefined;
  // Choice CP-45 (docs/api-notes.md): the rate defaults to the code's percentage; tax-amount is taken as entered.
  const taxRate = input.taxRate !== undefined ? taxRateOf(input.taxRate) : (taxCode?.percentage ?? null);
  return {
    taxAmount: money(input.taxAmount, 'Tax amount'),
    taxRate,
    taxCodeId: taxCode?.id ?? null,
    shippingAmount: money(input.shippingAmount, 'Shipping amount'),
    handlingAmount: money(input.handlingAmount, 'Handling amount'),
    // Choice CP-44 (docs/api-notes.md): a negative misc amount is an adjustment taken off, and allowed.
    miscAmount: money(input.miscAmount, 'Misc amount'),
    discountAmount: formatMoney(discount, currency.decimals),
  };
}

/** Choice CP-43 (docs/api-notes.md): an invoice (not a credit note) cannot be discounted below zero. */
export function checkDiscount(invoice: Pick<InvoiceRecord, 'documentType'>, grossTotal: Decimal): void {
  if (invoice.documentType === 'Invoice' && grossTotal.isNegative())
    throw CoupaApiError.invalid(KEY, 'Discount amount cannot be more than the invoice total before the discount');
}
