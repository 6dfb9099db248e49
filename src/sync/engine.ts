/**
 * A sync pass: the flows in dependency order — suppliers, POs, invoices, then payments both
 * ways — each reading what changed since its cursor. A record that fails is reported with its
 * reason and read again next pass, up to the tenant's retry budget; then it goes to the
 * attention list and the cursor moves past it, so one bad record never makes every pass read
 * everything again. A failure that would fail every record (credentials refused, host
 * unreachable) stops the pass at once with that one reason.
 */
import type { AttentionRecord } from '../core/attention.js';
import { attention } from '../core/attention.js';
import { billHash } from '../core/fingerprint.js';
import type { Bill } from '../core/records.js';
import { AppError } from '../lib/errors.js';
import { SyncContext, type SyncDeps } from './context.js';
import { DayCursor, UpdatedAtCursor } from './cursor.js';
import { invoiceRecord, syncInvoice } from './invoices.js';
import { syncBillPayments } from './payments-to-coupa.js';
import { syncCoupaPayments } from './payments-to-freshbooks.js';
import { poRecord, settlePurchaseOrder, syncPurchaseOrder } from './purchase-orders.js';
import { failed, needsPerson, skipped, type Flow, type SyncReport } from './report.js';
import { syncSupplier } from './suppliers.js';

export type SyncFlowName = 'suppliers' | 'purchase-orders' | 'invoices' | 'payments';

