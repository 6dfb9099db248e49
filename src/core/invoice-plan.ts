/**
 * What to do with a Coupa invoice on the FreshBooks side: the invoice → bill decision as data.
 *
 * Every approved invoice has exactly one bill of its own, tagged with its invoice number (and
 * its first PO, for the reader). Its lines are taken off each PO's open commitment
 * (commitment.ts), so a PO's bill and its invoices' bills never count the same money twice.
 * One exception keeps money where it was paid: a PO bill paid before its invoice came is
 * taken over by that invoice (its lines become the invoice's, its payments settle the invoice),
 * and what remains open on the PO gets a bill again.
 */
import { beforeStart } from './po-plan.js';
import { isStale, type DeletedBillPolicy, type Need, type OwnedBill, type SupplierState } from './known.js';
import type { Invoice } from './records.js';
import { Decimal } from '../lib/decimal.js';

export type InvoiceSkipReason =
  /** Not approved yet (pending, draft…) and no bill written: nothing to do yet. */
  | 'not-approved'
  /** Left approval (sent back, on hold…) after its bill was written: the bill is kept as it is. */
  | 'not-approved-bill-kept'
  /** Voided/abandoned/rejected and it has no bill (any more). */
  | 'withdrawn-no-bill'
  /** A person archived its bill in FreshBooks: left alone. */
  | 'bill-archived'
  /** Older than what was last written from it. */
  | 'stale'
  /** The supplier waits in the review queue. */
  | 'supplier-in-review'
  /** Its bill already holds what the invoice says. */
  | 'unchanged'
  /** Dated before the tenant's start date and never written: history the tenant chose not to bring over. */
  | 'before-start-date';

/** The invoice cases that need a person (attention.ts words them). */
export type InvoiceAttentionCode =
  /** Choice FB-34 (docs/api-notes.md): a credit note is not written as a bill (it may not total below zero); a person records it. */
  'credit-note' | 'non-positive-total' | 'disputed' | 'voided-bill-paid' | 'paid-bill-changed' | 'bill-deleted' | 'currency-mismatch';

export type InvoicePlan =
  /** A new bill of its own. */
  | { action: 'create' }
  /** Rewrite its own bill. */
  | { action: 'update'; billId: string }
  /** Rewrite the PO's paid bill as this invoice's: its payments settle this invoice. */
  | { action: 'take-over'; billId: string; poNumber: string }
  /** Delete its own unpaid bill (voided). */
  | { action: 'delete'; billId: string }
  | { action: 'skip'; reason: InvoiceSkipReason }
  /** Nothing is written; a person is told (`billId`: the bill concerned, kept as it is). */
  | { action: 'attention'; code: InvoiceAttentionCode; billId?: string }
  /** Fetch and sync these first, then plan this invoice again. */
  | { action: 'need'; needs: Need[] };

export interface InvoicePlanInput {
  invoice: Invoice;
  supplier: SupplierState;
  /** Its own bill, as FreshBooks has it now. */
  own?: OwnedBill;
  /** When its link was last written from Coupa. */
  sourceUpdatedAt?: string | null;
  /** Fingerprint of the bill the invoice maps to; without it an own bill is rewritten. */
  fingerprint?: string;
  /** PO numbers the engine has seen (decided on); the invoice's other POs are fetched first. */
  knownPos: ReadonlySet<string>;
  /** A bill of one of its POs that was paid before this invoice came, and that this invoice can carry. */
  takeOver?: { poNumber: string; bill: OwnedBill };
  deletedBills: DeletedBillPolicy;
  /** The currencies the FreshBooks business keeps books in, when the tenant named them; others go to a person. */
  currencies?: readonly string[];
  /** The tenant's start date (ISO date): an invoice dated before it gets no bill unless it has one already. */
  startDate?: string;
}

