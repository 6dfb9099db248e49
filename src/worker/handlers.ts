/**
 * What each job does. A webhook is only a hint: the object is fetched, and the fetched state
 * is what gets synced — so a late, duplicated or replayed delivery does no harm.
 */
import { AppError } from '../lib/errors.js';
import { SyncContext, type SyncDeps } from '../sync/context.js';
import { runSync, syncFreshBooksBill } from '../sync/engine.js';
import { syncInvoice } from '../sync/invoices.js';
import { syncCoupaPayments } from '../sync/payments-to-freshbooks.js';
import { syncPurchaseOrder } from '../sync/purchase-orders.js';
import { failures, type SyncReport } from '../sync/report.js';
import { syncSupplier } from '../sync/suppliers.js';
import type { CoupaEventPayload, FreshBooksEventPayload, TypedJob } from '../app/job-kinds.js';

interface JobOutcome {
  /** 'synced': the object was synced; 'gone': it no longer exists; 'ignored': nothing flows from it. */
  result: 'synced' | 'gone' | 'ignored';
  detail: string;
  report: SyncReport;
}

export class PollFailuresError extends AppError {
  constructor(readonly report: SyncReport) {
    super('poll_failures', `${failures(report)} record(s) failed during the poll; they are read again by the next one.`);
  }
}

async function coupaEvent(deps: SyncDeps, payload: CoupaEventPayload): Promise<JobOutcome> {
  const ctx = new SyncContext(deps);
  const objectType = payload.type.split('.')[0];
  const out = (result: JobOutcome['result'], detail: string): JobOutcome => ({ result, detail, report: ctx.report });
  switch (objectType) {
    case 'supplier': {
      const supplier = await deps.coupa.supplier(payload.id);
      if (!supplier) return out('gone', `Coupa supplier ${payload.id} no longer exists`);
      await syncSupplier(ctx, supplier);
      return out('synced', `supplier ${payload.id} (${supplier.name})`);
    }
    case 'purchase_order': {
      const po = await deps.coupa.purchaseOrder(payload.id);
      if (!po) return out('gone', `Coupa PO ${payload.id} no longer exists`);
      await syncPurchaseOrder(ctx, po);
      return out('synced', `PO ${po.poNumber}`);
    }
    case 'invoice': {
      const invoice = await deps.coupa.invoice(payload.id);
      if (!invoice) return out('gone', `Coupa invoice ${payload.id} no longer exists`);
      await syncInvoice(ctx, invoice);
      await syncCoupaPayments(ctx, invoice);
      return out('synced', `invoice ${invoice.invoiceNumber}`);
    }
    default:
      return out('ignored', `nothing flows from Coupa '${payload.type}' events`);
  }
}

async function freshbooksEvent(deps: SyncDeps, payload: FreshBooksEventPayload): Promise<JobOutcome> {
  const ctx = new SyncContext(deps);
  const out = (result: JobOutcome['result'], detail: string): JobOutcome => ({ result, detail, report: ctx.report });
  if (!payload.event.startsWith('bill.')) {
    // Vendors flow from Coupa to FreshBooks only; a vendor edited in FreshBooks changes nothing here.
    return out('ignored', `nothing flows from FreshBooks '${payload.event}' events`);
  }
  const bill = await deps.freshbooks.bill(payload.objectId);
  if (!bill) return out('gone', `FreshBooks bill ${payload.objectId} no longer exists`);
  // A deleted bill still matters when it was the connector's: its record is looked at again.
  await syncFreshBooksBill(ctx, bill);
  return out('synced', `bill ${bill.id}${bill.billNumber ? ` (${bill.billNumber})` : ''}${bill.visState === 1 ? ' (deleted)' : ''}`);
}

/** Runs a job; `signal` (its lease lost, a shutdown) stops a poll after the record under way, and every call in flight. */
export async function handleJob(deps: SyncDeps, job: TypedJob, signal?: AbortSignal): Promise<JobOutcome> {
  switch (job.kind) {
    case 'coupa-event':
      return coupaEvent(deps, job.payload);
    case 'freshbooks-event':
      return freshbooksEvent(deps, job.payload);
    case 'poll': {
      const report = await runSync(deps, signal ? { signal } : {});
      if (failures(report) > 0) throw new PollFailuresError(report);
      return { result: 'synced', detail: 'incremental pass of every flow', report };
    }
  }
}
