/**
 * What to do with a Coupa invoice on the FreshBooks side: the invoice → bill decision as data.
 *
 * Matching is by PO number AND vendor. The invoice's PO is its primary PO: the PO of its
 * first line that has one (`Invoice.poNumbers[0]`). An invoice spanning several POs takes
 * over (or is tagged with) the primary PO only; the other POs' bills stay until their own
 * invoices arrive.
 */
import { laterInvoiceTag, poTag, standaloneTag } from './bill-tags.js';
import { isStale, type InvoiceLink, type KnownPo, type Need, type SupplierLink } from './links.js';
import { poNumbersOf, type Invoice } from './records.js';

export type InvoiceSkipReason =
  /** Not approved yet (pending, draft, disputed…) and no bill written: nothing to do yet. */
  | 'not-approved'
  /** Left approval (disputed, on hold…) after its bill was written: the bill is kept as it is. */
  | 'not-approved-bill-kept'
  /** Voided/abandoned/rejected and no bill was ever written. */
  | 'withdrawn-no-bill'
  /** Voided but its bill has payments: a person must reverse them; the connector does not. */
  | 'withdrawn-bill-has-payments'
  /** Choice FB-34 (docs/api-notes.md): credit notes are not written as bills (a negative total); report for a person. */
  | 'credit-note'
  /** Total of zero or less: nothing to pay. */
  | 'non-positive-total'
  /** Older than what was last written from it. */
  | 'stale'
  /** The supplier waits in the review queue. */
  | 'supplier-in-review'
  /** A person deleted or archived its bill in FreshBooks: left alone. */
  | 'bill-removed'
  /** Its bill has payments: frozen. */
  | 'bill-has-payments'
  /** Fingerprint equal: nothing that maps has changed. */
  | 'unchanged';

export type InvoiceWarning =
  /** The PO's bill belongs to another vendor: not matched; the invoice became a standalone bill. */
  | 'po-vendor-mismatch'
  /** The PO's bill was paid before its first invoice came: not taken over; the invoice got its own bill. A person should reconcile. */
  | 'po-bill-has-payments'
  /** The PO's bill was deleted/archived by a person: the invoice got its own bill with the combined tag. */
  | 'po-bill-removed';

export type InvoicePlan =
  /** Rewrite the PO's bill with the invoice's lines and amounts; the bill keeps its tag. Mark the PO link taken over. */
  | { action: 'take-over'; billId: string; tag: string; poNumber: string }
  /**
   * A new bill with this tag. `claimsPo`: the PO is known but never had a bill; this bill is
   * the PO's bill from now on (record the PO link as taken over by this invoice).
   */
  | { action: 'create'; tag: string; claimsPo?: string; warning?: InvoiceWarning }
  /** Rewrite the invoice's own bill. */
  | { action: 'update'; billId: string; tag: string }
  /** Delete the invoice's own (standalone or later-invoice) bill. */
  | { action: 'delete'; billId: string }
  /**
   * A voided invoice that had taken over its PO's bill: hand the bill back to the PO — clear
   * the take-over, then plan the PO with `poPlan` (an issued PO rewrites it from the PO, a
   * cancelled one deletes it). Deleting it outright would lose the PO's commitment.
   */
  | { action: 'release'; billId: string; poNumber: string }
  | { action: 'skip'; reason: InvoiceSkipReason }
  /** Fetch and sync these first, then plan this invoice again. */
  | { action: 'need'; needs: Need[] };

export interface InvoicePlanInput {
  invoice: Invoice;
  supplier: SupplierLink;
  /** PO number → the PO as known. A PO is known once `poPlan` reached a decision for it; absent = not seen yet. */
  pos: ReadonlyMap<string, KnownPo>;
  /** The invoice's own bill, from its link. */
  own?: InvoiceLink;
  /** Fingerprint of `billFromInvoice(invoice, vendorId, mapping, own.tag)`; without it an own bill is rewritten. */
  fingerprint?: string;
}

const APPROVED = 'approved';
/** Statuses that take an invoice back: its bill goes. */
const WITHDRAWN = new Set(['voided', 'abandoned', 'rejected']);

