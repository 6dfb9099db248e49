/**
 * An invoice header's charges (tax, shipping, handling, misc, discount) and a line's split
 * coding (`account-allocations`) → core records. Money is exact and strict, as everywhere in
 * the parse; rates and percentages are informative, so one Coupa sends in a shape we cannot
 * read is left out rather than failing the whole invoice.
 */
import { Decimal } from '../../lib/decimal.js';
import type { AccountAllocation, ChargeKind, InvoiceCharge } from '../../core/records.js';
import { codeOf, decimalOf, nonEmpty, obj, segmentsOf, type At, type Json } from './parse-values.js';

/**
 * Header amount fields, in the order their charges are listed. Choice CP-43 (docs/api-notes.md):
 * `discount-amount` is a discount taken off the total, so it is read as a `discount` charge.
 */
const AMOUNTS: ReadonlyArray<[field: string, kind: ChargeKind]> = [
  ['tax-amount', 'tax'],
  ['shipping-amount', 'shipping'],
  ['handling-amount', 'handling'],
  ['misc-amount', 'misc'],
  ['discount-amount', 'discount'],
];

/**
 * A rate or a percentage: Coupa sends rates as JSON numbers (a float's shortest text is exact
 * for the few places a rate has) or, in some fields, decimal strings. Unreadable → undefined.
 */
function rateOf(v: unknown): Decimal | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Decimal.tryParse(String(v)) : undefined;
  if (typeof v === 'string') return Decimal.tryParse(v.trim());
  return undefined;
}

/**
 * The header's charges: one per nonzero amount, `[]` when every amount is zero, undefined when
 * the header has none of the amount fields (a payload from before they were asked for).
 *
 * Core charges are positive. Choice CP-44 (docs/api-notes.md): an amount below zero is the
 * opposite kind of its size, so a negative misc adjustment is a discount (and a negative
 * discount a misc charge), and lines + charges − discounts is the total for any document,
 * credit notes included (whose negative tax then reads as a discount).
 */
export function chargesOf(at: At, raw: Json): InvoiceCharge[] | undefined {
  if (AMOUNTS.every(([field]) => raw[field] === undefined)) return undefined;
  const charges: InvoiceCharge[] = [];
  for (const [field, kind] of AMOUNTS) {
    const value = raw[field];
    if (value === undefined || value === null || value === '') continue;
    const amount = decimalOf(at, value, field);
    if (amount.isZero()) continue;
    if (amount.isNegative()) {
      charges.push({ kind: kind === 'discount' ? 'misc' : 'discount', amount: amount.neg() });
      continue;
    }
    const charge: InvoiceCharge = { kind, amount };
    if (kind === 'tax') {
      // Choice CP-45 (docs/api-notes.md): the rate as sent (number or string); the code from tax-code.code.
      const rate = rateOf(raw['tax-rate']);
      const code = codeOf(raw['tax-code']) ?? nonEmpty(raw['tax-code']);
      if (rate !== undefined) charge.rate = rate;
      if (code !== undefined) charge.code = code;
    }
    charges.push(charge);
  }
  return charges;
}

/**
 * A line's split coding. Choice CP-47 (docs/api-notes.md): Coupa may show `pct`, `amount` or
 * both; both are kept (core uses the amount first). A part that is not an object is skipped.
 */
export function allocationsOf(at: At, v: unknown, field: string): AccountAllocation[] {
  if (!Array.isArray(v)) return [];
  const out: AccountAllocation[] = [];
  v.forEach((item: unknown, i) => {
    const raw = obj(item);
    if (!raw) return;
    const part: AccountAllocation = { segments: segmentsOf(raw.account) };
    const accountCode = codeOf(raw.account);
    const pct = rateOf(raw.pct);
    const amount = raw.amount;
    if (accountCode) part.accountCode = accountCode;
    if (pct !== undefined) part.pct = pct;
    if (amount !== undefined && amount !== null && amount !== '') part.amount = decimalOf(at, amount, `${field}[${i}].amount`);
    out.push(part);
  });
  return out;
}
