/**
 * The domain records the sync engine passes around: provider-neutral and already parsed.
 *
 * The provider clients turn wire shapes (hyphenated Coupa JSON, FreshBooks envelopes, money
 * as strings) into these; everything in `core/` takes and returns them. Conventions:
 * - money and quantities are `Decimal` (never a JS float);
 * - ids are strings (Coupa and FreshBooks ids are integers on the wire, account ids are not,
 *   and a string never loses digits);
 * - calendar dates are 'YYYY-MM-DD' (`IsoDate`); instants are ISO-8601 strings
 *   (`Timestamp`), compared with `Date.parse`, never as text (offsets differ);
 * - line numbers are strings (Coupa sends PO `line-num` as a string, invoice `line-num` as an
 *   integer: one type here, ordered numerically by `compareLineNums`).
 */
import type { Decimal } from '../lib/decimal.js';

/** 'YYYY-MM-DD'. */
export type IsoDate = string;
/** ISO-8601 instant, e.g. '2024-04-01T02:19:09+03:00'. */
export type Timestamp = string;
/** Known values plus whatever else a provider sends (kept, not lost). */
type Open<T extends string> = T | (string & {});

// ---------------------------------------------------------------------------------------
// Coupa side
// ---------------------------------------------------------------------------------------

export interface Contact {
  firstName?: string;
  lastName?: string;
  email?: string;
  /** Already formatted by the provider from Coupa's phone-work parts. */
  phone?: string;
}

export interface Address {
  street1: string;
  street2?: string;
  city: string;
  state: string;
  postalCode: string;
  /**
   * As Coupa gives it: the provider passes `country.name` when present, else `country.code`.
   * Not translated: FreshBooks' own examples store a name ("United States"), and guessing a
   * mapping between names and codes would silently change what the customer typed.
   */
  country: string;
}

export type SupplierStatus = Open<'active' | 'inactive' | 'draft' | 'onboarding'>;

export interface Supplier {
  id: string;
  name: string;
  number?: string;
  status: SupplierStatus;
  contact?: Contact;
  address?: Address;
  /** ISO 4217 code, when the supplier has one. */
  currency?: string;
  website?: string;
  /** `payment-term.days-for-net-payment`. */
  paymentTermDays?: number;
  updatedAt: Timestamp;
}

export type PoStatus = Open<
  | 'issued'
  | 'draft'
  | 'cancelled'
  | 'canceled'
  | 'closed'
  | 'soft_closed'
  | 'buyer_hold'
  | 'supplier_hold'
  | 'currency_hold'
  | 'supplier_window_hold'
  | 'error'
  | 'expensed'
  | 'exported'
>;

export interface PoLine {
  lineNum: string;
  description: string;
  /** null on amount lines (`OrderAmountLine`): then `total` is the amount. */
  quantity: Decimal | null;
  unitPrice: Decimal;
  total: Decimal;
  /** The account's full code, e.g. "SF-IT-Assets". */
  accountCode?: string;
  /** segment-1..segment-20 of the line's account; index 0 is segment-1. */
  segments: string[];
  commodity?: string;
}

export interface PurchaseOrder {
  id: string;
  poNumber: string;
  supplierId: string;
  supplierName: string;
  status: PoStatus;
  version: number;
  currency: string;
  issueDate: IsoDate;
  paymentTermDays?: number;
  lines: PoLine[];
  updatedAt: Timestamp;
  exported: boolean;
}

export type InvoiceStatus = Open<
  | 'approved'
  | 'voided'
  | 'pending_approval'
  | 'pending_receipt'
  | 'pending_action'
  | 'draft'
  | 'new'
  | 'rejected'
  | 'disputed'
  | 'on_hold'
  | 'ap_hold'
  | 'booking_hold'
  | 'abandoned'
  | 'processing'
  | 'invalid'
  | 'payable_adjustment'
>;

/** One part of a line's split coding (Coupa `account-allocations`): a share of the line under another account. */
export interface AccountAllocation {
  /** segment-1..segment-20 of this part's account. */
  segments: string[];
  accountCode?: string;
  /** A percentage of the line (Coupa's `pct`, e.g. 60 for 60 %), when the part is given as one. */
  pct?: Decimal;
  /** The part's amount, when given as one. */
  amount?: Decimal;
}

export interface InvoiceLine {
  lineNum: string;
  description: string;
  quantity: Decimal | null;
  unitPrice: Decimal;
  total: Decimal;
  poNumber?: string;
  orderLineNum?: string;
  accountCode?: string;
  segments: string[];
  commodity?: string;
  /** Split coding: when present, the line's cost is spread over these accounts. */
  accountAllocations?: AccountAllocation[];
}

/** Header charges of an invoice, on top of its lines. */
export type ChargeKind = 'tax' | 'shipping' | 'handling' | 'misc' | 'discount';

export interface InvoiceCharge {
  kind: ChargeKind;
  /** Positive; a discount is a positive amount taken off. */
  amount: Decimal;
  /** For tax: the rate in percent, when Coupa gives one, and Coupa's tax code. */
  rate?: Decimal;
  code?: string;
}

export interface CoupaPayment {
  /** Absent for a payment known only from header fields (`paid`, `payment-date`). */
  id?: string;
  amount: Decimal;
  date: IsoDate;
  notes: string | null;
}