const APPROVED = 'approved';
/** Statuses that take an invoice back: its bill goes. */
const WITHDRAWN = new Set(['voided', 'abandoned', 'rejected']);
const DISPUTED = new Set(['disputed']);

/**
 * Decides, in this order:
 * 1. withdrawn: own unpaid bill → delete; paid → a person; none → skip;
 * 2. dated before the start date and never written → skip (nothing fetched, nobody told);
 * 3. credit note, total ≤ 0 → a person (never a bill);
 * 4. disputed → a person (an existing bill is kept); other not-approved → skip;
 * 5. stale → skip; supplier or POs not seen → need them; supplier in review → skip;
 * 6. a currency the FreshBooks business does not keep (when the tenant named its currencies) → a person;
 * 7. own bill → update (unchanged → skip; deleted → recreate or a person, by policy;
 *    paid and changed → a person);
 * 8. a PO bill paid before it came → take it over; otherwise → create.
 */
export function invoicePlan(input: InvoicePlanInput): InvoicePlan {
  const { invoice, supplier, own } = input;
  const status = invoice.status.trim().toLowerCase();
  const live = own && own.state !== 'deleted' ? own : undefined;

  if (WITHDRAWN.has(status)) {
    if (!live) return skip('withdrawn-no-bill');
    if (live.state === 'archived') return skip('bill-archived');
    if (live.state === 'has-payments') return attention('voided-bill-paid', live.billId);
    return { action: 'delete', billId: live.billId };
  }
  if (!own && beforeStart(invoice.invoiceDate, input.startDate)) return skip('before-start-date');
  if (invoice.isCreditNote === true) return attention('credit-note');
  if (!invoice.total.gt(Decimal.ZERO)) return attention('non-positive-total');
  if (DISPUTED.has(status)) return live ? attention('disputed', live.billId) : attention('disputed');
  if (status !== APPROVED) return skip(live ? 'not-approved-bill-kept' : 'not-approved');
  if (isStale(invoice.updatedAt, input.sourceUpdatedAt)) return skip('stale');

  const needs: Need[] = [];
  if (supplier.state === 'unseen') needs.push({ kind: 'supplier', supplierId: invoice.supplierId });
  for (const poNumber of invoice.poNumbers) if (!input.knownPos.has(poNumber)) needs.push({ kind: 'purchase-order', poNumber });
  if (needs.length > 0) return { action: 'need', needs };
  if (supplier.state !== 'linked') return skip('supplier-in-review');
  // A vendor's own currency is only its default: FreshBooks keeps a vendor's balances per
  // currency, so an invoice in another currency is billed as it is. The business's currencies
  // (when the tenant named them) are a hard limit: amounts are never converted.
  if (input.currencies && input.currencies.length > 0 && !input.currencies.includes(invoice.currency.toUpperCase())) {
    return attention('currency-mismatch');
  }

  if (own) {
    switch (own.state) {
      case 'deleted':
        return input.deletedBills === 'recreate' ? { action: 'create' } : attention('bill-deleted', own.billId);
      case 'archived':
        return skip('bill-archived');
      case 'has-payments':
        if (input.fingerprint !== undefined && input.fingerprint === own.fingerprint) return skip('unchanged');
        return attention('paid-bill-changed', own.billId);
      case 'open':
        if (input.fingerprint !== undefined && input.fingerprint === own.fingerprint) return skip('unchanged');
        return { action: 'update', billId: own.billId };
    }
  }
  if (input.takeOver && !input.takeOver.bill.paid.gt(invoice.total)) {
    return { action: 'take-over', billId: input.takeOver.bill.billId, poNumber: input.takeOver.poNumber };
  }
  return { action: 'create' };
}

function skip(reason: InvoiceSkipReason): InvoicePlan {
  return { action: 'skip', reason };
}

function attention(code: InvoiceAttentionCode, billId?: string): InvoicePlan {
  return billId === undefined ? { action: 'attention', code } : { action: 'attention', code, billId };
}
