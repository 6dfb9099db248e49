/**
 * What to do with a Coupa PO on the FreshBooks side: the PO → bill decision as data.
 */
import { poTag } from './bill-tags.js';
import { isStale, type Need, type PoLink, type SupplierLink } from './links.js';
import { normalisePoStatus, type PurchaseOrder } from './records.js';

export type PoSkipReason =
  /** Draft, on hold, error…: only issued POs become bills. */
  | 'not-issued'
  /** Cancelled before it ever had a bill. */
  | 'cancelled'
  /** Closed before the connector saw it: its invoices carry the liability; a bill now would double it. */
  | 'closed-before-sync'
  /** An invoice owns the bill now; PO changes no longer reach it. */
  | 'taken-over-by-invoice'
  /** The bill has payments: frozen. */
  | 'bill-has-payments'
  /** A person deleted or archived the bill in FreshBooks: not recreated, not fought. */
  | 'bill-removed'
  /** Older than what was last written (an old poll or a late webhook). */
  | 'stale'
  /** Fingerprint equal: nothing that maps has changed. */
  | 'unchanged'
  /** The supplier waits in the review queue. */
  | 'supplier-in-review';

export type PoPlan =
  | { action: 'create'; tag: string }
  | { action: 'update'; billId: string; tag: string }
  | { action: 'delete'; billId: string }
  | { action: 'skip'; reason: PoSkipReason }
  | { action: 'need'; needs: Need[] };

export interface PoPlanContext {
  supplier: SupplierLink;
  /** Fingerprint of `billFromPurchaseOrder(po, vendorId, mapping)`; without it an existing bill is rewritten. */
  fingerprint?: string;
}

/** Statuses whose PO is (still) a commitment the bill should mirror. */
const LIVE = new Set(['issued', 'exported']);
/** Finished POs: an existing bill follows them, no new bill is made. */
const FINISHED = new Set(['closed', 'soft_closed', 'expensed']);

/**
 * Decides, in this order:
 * 1. the bill was taken over by an invoice → skip;
 * 2. cancelled → delete its open bill (skip if none, paid or removed);
 * 3. not issued/closed (draft, holds, error) → skip, an existing bill is left as is;
 * 4. stale (older `updatedAt` or lower `version` than last written) → skip;
 * 5. closed and never had a bill → skip;
 * 6. supplier not seen → need it; in review → skip;
 * 7. no bill → create (tag = PO number);
 * 8. bill removed / has payments → skip; same fingerprint → skip; else update (new version
 *    or any change while unpaid).
 */
export function poPlan(po: PurchaseOrder, link: PoLink | undefined, context: PoPlanContext): PoPlan {
  const status = normalisePoStatus(po.status);
  if (link?.takenOverByInvoiceId) return skip('taken-over-by-invoice');

  if (status === 'cancelled') {
    if (!link) return skip('cancelled');
    if (link.state === 'removed') return skip('bill-removed');
    if (link.state === 'has-payments') return skip('bill-has-payments');
    return { action: 'delete', billId: link.billId };
  }
  if (!LIVE.has(status) && !FINISHED.has(status)) return skip('not-issued');
  if (isStale(po.updatedAt, link) || (link?.version !== undefined && po.version < link.version)) return skip('stale');
  if (!link && FINISHED.has(status)) return skip('closed-before-sync');

  if (context.supplier.state === 'unseen') return { action: 'need', needs: [{ kind: 'supplier', supplierId: po.supplierId }] };
  if (context.supplier.state === 'in-review') return skip('supplier-in-review');

  if (!link) return { action: 'create', tag: poTag(po.poNumber) };
  if (link.state === 'removed') return skip('bill-removed');
  if (link.state === 'has-payments') return skip('bill-has-payments');
  if (context.fingerprint !== undefined && context.fingerprint === link.fingerprint) return skip('unchanged');
  return { action: 'update', billId: link.billId, tag: link.tag };
}

function skip(reason: PoSkipReason): PoPlan {
  return { action: 'skip', reason };
}