export interface Invoice {
  id: string;
  invoiceNumber: string;
  supplierId: string;
  supplierName: string;
  status: InvoiceStatus;
  /** `document-type: "Credit Note"` / `is-credit-note`. */
  isCreditNote?: boolean;
  currency: string;
  invoiceDate: IsoDate;
  paymentTermDays?: number;
  lines: InvoiceLine[];
  /** Derived from the lines with `poNumbersOf`: distinct, in line order. */
  poNumbers: string[];
  payments: CoupaPayment[];
  /** Header charges (tax, shipping, handling, misc, discount), when the provider read them. */
  charges?: InvoiceCharge[];
  /** What the invoice asks to be paid (`total-with-taxes`, else `gross-total`): lines + tax + charges. */
  total: Decimal;
  updatedAt: Timestamp;
}

// ---------------------------------------------------------------------------------------
// FreshBooks side
// ---------------------------------------------------------------------------------------

/** vis_state: 0 active, 1 deleted, 2 archived. */
export type VisState = 0 | 1 | 2;

export interface Vendor {
  id: string;
  name: string;
  currency?: string;
  email?: string;
  visState?: VisState;
}

/** A FreshBooks tax on a bill line: a name and a percentage (FreshBooks computes the amount). */
export interface LineTax {
  name: string;
  percent: Decimal;
}

export interface BillLine {
  description: string;
  quantity: Decimal;
  unitCost: Decimal;
  categoryId: string;
  tax?: LineTax;
}

export type BillStatus = Open<'unpaid' | 'partial' | 'paid' | 'overdue'>;

export interface Bill {
  id: string;
  vendorId: string;
  /** The connector's tag (see bill-tags.ts), or null for bills made by people. */
  billNumber: string | null;
  issueDate: IsoDate;
  dueOffsetDays: number;
  currency: string;
  lines: BillLine[];
  total: Decimal;
  paid: Decimal;
  outstanding: Decimal;
  status: BillStatus;
  visState: VisState;
}

export interface BillPayment {
  id: string;
  billId: string;
  amount: Decimal;
  currency: string;
  paidDate: IsoDate;
  paymentType: string;
  note: string | null;
  visState?: VisState;
}

// ---------------------------------------------------------------------------------------
// Drafts the engine writes
// ---------------------------------------------------------------------------------------

/**
 * The writable bill_vendor fields, camelCased. `null` means "empty on the Coupa side": the
 * writer sends null so a value removed in Coupa is removed in FreshBooks too.
 */
export interface VendorDraft {
  vendorName: string;
  primaryContactFirstName: string | null;
  primaryContactLastName: string | null;
  primaryContactEmail: string | null;
  street: string | null;
  street2: string | null;
  city: string | null;
  province: string | null;
  postalCode: string | null;
  country: string | null;
  phone: string | null;
  website: string | null;
  currencyCode: string | null;
}

export interface BillLineDraft {
  description: string;
  quantity: Decimal;
  /** At the currency's minor-unit scale. */
  unitCost: Decimal;
  categoryId: string;
  tax?: LineTax;
}

export interface BillDraft {
  vendorId: string;
  billNumber: string;
  issueDate: IsoDate;
  dueOffsetDays: number;
  currency: string;
  lines: BillLineDraft[];
}

export interface BillPaymentDraft {
  billId: string;
  amount: Decimal;
  currency: string;
  paidDate: IsoDate;
  paymentType: string;
  note: string;
}

/** One cost centre's part of a payment (allocation.ts). */
export interface Allocation {
  /** The account segment's value; null is the "unassigned" bucket (lines without that segment). */
  costCentre: string | null;
  amount: Decimal;
  /** This cost centre's fraction of the invoice (informational, rounded to 6 places). */
  share: Decimal;
}

export interface CoupaPaymentDraft {
  invoiceId: string;
  amount: Decimal;
  date: IsoDate;
  notes: string;
  allocations: Allocation[];
}

// ---------------------------------------------------------------------------------------
// Small helpers on records
// ---------------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whole or part days between two dates (or instants), either order. */
export function daysBetween(a: string, b: string): number {
  return Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;
}

/** A real calendar date written 'YYYY-MM-DD' (rejects '2024-02-30'). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
  return d <= days;
}

/** Orders line numbers numerically when both are digits ("2" < "10"), else by code units. */
export function compareLineNums(a: string, b: string): number {
  return compareIds(a, b);
}

/**
 * Deterministic order for ids and line numbers: all-digit strings numerically (by length, then
 * text, so no float and no size limit), all-digit before anything else, the rest by code units
 * (never `localeCompare`: its order depends on the ICU build).
 */
export function compareIds(a: string, b: string): number {
  const da = /^\d+$/.test(a);
  const db = /^\d+$/.test(b);
  if (da && db) {
    const ta = a.replace(/^0+(?=\d)/, '');
    const tb = b.replace(/^0+(?=\d)/, '');
    if (ta.length !== tb.length) return ta.length - tb.length;
    if (ta !== tb) return ta < tb ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (da !== db) return da ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The distinct PO numbers an invoice's lines refer to, in line order (the first is the invoice's primary PO). */
export function poNumbersOf(lines: readonly Pick<InvoiceLine, 'lineNum' | 'poNumber'>[]): string[] {
  const seen = new Set<string>();
  for (const line of [...lines].sort((x, y) => compareLineNums(x.lineNum, y.lineNum))) {
    const po = line.poNumber?.trim();
    if (po && !seen.has(po)) seen.add(po);
  }
  return [...seen];
}

/** Coupa spells the cancelled status both ways; one spelling here. */
export function normalisePoStatus(status: string): string {
  const s = status.trim().toLowerCase();
  return s === 'canceled' ? 'cancelled' : s;
}
