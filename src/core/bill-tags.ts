/**
 * The tag in a FreshBooks bill's `bill_number` that says which Coupa document the bill is.
 *
 * FreshBooks bills have no PO field and no external-id field, so `bill_number` is the only
 * place to put it (and it is what an accountant searches by). The links table says which bill
 * is whose; the tag is the fallback after a lost local row, and what a person reads.
 *
 * | bill for                                  | tag                  |
 * |-------------------------------------------|----------------------|
 * | a PO's open commitment                    | `PO 2400`            |
 * | an invoice against PO 2400                | `INV INV-11 / PO 2400` |
 * | an invoice without a PO                   | `INV INV-12`         |
 *
 * The two kinds begin with different words, so a PO and an invoice that share a number (a
 * supplier's invoice `1001` beside PO `1001`) can never share a tag: a bill is never taken for
 * another record's because their numbers look alike. An invoice's tag names its first PO for
 * the reader; its identity is the invoice number alone (`parseBillTag`).
 *
 * Length: FreshBooks documents a MaxLengthExceeded error but not the limit for bill_number;
 * we keep tags to 40 characters. A longer tag is cut and ends with `~` + 8 hex digits of a
 * SHA-256 of the full tag, so two long numbers that share a prefix stay apart and the same
 * input always gives the same tag. A cut tag cannot be read back: recognise it by recomputing
 * `billTag` from a candidate record and comparing.
 */
import { createHash } from 'node:crypto';

export const BILL_TAG_MAX_LENGTH = 40;
const PO_PREFIX = 'PO ';
const INVOICE_PREFIX = 'INV ';
const PO_SEPARATOR = ' / PO ';
const HASH_DIGITS = 8;
const CUT = new RegExp(`~[0-9a-f]{${HASH_DIGITS}}$`);

type BillTagSpec =
  /** The bill holding a PO's open commitment. */
  | { kind: 'po'; poNumber: string }
  /** An invoice's bill; `poNumber` is its first PO, when it has one. */
  | { kind: 'invoice'; invoiceNumber: string; poNumber?: string };

export class BillTagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BillTagError';
  }
}

/** The bill_number for a bill (at most 40 characters; see the module comment for cutting). */
export function billTag(spec: BillTagSpec): string {
  if (spec.kind === 'po') return fit(PO_PREFIX + part(spec.poNumber, 'PO number'));
  const invoice = INVOICE_PREFIX + part(spec.invoiceNumber, 'invoice number');
  return fit(spec.poNumber === undefined ? invoice : invoice + PO_SEPARATOR + part(spec.poNumber, 'PO number'));
}

export const poTag = (poNumber: string): string => billTag({ kind: 'po', poNumber });
export const invoiceTag = (invoiceNumber: string, poNumber?: string): string =>
  billTag(poNumber === undefined ? { kind: 'invoice', invoiceNumber } : { kind: 'invoice', invoiceNumber, poNumber });

function part(value: string, what: string): string {
  const v = value.trim();
  if (v === '') throw new BillTagError(`A bill tag needs a ${what}; got a blank one`);
  return v;
}

/** Counts code points, not UTF-16 units, and never cuts a surrogate pair in half. */
function fit(full: string): string {
  const chars = Array.from(full);
  if (chars.length <= BILL_TAG_MAX_LENGTH) return full;
  const hash = createHash('sha256').update(full, 'utf8').digest('hex').slice(0, HASH_DIGITS);
  return `${chars.slice(0, BILL_TAG_MAX_LENGTH - HASH_DIGITS - 1).join('')}~${hash}`;
}

type ParsedBillTag =
  /** No bill_number, or one the connector does not write: a bill a person made. */
  | { kind: 'foreign' }
  | { kind: 'po'; poNumber: string }
  | { kind: 'invoice'; invoiceNumber: string }
  /** Too long to keep whole: confirm a candidate with `billTagMatches(billNumber, billTag(candidate))`. */
  | { kind: 'cut'; of: 'po' | 'invoice' };

/**
 * Reads a bill_number back. A hint, not proof: a person can type anything into bill_number.
 * The links table, and an exact comparison with a recomputed tag for the bill's vendor, decide.
 */
export function parseBillTag(billNumber: string | null | undefined): ParsedBillTag {
  const tag = (billNumber ?? '').trim();
  const of = tag.startsWith(PO_PREFIX) ? 'po' : tag.startsWith(INVOICE_PREFIX) ? 'invoice' : undefined;
  if (of === undefined) return { kind: 'foreign' };
  if (Array.from(tag).length === BILL_TAG_MAX_LENGTH && CUT.test(tag)) return { kind: 'cut', of };
  if (of === 'po') {
    const poNumber = tag.slice(PO_PREFIX.length).trim();
    return poNumber === '' ? { kind: 'foreign' } : { kind: 'po', poNumber };
  }
  const rest = tag.slice(INVOICE_PREFIX.length);
  const at = rest.lastIndexOf(PO_SEPARATOR);
  const invoiceNumber = (at > 0 ? rest.slice(0, at) : rest).trim();
  return invoiceNumber === '' ? { kind: 'foreign' } : { kind: 'invoice', invoiceNumber };
}

/** Whether a bill's bill_number is this tag (FreshBooks may trim; nothing else is forgiven). */
export function billTagMatches(billNumber: string | null | undefined, tag: string): boolean {
  return (billNumber ?? '').trim() === tag.trim();
}

/** Whether a bill_number is the tag of this invoice's bill, whatever PO it names. */
export function isTagOfInvoice(billNumber: string | null | undefined, invoiceNumber: string, poNumber?: string): boolean {
  const parsed = parseBillTag(billNumber);
  if (parsed.kind === 'invoice') return parsed.invoiceNumber === invoiceNumber.trim();
  return parsed.kind === 'cut' && parsed.of === 'invoice' && billTagMatches(billNumber, invoiceTag(invoiceNumber, poNumber));
}

/** Whether a bill_number is the tag of this PO's commitment bill. */
export function isTagOfPo(billNumber: string | null | undefined, poNumber: string): boolean {
  return billTagMatches(billNumber, poTag(poNumber));
}