export interface SyncOptions {
  only?: SyncFlowName;
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

function isFatal(err: unknown): boolean {
  if (!(err instanceof AppError)) return false;
  if (FATAL.has(err.code)) return true;
  // Retries that ended on an unreachable host: the next record would end the same way.
  const last: unknown = 'lastError' in err ? err.lastError : undefined;
  return last !== undefined && isFatal(last);
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs one record. A failure is counted against the record; within the retry budget it is
 * reported and read again next pass; once spent, the record goes to a person. Returns whether
 * the cursor may move past it.
 */
async function attempt(ctx: SyncContext, flow: Flow, who: AttentionRecord, fn: () => Promise<void>, updatedAt?: string): Promise<boolean> {
  // Given up on at this very version: a person has it; it is tried again once it changes
  // (or when the person asks, which resolves the item).
  const given = updatedAt === undefined ? undefined : await ctx.state.givenUp(who);
  if (given && given.sourceUpdatedAt === updatedAt) {
    skipped(ctx.report, flow, 'waits-for-a-person');
    return true;
  }
  try {
    await fn();
    await ctx.settled(who, ['failing']);
    return true;
  } catch (err) {
    if (isFatal(err)) throw err;
    const why = reason(err);
    const budget = ctx.settings.retryBudget;
    const attempts = await ctx.state.failure(who, budget, (n) => attention.failing(who, n, why), updatedAt);
    failed(ctx.report, flow, { record: who.label, reason: why });
    if (attempts < budget) return false;
    needsPerson(ctx.report, flow, attention.failing(who, attempts, why));
    return true;
  }
}

async function each<T extends { updatedAt: string }>(
  ctx: SyncContext,
  flow: Flow,
  cursor: UpdatedAtCursor,
  pages: AsyncIterable<T[]>,
  who: (item: T) => AttentionRecord,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let processed = 0;
  for await (const page of pages) {
    for (const item of page) {
      if (await attempt(ctx, flow, who(item), () => fn(item), item.updatedAt)) cursor.done(item.updatedAt);
      else cursor.failed(item.updatedAt);
      ctx.progress(flow, ++processed);
    }
  }
  await cursor.commit();
}

/** POs whose invoiced lines changed since their bill was last settled (a run that died in between leaves some). */
async function settlePending(ctx: SyncContext): Promise<void> {
  for (const poNumber of await ctx.state.posToSettle()) {
    const po = await ctx.state.po(poNumber);
    const who = poRecord({ poNumber, supplierName: '' });
    if (po) await attempt(ctx, 'purchase-orders', who, () => settlePurchaseOrder(ctx, poNumber));
  }
}

/**
 * A FreshBooks bill that changed: its payments go to Coupa; if it is the connector's and was
 * deleted or paid behind its back, the record it belongs to is looked at again.
 */
export async function syncFreshBooksBill(ctx: SyncContext, bill: Bill): Promise<void> {
  const owner = await ctx.state.billOwner(bill.id);
  // Deleted, paid or edited by a person since the connector wrote it: its record looks again.
  const changed = owner !== undefined && (bill.visState !== 0 || owner.row.billHash !== billHash(bill));
  if (owner?.kind === 'po' && (changed || !bill.paid.isZero())) await settlePurchaseOrder(ctx, owner.row.poNumber, { seen: bill });
  if (owner?.kind === 'invoice' && changed) {
    const invoice = await ctx.coupa.invoice(owner.row.invoiceId);
    if (invoice) await syncInvoice(ctx, invoice, { seen: bill });
  }
  if (bill.visState !== 1) await syncBillPayments(ctx, bill);
}

export async function runSync(deps: SyncDeps, options: SyncOptions = {}): Promise<SyncReport> {
  const ctx = new SyncContext(deps);
  const full = options.full === true;
  const runs = (flow: SyncFlowName) => !options.only || options.only === flow;
  const overlapMs = deps.settings.overlapSeconds * 1000;
  const cursor = (resource: string) => new UpdatedAtCursor(deps.state, 'coupa', resource, overlapMs);
  const startedAt = ctx.clock.now();

  if (runs('suppliers')) {
    const c = cursor('suppliers');
    const since = await c.since(full);
    await each(
      ctx,
      'suppliers',
      c,
      deps.coupa.suppliers(since ? { updatedAfter: since } : {}),
      (s) => ({ kind: 'supplier', id: s.id, label: `supplier ${s.id} (${s.name})` }),
      async (s) => {
        await syncSupplier(ctx, s);
      },
    );
  }
  if (runs('purchase-orders')) {
    const c = cursor('purchase_orders');
    const since = await c.since(full);
    await each(ctx, 'purchase-orders', c, deps.coupa.purchaseOrders(since ? { updatedAfter: since } : {}), poRecord, (po) =>
      syncPurchaseOrder(ctx, po),
    );
  }
  if (runs('invoices')) {
    const c = cursor('invoices');
    const since = await c.since(full);
    await each(ctx, 'invoices', c, deps.coupa.invoices(since ? { updatedAfter: since } : {}), invoiceRecord, (i) => syncInvoice(ctx, i));
  }
  if (runs('purchase-orders') || runs('invoices')) await settlePending(ctx);
  if (runs('payments')) {
    const c = cursor('invoice_payments');
    const since = await c.since(full);
    await each(
      ctx,
      'payments-to-freshbooks',
      c,
      deps.coupa.invoices(since ? { updatedAfter: since } : {}),
      (i) => ({ ...invoiceRecord(i), id: `${i.id}/payments`, label: `payments of ${invoiceRecord(i).label}` }),
      (i) => syncCoupaPayments(ctx, i),
    );

    const bills = new DayCursor(deps.state, 'bills', startedAt);
    const day = await bills.since(full);
    let processed = 0;
    for (const deleted of [false, true]) {
      for await (const page of deps.freshbooks.bills({ ...(day ? { updatedMin: day } : {}), ...(deleted ? { deleted } : {}) })) {
        for (const bill of page) {
          const who: AttentionRecord = {
            kind: 'bill',
            id: bill.id,
            label: `FreshBooks bill ${bill.id}${bill.billNumber ? ` (${bill.billNumber})` : ''}`,
          };
          if (!(await attempt(ctx, 'payments-to-coupa', who, () => syncFreshBooksBill(ctx, bill)))) bills.failed();
          ctx.progress('payments-to-coupa', ++processed);
        }
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
  for await (const page of deps.coupa.purchaseOrders(only)) {
    for (const po of page) await attempt(ctx, 'purchase-orders', poRecord(po), () => syncPurchaseOrder(ctx, po));
  }
  for await (const page of deps.coupa.invoices(only)) {
    for (const invoice of page) {
      await attempt(ctx, 'invoices', invoiceRecord(invoice), () => syncInvoice(ctx, invoice));
      const payments = { ...invoiceRecord(invoice), id: `${invoice.id}/payments`, label: `payments of ${invoiceRecord(invoice).label}` };
      await attempt(ctx, 'payments-to-freshbooks', payments, () => syncCoupaPayments(ctx, invoice));
    }
  }
  return ctx.report;
}
