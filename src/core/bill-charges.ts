/**
 * An invoice's header charges on its FreshBooks bill. Each kind is its own line under its own
 * category (shipping is not tax), a tax is written as FreshBooks' own tax fields on the lines
 * when the business has that tax and FreshBooks' arithmetic gives exactly Coupa's amount, and
 * a discount is taken off the lines it applies to, because a negative line is something
 * FreshBooks may refuse (errno 1025; choice FB-33).
 */
import { Decimal } from '../lib/decimal.js';
import { apportion } from './apportion.js';
import { fromMinorUnits, toMinorUnits } from './money.js';
import type { BillLineDraft, ChargeKind, InvoiceCharge, LineTax } from './records.js';

/** Category per charge kind; unset kinds take `chargesCategoryId`, then the default. */
export type ChargeCategories = Partial<Record<Exclude<ChargeKind, 'discount'>, string>>;

export const CHARGE_DESCRIPTIONS: Record<Exclude<ChargeKind, 'discount' | 'tax'>, string> = {
  shipping: 'Shipping',
  handling: 'Handling',
  misc: 'Miscellaneous charges',
};
export const OTHER_CHARGES_DESCRIPTION = 'Other charges';

/**
 * How much a discount takes off each line, in proportion to the positive line totals (lines
 * at zero or below take nothing), apportioned exactly in minor units (apportion.ts). Ties go
 * to the earlier line. Undefined when the lines cannot absorb it (a discount larger than
 * what they come to).
 */
export function discountParts(discount: Decimal, totals: readonly Decimal[], currency: string): Decimal[] | undefined {
  const off = toMinorUnits(discount, currency);
  const weights = totals.map((t) => (t.gt(Decimal.ZERO) ? toMinorUnits(t, currency) : 0n));
  const sum = weights.reduce((s, w) => s + w, 0n);
  if (off > sum) return undefined;
  if (sum === 0n) return weights.map(() => Decimal.ZERO);
  return apportion(off, weights, (i, j) => i - j).map((units) => fromMinorUnits(units, currency));
}

/** FreshBooks' tax on one line: the line amount × percent / 100, half-up to the cent (choice FB-29). */
export function lineTaxAmount(amount: Decimal, percent: Decimal): Decimal {
  return amount.mul(percent).mul(Decimal.parse('0.01')).round(2, 'half-up');
}

/**
 * The business tax for Coupa's tax charge: the one named like the Coupa tax code (and at its
 * rate, when Coupa gives one); when no business tax has that name (Coupa codes such as
 * "CA-SALES" rarely match FreshBooks names such as "Sales Tax"), the only one at Coupa's rate.
 * Undefined when none, or several, would fit: then the tax is a line of its own, which is
 * always exact.
 */
export function businessTaxFor(charge: InvoiceCharge, taxes: readonly LineTax[]): LineTax | undefined {
  const code = charge.code?.trim().toLowerCase();
  const rate = charge.rate;
  const named = code ? taxes.filter((t) => t.name.trim().toLowerCase() === code) : [];
  const candidates =
    named.length > 0
      ? named.filter((t) => rate === undefined || t.percent.eq(rate))
      : rate === undefined
        ? []
        : taxes.filter((t) => t.percent.eq(rate));
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Whether FreshBooks, taxing each of these line amounts at `tax`, arrives at exactly `amount`. */
export function taxMatches(amounts: readonly Decimal[], tax: LineTax, amount: Decimal): boolean {
  return (
    amounts.length > 0 &&
    amounts.every((a) => !a.lt(Decimal.ZERO)) &&
    Decimal.sum(amounts.map((a) => lineTaxAmount(a, tax.percent))).eq(amount)
  );
}

/**
 * The business tax and the lines to carry it, when FreshBooks' arithmetic on them gives
 * exactly Coupa's tax: tried on the goods alone, then with each combination of the charge
 * lines (shipping is taxable in some places, handling in others), fewest charges first, in
 * the invoice's order. At most three charges: eight sets.
 */
export function taxFit(
  charge: InvoiceCharge,
  taxes: readonly LineTax[],
  goods: BillLineDraft[],
  charges: BillLineDraft[],
): { tax: LineTax; lines: BillLineDraft[] } | undefined {
  const tax = businessTaxFor(charge, taxes);
  if (!tax) return undefined;
  const subsets = Array.from({ length: 2 ** charges.length }, (_, mask) => charges.filter((_, i) => (mask >> i) & 1));
  const lines = subsets
    .sort((a, b) => a.length - b.length)
    .map((extra) => [...goods, ...extra])
    .find((set) =>
      taxMatches(
        set.map((l) => l.quantity.mul(l.unitCost)),
        tax,
        charge.amount,
      ),
    );
  return lines && { tax, lines };
}

/** "Tax GST 5%" from what Coupa says about it. */
export function taxDescription(charge: InvoiceCharge): string {
  const code = charge.code?.trim();
  const rate = charge.rate?.normalize().toString();
  return ['Tax', code, rate === undefined ? undefined : `${rate}%`].filter((p) => p !== undefined && p !== '').join(' ');
}
