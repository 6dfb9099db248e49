/**
 * A person's "try this record again" from the attention list: the record is synced at once,
 * whatever the cursors say. For a bill that was deleted in FreshBooks, the person may ask for
 * a new one: the deleted bill is forgotten first, so the record writes a bill again.
 */
import type { AttentionRecordKind } from '../core/attention.js';
import { AppError } from '../lib/errors.js';
import { SyncContext, type SyncDeps } from './context.js';
import { syncFreshBooksBill } from './engine.js';
import { syncInvoice } from './invoices.js';
import { syncCoupaPayments } from './payments-to-freshbooks.js';
import { settlePurchaseOrder } from './purchase-orders.js';
import type { SyncReport } from './report.js';
import { syncSupplier } from './suppliers.js';

class RecordGoneError extends AppError {
  constructor(what: string) {
    super('record_gone', `${what} no longer exists.`, 'Nothing is left to retry; resolve the item without --retry.');
  }
}

interface RetryOptions {
  /** The record's bill was deleted in FreshBooks: write a new one. */
  recreateDeletedBill?: boolean;
}

export async function retryRecord(
  deps: SyncDeps,
  record: { kind: AttentionRecordKind; id: string },
  options: RetryOptions = {},
): Promise<SyncReport> {
  const ctx = new SyncContext(deps);
  switch (record.kind) {
    case 'supplier': {
      const supplier = await deps.coupa.supplier(record.id);
      if (!supplier) throw new RecordGoneError(`Coupa supplier ${record.id}`);
      await syncSupplier(ctx, supplier, { onDemand: true });
      break;
    }
    case 'purchase-order': {
      const row = await deps.state.po(record.id);
      if (options.recreateDeletedBill && row?.billId)
        await deps.state.savePo({ ...row, billId: null, fingerprint: null, billHash: null, tag: null });
      await settlePurchaseOrder(ctx, record.id);
      break;
    }
    case 'invoice':
    case 'coupa-payment': {
      // "92010", "92010/payments" (its payments) or "92010:55" (one of its payments).
      const invoiceId = record.id.split(/[/:]/)[0] ?? record.id;
      const invoice = await deps.coupa.invoice(invoiceId);
      if (!invoice) throw new RecordGoneError(`Coupa invoice ${invoiceId}`);
      const row = await deps.state.invoice(invoiceId);
      if (options.recreateDeletedBill && row?.billId) {
        await deps.state.saveInvoice({ ...row, billId: null, fingerprint: null, billHash: null, tag: null });
      }
      if (record.kind === 'invoice' && !record.id.includes('/')) await syncInvoice(ctx, invoice);
      await syncCoupaPayments(ctx, invoice);
      break;
    }
    case 'bill': {
      const bill = await deps.freshbooks.bill(record.id);
      if (!bill) throw new RecordGoneError(`FreshBooks bill ${record.id}`);
      await syncFreshBooksBill(ctx, bill);
      break;
    }
    case 'bill-payment': {
      const link = await deps.state.paymentByBillPayment(record.id);
      const bill = link && (await deps.freshbooks.bill(link.billId));
      if (!bill) throw new RecordGoneError(`the bill of FreshBooks bill payment ${record.id}`);
      await syncFreshBooksBill(ctx, bill);
      break;
    }
  }
  return ctx.report;
}
