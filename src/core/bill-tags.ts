/**
 * The tag in a FreshBooks bill's `bill_number` that says which Coupa document the bill is.
 *
 * FreshBooks bills have no PO field and no external-id field, so `bill_number` is the only
 * place to put it (and it is what an accountant searches by). The engine finds a bill again
 * by (vendor, exact tag); the links table is the first source, the tag the fallback after a
 * lost local row.
 *
 * | bill for                                   | tag               |
 * |--------------------------------------------|-------------------|
 * | a PO                                       | `2400`            |
 * | the first invoice of that PO (took it over)| `2400` (unchanged)|
 * | a later invoice of the same PO             | `2400 / INV-11`   |
 * | an invoice without a PO                    | `INV-12`          |
 *
 * A later-invoice tag begins with its PO's tag, so every bill of a PO is found by
 * `tag === po || tag.startsWith(po + ' / ')`.
 *
 * Length: FreshBooks documents a MaxLengthExceeded error but not the limit for bill_number;
 * we keep tags to 40 characters (Coupa's own invoice-number limit). Coupa PO numbers are at
 * most 20 and invoice numbers 40, so only a later-invoice tag can be longer; it is then cut
 * and ends with `~` + 8 hex digits of a SHA-256 of the full tag. The hash keeps two long
 * invoice numbers that share a prefix apart, and the same input always gives the same tag,
 * so the bill is still found again. A cut tag cannot be read back completely: recognise it by
 * recomputing `billTag` from a candidate record and comparing.
 */
import { createHash } from 'node:crypto';

export const BILL_TAG_MAX_LENGTH = 40;
export const BILL_TAG_SEPARATOR = ' / ';
const HASH_DIGITS = 8;
const CUT = new RegExp(`~[0-9a-f]{${HASH_DIGITS}}$`);

export type BillTagSpec =
  /** A PO's bill, also after its first invoice took it over. */
  | { kind: 'po'; poNumber: string }
  /** A later invoice of a PO whose bill belongs to another invoice. */
  | { kind: 'po-invoice'; poNumber: string; invoiceNumber: string }
  /** An invoice with no PO (or not matched to its PO). */
  | { kind: 'invoice'; invoiceNumber: string };

export class BillTagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BillTagError';
  }
}

/** The bill_number for a bill (at most 40 characters; see the module comment for cutting). */
export function billTag(spec: BillTagSpec): string {
  switch (spec.kind) {
    case 'po':
      return fit(part(spec.poNumber, 'PO number'));
    case 'invoice':
      return fit(part(spec.invoiceNumber, 'invoice number'));
    case 'po-invoice':
      return fit(part(spec.poNumber, 'PO number') + BILL_TAG_SEPARATOR + part(spec.invoiceNumber, 'invoice number'));
  }
}

export const poTag = (poNumber: string): string => billTag({ kind: 'po', poNumber });
export const laterInvoiceTag = (poNumber: string, invoiceNumber: string): string =>
  billTag({ kind: 'po-invoice', poNumber, invoiceNumber });
export const standaloneTag = (invoiceNumber: string): string => billTag({ kind: 'invoice', invoiceNumber });

function part(value: string, what: string): string {
  const v = value.trim();
  if (v === '') throw new BillTagError(`A bill tag needs a ${what}; got a blank one`);
  return v;
}

/** Counts code points, not UTF-16 units, and never cuts a surrogate pair in half. */
function fit(full: string): string {
  const chars = [...full];
  if (chars.length <= BILL_TAG_MAX_LENGTH) return full;
  const hash = createHash('sha256').update(full, 'utf8').digest('hex').slice(0, HASH_DIGITS);
  const keep = chars.slice(0, BILL_TAG_MAX_LENGTH - HASH_DIGITS - 1).join('');
  return `${keep}~${hash}`;
}

export type ParsedBillTag =
  /** No bill_number: a bill a person made, not one of ours. */
  | { kind: 'empty' }
  /**
   * One number: a PO's bill (maybe taken over by its first invoice) or a standalone invoice's
   * bill. The tag alone cannot tell which; look it up as a PO number first, then as an
   * invoice number, for the bill's vendor.
   */
  | { kind: 'single'; value: string }
  /** A later invoice of a PO. */
  | { kind: 'po-invoice'; poNumber: string; invoiceNumber: string }
  /**
   * A cut tag (too long to keep whole). `poNumber` is given when a separator survived the cut.
   * Confirm a candidate with `billTagMatches(billNumber, billTag(candidate))`.
   */
  | { kind: 'cut'; prefix: string; poNumber?: string };

/**
 * Reads a bill_number back. A hint, not proof: a person can type anything into bill_number,
 * and a PO number containing " / " would be split in the wrong place (Coupa PO numbers are
 * short codes; the first separator is taken). The links table, and an exact comparison with a
 * recomputed tag for the bill's vendor, decide.
 */
export function parseBillTag(billNumber: string | null | undefined): ParsedBillTag {
  const tag = (billNumber ?? '').trim();
  if (tag === '') return { kind: 'empty' };
  if ([...tag].length === BILL_TAG_MAX_LENGTH && CUT.test(tag)) {
    const prefix = tag.slice(0, tag.length - HASH_DIGITS - 1);
    const at = prefix.indexOf(BILL_TAG_SEPARATOR);
    return at > 0 ? { kind: 'cut', prefix, poNumber: prefix.slice(0, at) } : { kind: 'cut', prefix };
  }
  const at = tag.indexOf(BILL_TAG_SEPARATOR);
  if (at > 0) {
    const invoiceNumber = tag.slice(at + BILL_TAG_SEPARATOR.length).trim();
    if (invoiceNumber !== '') return { kind: 'po-invoice', poNumber: tag.slice(0, at).trim(), invoiceNumber };
  }
  return { kind: 'single', value: tag };
}

/** Whether a bill's bill_number is this tag (FreshBooks may trim; nothing else is forgiven). */
export function billTagMatches(billNumber: string | null | undefined, tag: string): boolean {
  return (billNumber ?? '').trim() === tag.trim();
}

/** Whether a bill_number belongs to this PO: its own bill or a later invoice's bill (cut tags included). */
export function isTagOfPo(billNumber: string | null | undefined, poNumber: string): boolean {
  const parsed = parseBillTag(billNumber);
  const po = poNumber.trim();
  switch (parsed.kind) {
    case 'single':
      return parsed.value === po;
    case 'po-invoice':
    case 'cut':
      return parsed.poNumber === po;
    case 'empty':
      return false;
  }
}
