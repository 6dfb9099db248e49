/**
 * Coupa PO / invoice → FreshBooks bill draft.
 *
 * Money rule: a bill must add up to exactly what Coupa says. Amounts are written at the
 * currency's minor unit (JPY 0, USD 2, BHD 3 places) and are never rounded: a line total
 * that the currency (or FreshBooks, which keeps 2 places) cannot hold exactly is a
 * `MappingError` the engine reports, not a silent cent of difference. Unit prices with more
 * places than the currency (Coupa allows "0.125") are not rounded either: such a line is
 * written as one unit of its exact total, with quantity and price kept in the description.
 */
import { Decimal } from '../lib/decimal.js';
import { fromMinorUnits, minorUnits, MoneyError, toMinorUnits } from './money.js';
import { poTag } from './bill-tags.js';
import {
  CHARGE_DESCRIPTIONS,
  discountParts,
  OTHER_CHARGES_DESCRIPTION,
  taxDescription,
  taxFit,
  type ChargeCategories,
} from './bill-charges.js';
import { fitDescription, FRESHBOOKS_MAX_LINES, gatherLines, quantityFits, TooManyLinesError, type SourcedLine } from './bill-limits.js';
import {
  compareLineNums,
  isIsoDate,
  type BillDraft,
  type BillLineDraft,
  type ChargeKind,
  type Invoice,
  type InvoiceLine,
  type LineTax,
  type PoLine,
  type PurchaseOrder,
} from './records.js';

/** Per-tenant choice of FreshBooks expense category (categoryid) for a Coupa line. */
export interface CategoryMapping {
  /** Full Coupa account code ("SF-IT-Assets") → categoryid. */
  byAccountCode?: Readonly<Record<string, string>>;
  /** One account segment's value → categoryid. `segmentIndex` is 1-based, as Coupa names them (segment-1 … segment-20). */
  bySegment?: { segmentIndex: number; map: Readonly<Record<string, string>> };
  /** Coupa commodity name → categoryid. */
  byCommodity?: Readonly<Record<string, string>>;
  /** Used when nothing above matches. */
  defaultCategoryId: string;
  /** For an invoice's charge lines (tax, shipping, handling, misc); defaults to `defaultCategoryId`. */
  chargesCategoryId?: string;
  /** Per charge kind, ahead of `chargesCategoryId`. */
  chargeCategories?: ChargeCategories;
}

type MappingErrorCode = 'unrepresentable-amount' | 'no-lines' | 'too-many-lines' | 'bad-date' | 'bad-payment-term' | 'bad-mapping';

export class MappingError extends Error {
  constructor(
    readonly code: MappingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MappingError';
  }
}

/** FreshBooks returns money with 2 places; an amount needing more would not survive the round trip. */
export const FRESHBOOKS_MONEY_SCALE = 2;
/** Net 30: the usual term, used when Coupa gives none (FreshBooks wants a due offset on every bill). */
const DEFAULT_DUE_OFFSET_DAYS = 30;

/**
 * The category for a line, most specific rule first:
 * 1. the full account code (a GL account is what an accountant maps),
 * 2. the configured account segment's value (e.g. the expense-type segment),
 * 3. the commodity (Coupa's purchasing category, often coarser than the account),
 * 4. the tenant default.
 * Keys are compared exactly after trimming; only own keys count (so "constructor" is not a category).
 */
export function categoryFor(line: Pick<PoLine, 'accountCode' | 'segments' | 'commodity'>, mapping: CategoryMapping): string {
  const byCode = lookup(mapping.byAccountCode, line.accountCode);
  if (byCode !== undefined) return byCode;
  if (mapping.bySegment) {
    const { segmentIndex, map } = mapping.bySegment;
    if (!Number.isInteger(segmentIndex) || segmentIndex < 1) {
      throw new MappingError('bad-mapping', `Category mapping segmentIndex must be 1 or more (segment-1 is 1), got ${segmentIndex}`);
    }
    const bySegment = lookup(map, line.segments[segmentIndex - 1]);
    if (bySegment !== undefined) return bySegment;
  }
  const byCommodity = lookup(mapping.byCommodity, line.commodity);
  if (byCommodity !== undefined) return byCommodity;
  if (mapping.defaultCategoryId.trim() === '') throw new MappingError('bad-mapping', 'Category mapping has no default category');
  return mapping.defaultCategoryId;
}

function lookup(map: Readonly<Record<string, string>> | undefined, key: string | undefined): string | undefined {
  const k = key?.trim();
  if (!map || !k || !Object.hasOwn(map, k)) return undefined;
  return map[k];
}

/** due_offset_days from the payment term's net days; 30 when Coupa has none. */
export function dueOffsetDays(paymentTermDays: number | undefined): number {
  if (paymentTermDays === undefined) return DEFAULT_DUE_OFFSET_DAYS;
  if (!Number.isSafeInteger(paymentTermDays) || paymentTermDays < 0) {
    throw new MappingError('bad-payment-term', `Payment term must be a whole number of days (0 or more), got ${paymentTermDays}`);
  }
  return paymentTermDays;
}

