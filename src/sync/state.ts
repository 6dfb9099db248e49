/**
 * The sync engine's own records, as a port: what it wrote and where (links), how far it has
 * read (cursors), who it is waiting on (reviews, attention), and one writer per record
 * (locks). The store implements it (store/sync-state.ts); the engine never touches tables.
 * Every method is for one tenant: the port is opened for it.
 */
import type { AttentionItem, AttentionRecord } from '../core/attention.js';
import type { InvoicedLine } from '../core/commitment.js';
import type { Allocation, VendorDraft } from '../core/records.js';
import type { Decimal } from '../lib/decimal.js';

export interface VendorLinkRow {
  supplierId: string;
  vendorId: string;
  /** The vendor fields as last read from Coupa; null when unknown (every field Coupa has is written next time). */
  coupaFields: VendorDraft | null;
  sourceUpdatedAt: string | null;
}

export interface PoLinkRow {
  poNumber: string;
  poId: string;
  supplierId: string;
  vendorId: string | null;
  /** The bill holding the open commitment; null while nothing is open. */
  billId: string | null;
  tag: string | null;
  fingerprint: string | null;
  /** What the bill held when last written or read (billHash in fingerprint.ts): another value means a person edited it. */
  billHash: string | null;
  version: number | null;
  sourceUpdatedAt: string | null;
  /** An invoice taking over the PO's paid bill (set before the bill is rewritten). */
  takenOverBy: string | null;
  needsSettle: boolean;
}

export interface InvoiceLinkRow {
  invoiceId: string;
  invoiceNumber: string;
  supplierId: string;
  vendorId: string | null;
  billId: string | null;
  tag: string | null;
  /** The PO whose paid bill this invoice took over. */
  poSlot: string | null;
  fingerprint: string | null;
  billHash: string | null;
  sourceUpdatedAt: string | null;
}

type PaymentOriginKind = 'coupa' | 'freshbooks' | 'matched';
type PaymentLinkState = 'live' | 'reversed' | 'deleted';

export interface PaymentLinkRow {
  id?: number;
  invoiceId: string;
  coupaKey: string | null;
  billPaymentId: string | null;
  billId: string;
  origin: PaymentOriginKind;
  amount: Decimal;
  paidDate: string;
  state: PaymentLinkState;
}

export interface AllocationRow {
  invoiceId: string;
  invoiceNumber: string;
  billPaymentId: string;
  currency: string;
  paidDate: string;
  parts: Allocation[];
}

export interface ReviewRow {
  status: 'open' | 'resolved';
}

export interface ReviewInput {
  supplierId: string;
  supplierName: string;
  reason: string;
  candidates: Array<{ vendorId: string; name: string }>;
}

/** An invoice whose hand-keyed bill a person picks (sync/hand-keyed.ts). */
export interface BillReviewRow {
  id: string;
  status: 'open' | 'resolved';
  /** `billId`: the bill a person linked (action 'link'). 'create': never look for a hand-keyed bill again. */
  resolution: { action: 'link' | 'create'; billId?: string } | null;
}

export interface BillReviewInput {
  invoiceId: string;
  supplierId: string;
  supplierName: string;
  reason: 'near' | 'ambiguous';
  invoice: { invoiceNumber: string; invoiceDate: string; total: string; currency: string };
  candidates: Array<{ billId: string; billNumber: string | null; issueDate: string; total: string; currency: string; why: string }>;
}

export interface SyncState {
  vendor(supplierId: string): Promise<VendorLinkRow | undefined>;
  /** Saves the link and drops the supplier's vendor intent. */
  saveVendor(row: VendorLinkRow): Promise<void>;
  /** The supplier linked to this vendor, if any. */
  vendorOwner(vendorId: string): Promise<string | undefined>;
  /** Saved before a vendor is created, so a run that dies before its link is saved finds that vendor again. */
  intendVendor(supplierId: string, fields: VendorDraft): Promise<void>;
  vendorIntent(supplierId: string): Promise<VendorDraft | undefined>;

  po(poNumber: string): Promise<PoLinkRow | undefined>;
  savePo(row: PoLinkRow): Promise<void>;
  /** PO numbers whose invoiced lines changed since their bill was last settled. */
  posToSettle(): Promise<string[]>;

  invoice(invoiceId: string): Promise<InvoiceLinkRow | undefined>;
  saveInvoice(row: InvoiceLinkRow): Promise<void>;
  /** Who owns a FreshBooks bill, if anyone: a PO's commitment or an invoice. */
  billOwner(billId: string): Promise<{ kind: 'po'; row: PoLinkRow } | { kind: 'invoice'; row: InvoiceLinkRow } | undefined>;

  /** The invoiced lines of every invoice against this PO. */
  invoicedLines(poNumber: string): Promise<InvoicedLine[]>;
  /** Replaces an invoice's invoiced lines and marks every PO they (used to) name to be settled. Returns those PO numbers. */
  setInvoicedLines(invoiceId: string, lines: readonly InvoicedLine[]): Promise<string[]>;

  paymentByCoupaKey(key: string): Promise<PaymentLinkRow | undefined>;
  paymentByBillPayment(billPaymentId: string): Promise<PaymentLinkRow | undefined>;
  paymentsOfInvoice(invoiceId: string): Promise<PaymentLinkRow[]>;
  /** Inserts (no id) or updates (id) a payment pair. */
  savePayment(row: PaymentLinkRow): Promise<void>;

  /** What earlier payments of this invoice were given, per cost centre. */
  allocationsOf(invoiceId: string): Promise<Array<Pick<Allocation, 'costCentre' | 'amount'>>>;
  addAllocations(row: AllocationRow): Promise<void>;

  cursor(side: 'coupa' | 'freshbooks', resource: string): Promise<string | undefined>;
  setCursor(side: 'coupa' | 'freshbooks', resource: string, value: string): Promise<void>;
  /** Forgets a cursor (a finished pass's checkpoint). */
  clearCursor(side: 'coupa' | 'freshbooks', resource: string): Promise<void>;

  review(supplierId: string): Promise<ReviewRow | undefined>;
  openReview(input: ReviewInput): Promise<void>;
  closeReview(reviewId: string, resolution: { action: 'link' | 'create'; vendorId: string }): Promise<void>;
  billReview(invoiceId: string): Promise<BillReviewRow | undefined>;
  openBillReview(input: BillReviewInput): Promise<void>;
  closeBillReview(reviewId: string, resolution: { action: 'link' | 'create'; billId?: string }): Promise<void>;

  /** Opens (or refreshes) an item for a person. */
  raise(item: AttentionItem): Promise<void>;
  /** Resolves the record's open items (all of them, or those of these codes): it synced fine. */
  settle(record: Pick<AttentionRecord, 'kind' | 'id'>, codes?: readonly string[]): Promise<void>;
  /**
   * Counts one more failure of a record in a row and returns the count; the item is 'retrying'
   * below `budget` and open for a person from then on (`describe` words it for that count).
   */
  failure(
    record: AttentionRecord,
    budget: number,
    describe: (attempts: number) => AttentionItem,
    sourceUpdatedAt?: string,
  ): Promise<number>;
  /** The version of a record that failed for good (its retry budget spent, a person told), if it did. */
  givenUp(record: Pick<AttentionRecord, 'kind' | 'id'>): Promise<{ sourceUpdatedAt: string | null } | undefined>;

  /** Runs `fn` holding this tenant's lease on one record, across processes. */
  lock<T>(record: string, fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` against the state in one transaction. */
  transaction<T>(fn: (state: SyncState) => Promise<T>): Promise<T>;
}
