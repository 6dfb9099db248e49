/**
 * What the engine knows about the other side when it decides: the live state of a bill and
 * where a supplier stands. The engine reads these from FreshBooks and its own records; the
 * plan functions only read them.
 */
import type { Decimal } from '../lib/decimal.js';
import type { Bill } from './records.js';

/**
 * What may be done to a bill:
 * - 'open': no payment on it; the connector may rewrite or delete it;
 * - 'has-payments': money has moved against it; what it holds is changed only when what it
 *   must hold stays at or above what was paid;
 * - 'archived': a person archived it in FreshBooks: left alone;
 * - 'deleted': deleted in FreshBooks (by a person: the connector's own deletes end the link).
 */
export type BillState = 'open' | 'has-payments' | 'archived' | 'deleted';

/** The state of a FreshBooks bill, from the bill itself (undefined: it no longer exists at all). */
export function billStateOf(bill: Pick<Bill, 'visState' | 'paid' | 'status'> | undefined): BillState {
  if (!bill || bill.visState === 1) return 'deleted';
  if (bill.visState === 2) return 'archived';
  if (!bill.paid.isZero() || bill.status === 'paid' || bill.status === 'partial') return 'has-payments';
  return 'open';
}

/** A bill the connector owns, as the plans need it. */
export interface OwnedBill {
  billId: string;
  state: BillState;
  /** What has been paid on it. */
  paid: Decimal;
  /** Fingerprint of the draft last written (fingerprint.ts); absent: rewrite it. */
  fingerprint?: string;
}

/** A Coupa supplier as far as the engine knows it. */
export type SupplierState =
  /** Linked (or created) FreshBooks vendor. */
  | { state: 'linked'; vendorId: string }
  /** Not seen yet: fetch it and sync it first. */
  | { state: 'unseen' }
  /** Waiting in the review queue: its records wait too. */
  | { state: 'in-review' };

/** True when the Coupa record is older than what was last written from it ("a poll never overwrites a fresher write"). */
export function isStale(updatedAt: string, sourceUpdatedAt: string | null | undefined): boolean {
  if (!sourceUpdatedAt) return false;
  const seen = Date.parse(updatedAt);
  const written = Date.parse(sourceUpdatedAt);
  return Number.isFinite(seen) && Number.isFinite(written) && seen < written;
}

/** Something a record refers to that the engine has not seen yet: fetch it (and sync it) first, then retry the record. Never dropped. */
export type Need = { kind: 'supplier'; supplierId: string } | { kind: 'purchase-order'; poNumber: string };

/** What the tenant wants done with a bill a person deleted while its Coupa record still needs it. */
export type DeletedBillPolicy = 'recreate' | 'ask';
