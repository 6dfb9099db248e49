/**
 * The small interfaces the sync engine talks to. The provider clients implement them (and
 * turn wire shapes into core records); tests could implement them too. Lists are async
 * iterables of pages, so a large tenant is never held in memory at once.
 */
import type {
  Bill,
  BillDraft,
  BillPayment,
  BillPaymentDraft,
  CoupaPaymentDraft,
  Invoice,
  IsoDate,
  LineTax,
  PurchaseOrder,
  Supplier,
  Timestamp,
  Vendor,
  VendorDraft,
} from '../core/records.js';

export interface CoupaQuery {
  /** Only records with `updated-at` strictly after this instant. */
  updatedAfter?: Timestamp;
  /** Only these statuses (`status[in]=…`). */
  statuses?: string[];
  /** Only this supplier's records (`supplier[id]=…`; not for suppliers themselves). */
  supplierId?: string;
  /** Start after this id (`id[gt]=…`): where an interrupted pass stopped. */
  afterId?: string;
  /**
   * Invoices only: dated from/to these days. Coupa reads a bare date in a filter as midnight
   * UTC while invoice dates carry the instance's offset, so the filter sent is a day wider on
   * each side and the pages are then cut to the days asked by the parsed `invoiceDate`.
   */
  invoiceDate?: { from?: IsoDate; to?: IsoDate };
}

export type CoupaCollectionName = 'suppliers' | 'purchase-orders' | 'invoices';

export interface CoupaPort {
  /** Pages in id order, paged by `id[gt]` so records changing meanwhile are neither skipped nor repeated. */
  suppliers(query?: CoupaQuery): AsyncIterable<Supplier[]>;
  supplier(id: string): Promise<Supplier | undefined>;
  purchaseOrders(query?: CoupaQuery): AsyncIterable<PurchaseOrder[]>;
  purchaseOrder(id: string): Promise<PurchaseOrder | undefined>;
  purchaseOrderByNumber(poNumber: string): Promise<PurchaseOrder | undefined>;
  invoices(query?: CoupaQuery): AsyncIterable<Invoice[]>;
  invoice(id: string): Promise<Invoice | undefined>;
  /** Adds one payment to the invoice (`PUT /api/invoices/{id}`), setting `paid` when asked; returns the invoice after. */
  recordPayment(draft: CoupaPaymentDraft, options: { markPaid: boolean }): Promise<Invoice>;
  /** `PUT /api/{purchase_orders|invoices}/{id}?exported=true`. */
  markExported(kind: 'purchase_order' | 'invoice', id: string): Promise<void>;
  /**
   * The highest id the query matches (`order_by=id&dir=desc&limit=1`, same filters; `afterId`
   * ignored), undefined when none: with the first and current ids it estimates how far a pass is.
   * Optional: a port without it gives progress without an estimate.
   */
  highestId?(collection: CoupaCollectionName, query?: CoupaQuery): Promise<string | undefined>;
}

export interface FreshBooksQuery {
  /** `search[updated_min]` (day granularity). */
  updatedMin?: IsoDate;
  /** Bills only: `search[vendorid]`, one vendor's bills (a documented bill filter). */
  vendorId?: string;
  /** Bills only: the deleted ones (`search[vis_state]=1`) instead of the active and archived ones. */
  deleted?: boolean;
  /** Bills only: `search[issue_date_min]` / `search[issue_date_max]` (inclusive days). */
  issueDate?: { from?: IsoDate; to?: IsoDate };
}

export interface ExpenseCategory {
  id: string;
  name: string;
}

/** A tax the FreshBooks business has set up (`taxes/taxes`): the name and percentage a bill line can carry. */
export interface BusinessTax extends LineTax {
  id: string;
}

export interface FreshBooksPort {
  vendors(query?: FreshBooksQuery): AsyncIterable<Vendor[]>;
  vendor(id: string): Promise<Vendor | undefined>;
  createVendor(draft: VendorDraft): Promise<Vendor>;
  /** Writes only the fields given (what Coupa changed); null clears a field. */
  updateVendor(id: string, changes: Partial<VendorDraft>): Promise<Vendor>;
  /** Active and archived bills (not deleted), `per_page=100`. */
  bills(query?: FreshBooksQuery): AsyncIterable<Bill[]>;
  bill(id: string): Promise<Bill | undefined>;
  createBill(draft: BillDraft): Promise<Bill>;
  updateBill(id: string, draft: BillDraft): Promise<Bill>;
  /** Soft delete (`vis_state: 1`, sent alone: FreshBooks drops other fields sent with it). */
  deleteBill(id: string): Promise<void>;
  /** The active payments of one bill. */
  billPayments(billId: string): Promise<BillPayment[]>;
  /** One bill payment, deleted ones included (a dry run learns which bill a deletion would credit). */
  billPayment(id: string): Promise<BillPayment | undefined>;
  createBillPayment(draft: BillPaymentDraft): Promise<BillPayment>;
  /** Soft delete (`vis_state: 1`, sent alone); FreshBooks takes the amount off the bill's paid. */
  deleteBillPayment(id: string): Promise<void>;
  categories(): Promise<ExpenseCategory[]>;
  /** The business's taxes; a bill line may carry one of them (`tax_name1`/`tax_percent1`). */
  taxes(): Promise<BusinessTax[]>;
}
