/**
 * A sync pass: the flows in dependency order — suppliers, POs, invoices, then payments both
 * ways — each reading what changed since its cursor. A record that fails is reported with its
 * reason and read again next pass; it never stops the others. A failure that would fail every
 * record (credentials refused, host unreachable) stops the pass at once with that one reason.
 */
import { AppError } from '../lib/errors.js';
import { SyncContext, type SyncDeps } from './context.js';
import { DayCursor, UpdatedAtCursor } from './cursor.js';
import { syncInvoice } from './invoices.js';
import { syncBillPayments } from './payments-to-coupa.js';
import { syncCoupaPayments } from './payments-to-freshbooks.js';
import { syncPurchaseOrder } from './purchase-orders.js';
import { failed, type Flow, type SyncReport } from './report.js';
import { syncSupplier } from './suppliers.js';

export type SyncScope = 'suppliers' | 'purchase-orders' | 'invoices' | 'payments';
export const SCOPES: readonly SyncScope[] = ['suppliers', 'purchase-orders', 'invoices', 'payments'];

export interface SyncOptions {
  only?: SyncScope;
  /** Ignore the cursors and read everything (the cursors still move forward afterwards). */
  full?: boolean;
}

/** Error codes that mean every further call would fail the same way. */
const FATAL = new Set([
  'not_connected',
  'network',
  'coupa_auth',
  'freshbooks_reauth_required',
  'freshbooks_unauthorized',
  'wrong_master_key',
  'missing_master_key',
  'tampered',
  'no_category',
  'settings',
]);

export function isFatal(err: unknown): boolean {
  if (!(err instanceof AppError)) return false;
  if (FATAL.has(err.code)) return true;
  // Retries that ended on an unreachable host: the next record would end the same way.
  const last = (err as { lastError?: unknown }).lastError;
  return last !== undefined && isFatal(last);
}

function reason(err: unknown): string {
  if (err instanceof AppError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

async function each<T extends { updatedAt: string }>(
  ctx: SyncContext,
  flow: Flow,
  cursor: UpdatedAtCursor,
  pages: AsyncIterable<T[]>,
  label: (item: T) => string,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let processed = 0;
  for await (const page of pages) {
    for (const item of page) {
      try {
        await fn(item);
        cursor.done(item.updatedAt);
      } catch (err) {
        if (isFatal(err)) throw err;
        failed(ctx.report, flow, { record: label(item), reason: reason(err) });
        cursor.failed(item.updatedAt);
      }
      ctx.progress(flow, ++processed);
    }
  }
  await cursor.commit();
}

export async function runSync(deps: SyncDeps, options: SyncOptions = {}): Promise<SyncReport> {
  const ctx = new SyncContext(deps);
  const full = options.full === true;
  const runs = (scope: SyncScope) => !options.only || options.only === scope;
  const overlapMs = deps.settings.overlapSeconds * 1000;
  const cursor = (resource: string) => new UpdatedAtCursor(deps.store.db, deps.tenantId, 'coupa', resource, overlapMs);
  const startedAt = ctx.clock.now();

  if (runs('suppliers')) {
    const c = cursor('suppliers');
    const since = await c.since(full);
    await each(
      ctx,
      'suppliers',
      c,
      deps.coupa.suppliers(since ? { updatedAfter: since } : {}),
      (s) => `supplier ${s.id} (${s.name})`,
      async (s) => {
        await syncSupplier(ctx, s);
      },
    );
  }
  if (runs('purchase-orders')) {
    const c = cursor('purchase_orders');
    const since = await c.since(full);
    await each(
      ctx,
      'purchase-orders',
      c,
      deps.coupa.purchaseOrders(since ? { updatedAfter: since } : {}),
      (po) => `PO ${po.poNumber}`,
      (po) => syncPurchaseOrder(ctx, po),
    );
  }
  if (runs('invoices')) {
    const c = cursor('invoices');
    const since = await c.since(full);
    await each(
      ctx,
      'invoices',
      c,
      deps.coupa.invoices(since ? { updatedAfter: since } : {}),
      (i) => `invoice ${i.invoiceNumber}`,
      (i) => syncInvoice(ctx, i),
    );
  }
  if (runs('payments')) {
    const c = cursor('invoice_payments');
    const since = await c.since(full);
    await each(
      ctx,
      'payments-to-freshbooks',
      c,
      deps.coupa.invoices(since ? { updatedAfter: since } : {}),
      (i) => `payments of invoice ${i.invoiceNumber}`,
      (i) => syncCoupaPayments(ctx, i),
    );

    const bills = new DayCursor(deps.store.db, deps.tenantId, 'bills', startedAt);
    const day = await bills.since(full);
    let processed = 0;
    for await (const page of deps.freshbooks.bills(day ? { updatedMin: day } : {})) {
      for (const bill of page) {
        try {
          await syncBillPayments(ctx, bill);
        } catch (err) {
          if (isFatal(err)) throw err;
          failed(ctx.report, 'payments-to-coupa', {
            record: `payments of bill ${bill.id}${bill.billNumber ? ` (${bill.billNumber})` : ''}`,
            reason: reason(err),
          });
          bills.failed();
        }
        ctx.progress('payments-to-coupa', ++processed);
      }
    }
    await bills.commit();
  }
  return ctx.report;
}

/**
 * Runs a supplier's held-back records once it is linked (a review was resolved): its POs,
 * its invoices and their payments — records a cursor has already passed while they waited.
 */
export async function runForSupplier(deps: SyncDeps, supplierId: string): Promise<SyncReport> {
  const ctx = new SyncContext(deps);
  const only = { supplierId };
  const attempt = async (flow: Flow, label: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      if (isFatal(err)) throw err;
      failed(ctx.report, flow, { record: label, reason: reason(err) });
    }
  };
  for await (const page of deps.coupa.purchaseOrders(only)) {
    for (const po of page) await attempt('purchase-orders', `PO ${po.poNumber}`, () => syncPurchaseOrder(ctx, po));
  }
  for await (const page of deps.coupa.invoices(only)) {
    for (const invoice of page) {
      await attempt('invoices', `invoice ${invoice.invoiceNumber}`, () => syncInvoice(ctx, invoice));
      await attempt('payments-to-freshbooks', `payments of invoice ${invoice.invoiceNumber}`, () => syncCoupaPayments(ctx, invoice));
    }
  }
  return ctx.report;
}