/**
 * Decides, in this order:
 * 1. voided/abandoned/rejected: own open bill → delete (or release, if it was its PO's bill);
 *    paid → skip for a person; none → skip;
 * 2. not approved → skip (an existing bill is kept);
 * 3. credit note / total ≤ 0 → skip; stale → skip;
 * 4. supplier or primary PO not seen → need (both at once); supplier in review → skip;
 * 5. own bill → update (skip if paid, removed, or fingerprint unchanged);
 * 6. no PO → create, tagged with the invoice number;
 * 7. PO of another vendor → create standalone (warning 'po-vendor-mismatch'): matching needs
 *    the PO number AND the vendor, so an invoice never rewrites another vendor's bill;
 * 8. PO without a bill → create with the PO tag and claim the PO's slot;
 * 9. PO bill open and not taken over → take over;
 * 10. PO bill taken over by another invoice, paid, or removed → create, tagged PO + invoice.
 */
export function invoicePlan(input: InvoicePlanInput): InvoicePlan {
  const { invoice, supplier, pos } = input;
  const status = invoice.status.trim().toLowerCase();
  const poNumbers = invoice.poNumbers.length > 0 ? invoice.poNumbers : poNumbersOf(invoice.lines);
  const primary = poNumbers[0];
  const own = input.own ?? ownFromPoSlot(invoice.id, poNumbers, pos);

  if (WITHDRAWN.has(status)) {
    if (!own) return skip('withdrawn-no-bill');
    if (own.state === 'removed') return skip('bill-removed');
    if (own.state === 'has-payments') return skip('withdrawn-bill-has-payments');
    if (own.poSlot) return { action: 'release', billId: own.billId, poNumber: own.poSlot };
    return { action: 'delete', billId: own.billId };
  }
  if (status !== APPROVED) return skip(own ? 'not-approved-bill-kept' : 'not-approved');
  if (invoice.isCreditNote) return skip('credit-note');
  if (invoice.total.isNegative() || invoice.total.isZero()) return skip('non-positive-total');
  if (isStale(invoice.updatedAt, own)) return skip('stale');

  const needs: Need[] = [];
  if (supplier.state === 'unseen') needs.push({ kind: 'supplier', supplierId: invoice.supplierId });
  if (primary !== undefined && !own && !pos.has(primary)) needs.push({ kind: 'purchase-order', poNumber: primary });
  if (needs.length > 0) return { action: 'need', needs };
  if (supplier.state !== 'linked') return skip('supplier-in-review');

  if (own) {
    if (own.state === 'removed') return skip('bill-removed');
    if (own.state === 'has-payments') return skip('bill-has-payments');
    if (input.fingerprint !== undefined && input.fingerprint === own.fingerprint) return skip('unchanged');
    return { action: 'update', billId: own.billId, tag: own.tag };
  }

  if (primary === undefined) return { action: 'create', tag: standaloneTag(invoice.invoiceNumber) };
  const po = pos.get(primary)!;
  const sameVendor = po.bill ? po.bill.vendorId === supplier.vendorId : po.supplierId === invoice.supplierId;
  if (!sameVendor) return { action: 'create', tag: standaloneTag(invoice.invoiceNumber), warning: 'po-vendor-mismatch' };

  if (!po.bill) return { action: 'create', tag: poTag(primary), claimsPo: primary };
  const later = (): string => laterInvoiceTag(primary, invoice.invoiceNumber);
  if (po.bill.takenOverByInvoiceId) return { action: 'create', tag: later() };
  if (po.bill.state === 'removed') return { action: 'create', tag: later(), warning: 'po-bill-removed' };
  if (po.bill.state === 'has-payments') return { action: 'create', tag: later(), warning: 'po-bill-has-payments' };
  return { action: 'take-over', billId: po.bill.billId, tag: po.bill.tag, poNumber: primary };
}

/** When the links disagree (the invoice's own row was lost), the PO link's take-over still says which bill is the invoice's. */
function ownFromPoSlot(invoiceId: string, poNumbers: readonly string[], pos: ReadonlyMap<string, KnownPo>): InvoiceLink | undefined {
  for (const poNumber of poNumbers) {
    const bill = pos.get(poNumber)?.bill;
    if (bill && bill.takenOverByInvoiceId === invoiceId) {
      // Only the bill's identity carries over: the PO's fingerprint and updatedAt describe the PO, not this invoice.
      return { billId: bill.billId, vendorId: bill.vendorId, state: bill.state, tag: bill.tag, poSlot: poNumber };
    }
  }
  return undefined;
}

function skip(reason: InvoiceSkipReason): InvoicePlan {
  return { action: 'skip', reason };
}
