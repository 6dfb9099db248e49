/**
 * A tenant's pre-existing Coupa data (what the generator produces) and its loading. Seeds
 * refer to each other by natural keys (supplier number, PO number, PO line number) so they
 * need no ids; ids are assigned in seed order. Loading sends no pushes: the records existed
 * before anyone listened.
 */
import type { OpOptions } from './ops/context.js';
import { recordPayment } from './ops/invoice-payments.js';
import { createInvoice, voidInvoice, type InvoiceInput } from './ops/invoices.js';
import { createPurchaseOrder, type PurchaseOrderInput } from './ops/purchase-orders.js';
import { createSupplier, type SupplierInput } from './ops/suppliers.js';
import type { CoupaState } from './state.js';
import { parseCoupaTime } from './time.js';
import type { PurchaseOrderRecord } from './types.js';

export interface SupplierSeed extends SupplierInput {
  number: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface PurchaseOrderSeed extends Omit<PurchaseOrderInput, 'status' | 'supplierId' | 'supplierNumber'> {
  poNumber: string;
  supplierNumber: string;
  status: 'draft' | 'buyer_hold' | 'issued' | 'closed' | 'cancelled';
  /** Revisions already made (default 1). */
  version?: number;
  exported?: boolean;
  createdAt?: string;
  updatedAt?: string;
}

export interface PaymentSeed {
  amount: string;
  date: string;
  notes?: string | null;
}

export interface InvoiceSeed extends Omit<InvoiceInput, 'status' | 'supplierId' | 'supplierNumber' | 'purchaseOrderId'> {
  supplierNumber: string;
  status: 'draft' | 'pending_receipt' | 'pending_approval' | 'approved' | 'voided';
  /** Payments recorded by the ERP; `paid` becomes true once they reach the gross total. */
  payments?: PaymentSeed[];
  exported?: boolean;
  createdAt?: string;
  updatedAt?: string;
}

export interface CoupaSeed {
  /** Extra accounts beyond the default chart (company-costcentre-GL codes). */
  accounts?: Array<{ code: string; name: string }>;
  suppliers: SupplierSeed[];
  purchaseOrders: PurchaseOrderSeed[];
  invoices: InvoiceSeed[];
}

const TIMESTAMP = 'seed timestamp';

function at(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : parseCoupaTime(iso, TIMESTAMP);
}

export function loadSeed(state: CoupaState, seed: CoupaSeed): void {
  const silent: OpOptions = { silent: true };
  for (const account of seed.accounts ?? []) state.addAccount(account.code, account.name);

  for (const s of seed.suppliers) {
    const { createdAt, updatedAt, ...input } = s;
    const supplier = createSupplier(state, input, { ...silent, at: at(createdAt) });
    if (updatedAt) supplier.updatedAt = parseCoupaTime(updatedAt, TIMESTAMP);
  }

  // Orders are created open so their invoices can match them; final states are applied after.
  const finals: Array<[PurchaseOrderRecord, Pick<PurchaseOrderSeed, 'status' | 'version' | 'exported'>]> = [];
  for (const p of seed.purchaseOrders) {
    const { createdAt, updatedAt, status, version, exported, ...input } = p;
    const open = status === 'draft' || status === 'buyer_hold' ? 'draft' : 'issued';
    const po = createPurchaseOrder(state, { ...input, status: open }, { ...silent, at: at(createdAt) });
    if (updatedAt) po.updatedAt = parseCoupaTime(updatedAt, TIMESTAMP);
    finals.push([po, { status, version, exported }]);
  }

  for (const i of seed.invoices) {
    const { createdAt, updatedAt, status, payments, exported, ...input } = i;
    const created = at(createdAt);
    const invoice = createInvoice(state, { ...input, status: status === 'voided' ? 'approved' : status }, { ...silent, at: created });
    if (status === 'voided') voidInvoice(state, invoice.id, { ...silent, at: created });
    for (const payment of payments ?? []) {
      recordPayment(
        state,
        invoice.id,
        { amount: payment.amount, date: payment.date, notes: payment.notes ?? null },
        { ...silent, at: at(payment.date) },
      );
    }
    if (exported) {
      invoice.exported = true;
      invoice.lastExportedAt = invoice.updatedAt;
    }
    if (updatedAt) invoice.updatedAt = parseCoupaTime(updatedAt, TIMESTAMP);
    else invoice.updatedAt = Math.max(invoice.updatedAt, created ?? 0);
  }

  for (const [po, p] of finals) {
    po.status = p.status;
    po.version = p.version ?? 1;
    po.internalRevision = po.version;
    if (p.status === 'cancelled' || p.status === 'closed') po.transmissionStatus = 'sent_via_email';
    if (p.exported) {
      po.exported = true;
      po.lastExportedAt = po.updatedAt;
    }
  }
}