/** The bill for an issued PO, tagged with its PO number. */
export function billFromPurchaseOrder(po: PurchaseOrder, vendorId: string, mapping: CategoryMapping): BillDraft {
  const where = `PO ${po.poNumber}`;
  const lines = fitted(
    sortLines(po.lines).map((l) => ({ line: billLine(l, po.currency, mapping, `${where} line ${l.lineNum}`), from: [l.lineNum] })),
    FRESHBOOKS_MAX_LINES,
    where,
    po.currency,
  );
  if (lines.length === 0) throw new MappingError('no-lines', `${where} has no lines; a FreshBooks bill needs at least one`);
  return {
    vendorId,
    billNumber: poTag(po.poNumber),
    issueDate: date(po.issueDate, where),
    dueOffsetDays: dueOffsetDays(po.paymentTermDays),
    currency: po.currency,
    lines,
  };
}

/**
 * The bill for an approved invoice, with the tag the invoice plan chose. It adds up to exactly
 * what Coupa asks to be paid: the lines, then one line per header charge under its own
 * category, the tax as FreshBooks tax fields on the lines when the business has that tax and
 * FreshBooks' arithmetic gives Coupa's amount (else a tax line), a discount taken off the lines
 * (bill-charges.ts), and any difference Coupa's total holds beyond all that as one more line
 * (or taken off like a discount when the total is below).
 */
export function billFromInvoice(
  invoice: Invoice,
  vendorId: string,
  mapping: CategoryMapping,
  tag: string,
  taxes: readonly LineTax[] = [],
): BillDraft {
  const where = `Invoice ${invoice.invoiceNumber}`;
  const currency = invoice.currency;
  const sorted = sortLines(invoice.lines);
  // Signed: a discount takes off (a negative discount adds, like a miscellaneous charge).
  const signed = (invoice.charges ?? []).map((c) =>
    c.kind !== 'discount'
      ? c
      : c.amount.lt(Decimal.ZERO)
        ? { ...c, kind: 'misc' as const, amount: c.amount.neg() }
        : { ...c, amount: c.amount.neg() },
  );
  const added = signed.filter((c) => c.amount.gt(Decimal.ZERO));
  const remainder = invoice.total.sub(Decimal.sum(sorted.map((l) => l.total))).sub(Decimal.sum(signed.map((c) => c.amount)));
  // What comes off the lines: discounts, negative adjustments, and a total below everything else.
  const off = Decimal.sum(signed.filter((c) => c.amount.lt(Decimal.ZERO)).map((c) => c.amount.neg())).add(
    remainder.lt(Decimal.ZERO) ? remainder.neg() : Decimal.ZERO,
  );
  const parts = discountParts(
    exactAmount(off, currency, `${where} discount`),
    sorted.map((l) => l.total),
    currency,
  );
  if (!parts) {
    throw new MappingError(
      'unrepresentable-amount',
      `${where}: a discount of ${off.toString()} ${currency} is more than its lines come to; a FreshBooks bill cannot show it without a negative line, so a person records this invoice`,
    );
  }
  const tax = added.find((c) => c.kind === 'tax');
  const charges = added.filter((c): c is typeof c & { kind: keyof typeof CHARGE_DESCRIPTIONS } => c.kind in CHARGE_DESCRIPTIONS);
  const extra = charges.length + (tax ? 1 : 0) + (remainder.gt(Decimal.ZERO) ? 1 : 0);
  const goods = fitted(
    sorted.map((l, i) => ({
      line: billLine(l, currency, mapping, `${where} line ${l.lineNum}`, parts[i] ?? Decimal.ZERO),
      from: [l.lineNum],
    })),
    FRESHBOOKS_MAX_LINES - extra,
    where,
    currency,
  );
  const chargeLines = charges.map((c) =>
    chargeLine(CHARGE_DESCRIPTIONS[c.kind], c.amount, chargeCategory(c.kind, mapping), currency, where),
  );
  if (tax) {
    const fit = taxFit(tax, taxes, goods, chargeLines);
    if (fit) for (const l of fit.lines) l.tax = { name: fit.tax.name, percent: fit.tax.percent };
    else chargeLines.push(chargeLine(taxDescription(tax), tax.amount, chargeCategory('tax', mapping), currency, where));
  }
  if (remainder.gt(Decimal.ZERO))
    chargeLines.push(chargeLine(OTHER_CHARGES_DESCRIPTION, remainder, chargeCategory('misc', mapping), currency, where));
  const lines = [...goods, ...chargeLines];
  if (lines.length === 0)
    throw new MappingError('no-lines', `${where} has no lines and no total; a FreshBooks bill needs at least one line`);
  return {
    vendorId,
    billNumber: tag,
    issueDate: date(invoice.invoiceDate, where),
    dueOffsetDays: dueOffsetDays(invoice.paymentTermDays),
    currency,
    lines,
  };
}

