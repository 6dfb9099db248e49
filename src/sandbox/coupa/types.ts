/**
 * The Coupa simulator's internal records. They hold what a Coupa database row would hold
 * (ids of associations, decimals as exact strings, times as epoch milliseconds truncated to
 * the second); the wire shape is produced from them by the models in `model/`.
 */

export interface UserRecord {
  id: number;
  login: string;
  email: string;
  firstname: string;
  lastname: string;
  employeeNumber: string | null;
}

export interface CurrencyRecord {
  id: number;
  code: string;
  decimals: number;
}

export interface PaymentTermRecord {
  id: number;
  code: string;
  description: string;
  daysForNetPayment: number;
  daysForDiscountPayment: number | null;
  discountRate: string | null;
}

export interface AccountTypeRecord {
  id: number;
  name: string;
  currencyId: number;
}

export interface AccountRecord {
  id: number;
  name: string;
  /** Segments joined with "-", e.g. "NW-OPS-6100" (company-costcentre-GL). */
  code: string;
  segments: string[];
  accountTypeId: number;
  active: boolean;
}

/** A tax code of the instance's setup (Setup > Tax Codes): what a header's `tax-code` names. */
export interface TaxCodeRecord {
  id: number;
  code: string;
  description: string;
  /** Percent as a decimal string ("8.25"), or null for a code without a rate. */
  percentage: string | null;
  active: boolean;
}

export interface UomRecord {
  id: number;
  code: string;
  name: string;
}

export type CustomFields = Record<string, string | number | boolean | null>;

export interface ContactRecord {
  id: number;
  email: string | null;
  nameGiven: string | null;
  nameFamily: string | null;
  phone: string | null;
}

export interface AddressRecord {
  id: number;
  name: string | null;
  street1: string | null;
  street2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  countryCode: string | null;
}

export interface RemitToRecord extends AddressRecord {
  remitToCode: string;
  active: boolean;
}

export type SupplierStatus = 'active' | 'inactive' | 'draft' | 'onboarding';

export interface SupplierRecord {
  id: number;
  createdAt: number;
  updatedAt: number;
  createdById: number;
  updatedById: number;
  name: string;
  displayName: string | null;
  number: string | null;
  status: SupplierStatus;
  taxId: string | null;
  accountNumber: string | null;
  website: string | null;
  onHold: boolean;
  oneTimeSupplier: boolean;
  paymentMethod: string;
  poMethod: string;
  poEmail: string | null;
  invoiceMatchingLevel: string;
  paymentTermId: number | null;
  contact: ContactRecord | null;
  address: AddressRecord | null;
  remitTo: RemitToRecord[];
  customFields: CustomFields;
}

export type OrderLineType = 'OrderQuantityLine' | 'OrderAmountLine';

export interface OrderLineRecord {
  id: number;
  orderHeaderId: number;
  lineNum: string;
  type: OrderLineType;
  description: string;
  /** null on amount lines. */
  quantity: string | null;
  price: string;
  total: string;
  uomId: number | null;
  accountId: number | null;
  needByDate: number | null;
  received: string;
  invoiced: string;
  sourcePartNum: string | null;
  version: number;
  createdAt: number;
  updatedAt: number;
  customFields: CustomFields;
}

export type PurchaseOrderStatus = 'draft' | 'buyer_hold' | 'issued' | 'cancelled' | 'closed' | 'soft_closed';

export interface PurchaseOrderRecord {
  id: number;
  poNumber: string;
  status: PurchaseOrderStatus;
  version: number;
  internalRevision: number;
  exported: boolean;
  lastExportedAt: number | null;
  createdAt: number;
  updatedAt: number;
  createdById: number;
  updatedById: number;
  supplierId: number;
  currencyId: number;
  paymentTermId: number | null;
  shipToAttention: string | null;
  transmissionStatus: string;
  lines: OrderLineRecord[];
  customFields: CustomFields;
}

export type InvoiceLineType = 'InvoiceQuantityLine' | 'InvoiceAmountLine';

/** One part of an invoice line's split coding. */
export interface AccountAllocationRecord {
  id: number;
  accountId: number;
  /** Percent of the line ("60.0"); null when the line total is zero and the split was by amount. */
  pct: string | null;
  /** At the currency's precision; the parts of a line sum to its total exactly. */
  amount: string;
}

export interface InvoiceLineRecord {
  id: number;
  invoiceHeaderId: number;
  lineNum: number;
  type: InvoiceLineType;
  description: string;
  quantity: string | null;
  price: string;
  total: string;
  uomId: number | null;
  accountId: number | null;
  orderLineId: number | null;
  status: string;
  /** Split coding; empty when the whole line goes to its account. */
  allocations: AccountAllocationRecord[];
  createdAt: number;
  updatedAt: number;
}

export interface PaymentRecord {
  id: number;
  invoiceHeaderId: number;
  amountPaid: string;
  paymentDate: number | null;
  notes: string | null;
  checkNumber: string | null;
  createdAt: number;
  updatedAt: number;
  createdById: number;
  updatedById: number;
}

export type InvoiceStatus =
  'draft' | 'new' | 'pending_receipt' | 'pending_approval' | 'approved' | 'rejected' | 'disputed' | 'on_hold' | 'abandoned' | 'voided';

export interface InvoiceRecord {
  id: number;
  invoiceNumber: string;
  invoiceDate: number;
  status: InvoiceStatus;
  documentType: 'Invoice' | 'Credit Note';
  supplierId: number;
  currencyId: number;
  paymentTermId: number | null;
  taxAmount: string;
  shippingAmount: string;
  handlingAmount: string;
  /** May be negative: a misc adjustment taken off (Choice CP-44, docs/api-notes.md). */
  miscAmount: string;
  /** Never negative: an amount taken off the total (Choice CP-43, docs/api-notes.md). */
  discountAmount: string;
  /** Percent as a decimal string, or null. */
  taxRate: string | null;
  taxCodeId: number | null;
  lines: InvoiceLineRecord[];
  exported: boolean;
  lastExportedAt: number | null;
  paid: boolean;
  paymentDate: number | null;
  paymentNotes: string | null;
  payments: PaymentRecord[];
  customFields: CustomFields;
  createdAt: number;
  updatedAt: number;
  createdById: number;
  updatedById: number;
}

export type CoupaEventType =
  | 'supplier.created'
  | 'supplier.updated'
  | 'purchase_order.created'
  | 'purchase_order.updated'
  | 'invoice.created'
  | 'invoice.updated'
  | 'invoice.paid';

export interface CoupaEvent {
  type: CoupaEventType;
  id: number;
  at: number;
}
