/**
 * What the engine knows from its links table (and the FreshBooks bill it points at), as the
 * plan functions need it. The engine fills these from the store; the plans only read them.
 */
import type { Bill } from './records.js';

/**
 * What may be done to a bill:
 * - 'open': no payment on it; the connector may rewrite, take over or delete it;
 * - 'has-payments': paid or partly paid; frozen (money has moved against these lines);
 * - 'removed': deleted or archived in FreshBooks by a person; left alone, never recreated.
 */
export type BillState = 'open' | 'has-payments' | 'removed';

/** The state of a FreshBooks bill, from the bill itself. */
export function billStateOf(bill: Pick<Bill, 'visState' | 'paid' | 'status'>): BillState {
  if (bill.visState !== 0) return 'removed';
  if (!bill.paid.isZero() || bill.status === 'paid' || bill.status === 'partial') return 'has-payments';
  return 'open';
}

/** A bill the connector wrote, as its link row remembers it. */
export interface LinkedBill {
  billId: string;
  vendorId: string;
  state: BillState;
  /** The bill_number written. */
  tag: string;
  /** Fingerprint of the draft last written (fingerprint.ts). */
  fingerprint?: string;
  /** `updatedAt` of the Coupa record it was last written from: an older record is stale. */
  sourceUpdatedAt?: string;
}

/** A PO's bill. */
export interface PoLink extends LinkedBill {
  /** The PO version last written. */
  version?: number;
  /** Set once an invoice has taken the bill over (or claimed the PO's tag): from then on the invoice owns it. */
  takenOverByInvoiceId?: string;
}

/** An invoice's own bill. */
export interface InvoiceLink extends LinkedBill {
  /** The PO number whose bill this is, when the invoice took over (or claimed) its PO's bill. */
  poSlot?: string;
}

/** A Coupa supplier as far as the engine knows it. */
export type SupplierLink =
  /** Linked (or created) FreshBooks vendor. */
  | { state: 'linked'; vendorId: string }
  /** Not seen yet: fetch it and sync it first. */
  | { state: 'unseen' }
  /** Waiting in the review queue: its records wait too. */
  | { state: 'in-review' };

/** A PO the engine has seen (absent from the map = not seen yet). */
export interface KnownPo {
  poNumber: string;
  supplierId: string;
  /** The PO's bill, if one was written. */
  bill?: PoLink;
}

/** True when the Coupa record is older than what was last written from it ("a poll never overwrites a fresher write"). */
export function isStale(updatedAt: string, link: Pick<LinkedBill, 'sourceUpdatedAt'> | undefined): boolean {
  if (!link?.sourceUpdatedAt) return false;
  const seen = Date.parse(updatedAt);
  const written = Date.parse(link.sourceUpdatedAt);
  return Number.isFinite(seen) && Number.isFinite(written) && seen < written;
}

/** Something a record refers to that the engine has not seen yet: fetch it (and sync it) first, then retry the record. Never dropped. */
export type Need = { kind: 'supplier'; supplierId: string } | { kind: 'purchase-order'; poNumber: string };