function chargeLine(description: string, amount: Decimal, categoryId: string, currency: string, where: string): BillLineDraft {
  return {
    description,
    quantity: Decimal.parse(1),
    unitCost: exactAmount(amount, currency, `${where} ${description.toLowerCase()}`),
    categoryId,
  };
}

/** A charge's category: its own kind's, else the one for all charges, else the default. */
function chargeCategory(kind: ChargeKind, mapping: CategoryMapping): string {
  const own = kind === 'discount' ? undefined : mapping.chargeCategories?.[kind];
  return own ?? mapping.chargesCategoryId ?? categoryFor({ segments: [] }, mapping);
}

/** The lines within `room`, gathered by category when there are more (bill-limits.ts). */
function fitted(lines: SourcedLine[], room: number, where: string, currency: string): BillLineDraft[] {
  try {
    return gatherLines(lines, room, where, currency).map((l) => l.line);
  } catch (err) {
    if (err instanceof TooManyLinesError)
      throw new MappingError('too-many-lines', `${where}: ${err.message}; a person splits it in FreshBooks`);
    throw err;
  }
}

/**
 * One bill line.
 * - Amount line (quantity null): quantity 1, unit cost = the line total.
 * - Quantity line whose quantity and unit price FreshBooks can hold and quantity × price =
 *   total exactly: quantity and unit price as they are (quantity without trailing zeros).
 * - Otherwise (a price like 0.125 USD, a quantity like 2.125 kg, Coupa rounded the total, or
 *   a discount taken off): quantity 1, unit cost = the total, with quantity and price in the
 *   description — " (8 × 0.125)" — so the amount is exact and nothing is hidden.
 * A description longer than FreshBooks takes is shortened and says where its full text is.
 * Negative lines (credits) are kept as they are. Choice FB-33 (docs/api-notes.md):
 * FreshBooks decides whether a negative unit cost is acceptable (errno 1025 exists).
 */
export function billLine(
  line: PoLine | InvoiceLine,
  currency: string,
  mapping: CategoryMapping,
  where = `line ${line.lineNum}`,
  discount: Decimal = Decimal.ZERO,
): BillLineDraft {
  const total = exactAmount(line.total.sub(discount), currency, where);
  const categoryId = categoryFor(line, mapping);
  const description = line.description.trim();
  const one = Decimal.parse(1);
  const less = discount.isZero() ? undefined : `less discount ${discount.toString()}`;
  if (line.quantity === null) return { description: fitDescription(description, where, less), quantity: one, unitCost: total, categoryId };
  const quantity = line.quantity.normalize();
  if (!less && quantityFits(quantity) && fits(line.unitPrice, currency) && quantity.mul(line.unitPrice).eq(line.total)) {
    return {
      description: fitDescription(description, where),
      quantity,
      unitCost: exactAmount(line.unitPrice, currency, where),
      categoryId,
    };
  }
  const detail = [`${quantity.toString()} × ${line.unitPrice.normalize().toString()}`, less].filter(Boolean).join(', ');
  return { description: fitDescription(description, where, detail), quantity: one, unitCost: total, categoryId };
}

/** The amount at the currency's scale, or a MappingError if it cannot be written exactly. */
function exactAmount(amount: Decimal, currency: string, where: string): Decimal {
  let units: bigint;
  try {
    units = toMinorUnits(amount, currency);
  } catch (err) {
    if (err instanceof MoneyError)
      throw new MappingError('unrepresentable-amount', `${where}: ${err.message}; not rounded, fix the amount in Coupa`);
    throw err;
  }
  const value = fromMinorUnits(units, currency);
  if (minorUnits(currency) > FRESHBOOKS_MONEY_SCALE && !fitsScale(value, FRESHBOOKS_MONEY_SCALE)) {
    throw new MappingError(
      'unrepresentable-amount',
      `${where}: ${value.toString()} ${currency} needs ${minorUnits(currency)} decimal places; FreshBooks keeps ${FRESHBOOKS_MONEY_SCALE}, so it would be rounded`,
    );
  }
  return value;
}

function fits(amount: Decimal, currency: string): boolean {
  return fitsScale(amount, Math.min(minorUnits(currency), FRESHBOOKS_MONEY_SCALE));
}

function fitsScale(amount: Decimal, scale: number): boolean {
  try {
    amount.unitsAt(scale);
    return true;
  } catch {
    return false;
  }
}

function date(value: string, where: string): string {
  if (!isIsoDate(value)) throw new MappingError('bad-date', `${where}: date ${JSON.stringify(value)} is not YYYY-MM-DD`);
  return value;
}

function sortLines<T extends { lineNum: string }>(lines: readonly T[]): T[] {
  return [...lines].sort((a, b) => compareLineNums(a.lineNum, b.lineNum));
}
