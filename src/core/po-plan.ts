/**
 * What to do with a Coupa PO's bill: the bill holds exactly the PO's open commitment
 * (commitment.ts) — nothing once the PO is cancelled, closed or fully invoiced.
 */
import { isStale, type DeletedBillPolicy, type Need, type OwnedBill, type SupplierState } from './known.js';
import { normalisePoStatus, type PurchaseOrder } from './records.js';
import { Decimal } from '../lib/decimal.js';

export type PoSkipReason =
  /** Draft, on hold, error…: only issued POs become bills; an existing bill is left as it is. */
  | 'not-issued'
  /** Nothing is open (cancelled, closed, fully invoiced) and there is no bill. */
  | 'nothing-open'
  /** A person archived the bill in FreshBooks: left alone. */
  | 'bill-archived'
  /** An invoice is taking the bill over (its payments settle that invoice): the invoice finishes it. */
  | 'taken-over'
  /** Older than what was last written (an old poll or a late webhook). */
  | 'stale'
  /** The bill already holds what is open. */
  | 'unchanged'
  /** The supplier waits in the review queue. */
  | 'supplier-in-review'
  /** Issued before the tenant's start date and never written: history the tenant chose not to bring over. */
  | 'before-start-date';

/** Why nothing is open, for the person reading the report. */
export type NotOpenReason = 'cancelled' | 'closed' | 'fully-invoiced';

export type PoPlan =
  | { action: 'create' }
  | { action: 'update'; billId: string }
  | { action: 'delete'; billId: string; why: NotOpenReason }
  | { action: 'skip'; reason: PoSkipReason }
  | { action: 'paid-not-open'; billId: string; why: NotOpenReason }
  | { action: 'overpaid'; billId: string }
  | { action: 'bill-deleted'; billId: string }
  /** In a currency the FreshBooks business does not keep: a person decides. */
  | { action: 'currency-mismatch' }
  | { action: 'need'; needs: Need[] };

export interface PoPlanInput {
  po: PurchaseOrder;
  supplier: SupplierState;
  /** The PO's bill as FreshBooks has it now. */
  bill?: OwnedBill;
  /** An invoice has started taking the bill over. */
  takenOver?: boolean;
  /** When the PO link was last written from Coupa, and from which version. */
  sourceUpdatedAt?: string | null;
  version?: number | null;
  /** The open commitment (commitment.ts) and the fingerprint of the bill that would hold it. */
  open: Decimal;
  fingerprint?: string;
  deletedBills: DeletedBillPolicy;
  /** The currencies the FreshBooks business keeps its books in, when the tenant named them. */
  currencies?: readonly string[];
  /** The tenant's start date (ISO date): a PO issued before it gets no bill unless it has one already. */
  startDate?: string;
}

/** Statuses that leave an existing bill as it is and write none: the PO is not (yet) a commitment. */
const SETTLED = new Set(['issued', 'exported', 'cancelled', 'closed', 'soft_closed', 'expensed']);

export function poPlan(input: PoPlanInput): PoPlan {
  const { po, bill } = input;
  const status = normalisePoStatus(po.status);
  if (input.takenOver) return skip('taken-over');
  if (!SETTLED.has(status)) return skip('not-issued');
  if (isStale(po.updatedAt, input.sourceUpdatedAt) || (input.version != null && po.version < input.version)) return skip('stale');

  const committing = status === 'issued' || status === 'exported';
  const why: NotOpenReason = status === 'cancelled' ? 'cancelled' : committing ? 'fully-invoiced' : 'closed';
  const wanted = committing && input.open.gt(Decimal.ZERO);

  if (!wanted) {
    if (!bill || bill.state === 'deleted') return skip('nothing-open');
    if (bill.state === 'archived') return skip('bill-archived');
    if (bill.state === 'has-payments') return { action: 'paid-not-open', billId: bill.billId, why };
    return { action: 'delete', billId: bill.billId, why };
  }

  // Only a PO that has never had a bill: one already written keeps agreeing with Coupa.
  if (!bill && beforeStart(po.issueDate, input.startDate)) return skip('before-start-date');
  if (input.currencies && input.currencies.length > 0 && !input.currencies.includes(po.currency.toUpperCase())) {
    return { action: 'currency-mismatch' };
  }
  if (input.supplier.state === 'unseen') return { action: 'need', needs: [{ kind: 'supplier', supplierId: po.supplierId }] };
  if (input.supplier.state === 'in-review') return skip('supplier-in-review');
  if (!bill) return { action: 'create' };
  switch (bill.state) {
    case 'deleted':
      return input.deletedBills === 'recreate' ? { action: 'create' } : { action: 'bill-deleted', billId: bill.billId };
    case 'archived':
      return skip('bill-archived');
    case 'has-payments':
      if (input.open.lt(bill.paid)) return { action: 'overpaid', billId: bill.billId };
      break;
    case 'open':
      break;
  }
  if (input.fingerprint !== undefined && input.fingerprint === bill.fingerprint) return skip('unchanged');
  return { action: 'update', billId: bill.billId };
}

/** Whether a document dated `date` (ISO date, maybe with a time) falls before the start date. */
export function beforeStart(date: string, startDate: string | undefined): boolean {
  return startDate !== undefined && date.slice(0, 10) < startDate;
}

function skip(reason: PoSkipReason): PoPlan {
  return { action: 'skip', reason };
}
