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
import type { Bill, Invoice, PurchaseOrder, Supplier } from '../core/records.js';
import { AppError } from '../lib/errors.js';
import { SyncContext, type SyncDeps } from './context.js';
import { clearCheckpoint, readCheckpoint, saveCheckpoint, SyncInterruptedError } from './checkpoint.js';
import { DayCursor, UpdatedAtCursor } from './cursor.js';
import type { CoupaCollectionName, CoupaQuery } from './ports.js';
import { PassEstimate } from './estimate.js';
import { invoiceRecord, syncInvoice } from './invoices.js';
import { syncBillPayments } from './payments-to-coupa.js';
import { syncCoupaPayments } from './payments-to-freshbooks.js';
import { poRecord, settlePurchaseOrder, syncPurchaseOrder } from './purchase-orders.js';
import { failed, needsPerson, skipped, type Flow, type SyncReport } from './report.js';
import { syncSupplier } from './suppliers.js';

export { SyncInterruptedError } from './checkpoint.js';

export type SyncFlowName = 'suppliers' | 'purchase-orders' | 'invoices' | 'payments';

export interface SyncOptions {
  only?: SyncFlowName;
  /** Ignore the cursors and read everything (the cursors still move forward afterwards). */
  full?: boolean;
  /**
   * Stops the pass after the record under way (Ctrl-C): its place is saved and runSync throws
   * SyncInterruptedError; the next pass continues from there.
   */
  signal?: AbortSignal;
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

interface FlowRun<T> {
  flow: Flow;
  /** The cursor's resource ('purchase_orders'); its checkpoint is `<resource>:resume`. */
  resource: string;
  collection: CoupaCollectionName;
  list: (query: CoupaQuery) => AsyncIterable<T[]>;
  who: (item: T) => AttentionRecord;
  fn: (item: T) => Promise<void>;
}

/** Per pass: --full, the abort signal, and the records finished so far (for "interrupted after N"). */
interface PassRun {
  full: boolean;
  overlapMs: number;
  signal: AbortSignal | undefined;
  done: number;
}

/**
 * One Coupa flow: reads what changed since its cursor (or continues an interrupted pass from
 * its checkpoint), runs each record, checkpoints after each page, and on completion commits
 * the cursor and clears the checkpoint. Stopped by the signal, it checkpoints after the
 * current record and throws SyncInterruptedError.
 */
async function each<T extends { id: string; updatedAt: string }>(ctx: SyncContext, pass: PassRun, run: FlowRun<T>): Promise<void> {
  interruptible(pass);
  const cursor = new UpdatedAtCursor(ctx.state, 'coupa', run.resource, pass.overlapMs);
  const fresh = await cursor.since(pass.full);
  const saved = await readCheckpoint(ctx.state, run.resource);
  // A checkpoint of a --full pass also serves a plain one; a --full pass never continues a narrower one.
  const resumed = saved && (!pass.full || saved.since === null) ? saved : undefined;
  const since = resumed ? (resumed.since ?? undefined) : fresh;
  if (resumed) cursor.resume(resumed);
  const filter: CoupaQuery = since ? { updatedAfter: since } : {};
  const estimate = new PassEstimate(await highestId(ctx, run.collection, filter), resumed?.firstId);
  let processed = resumed?.processed ?? 0;
  let lastId = resumed?.lastId;
  const checkpoint = () =>
    lastId === undefined
      ? Promise.resolve()
      : saveCheckpoint(ctx.state, run.resource, cursor, { since: since ?? null, lastId, firstId: estimate.firstId ?? lastId, processed });
  for await (const page of run.list({ ...filter, ...(lastId !== undefined ? { afterId: lastId } : {}) })) {
    for (const item of page) {
      if (await attempt(ctx, run.flow, run.who(item), () => run.fn(item), item.updatedAt)) cursor.done(item.updatedAt);
      else cursor.failed(item.updatedAt);
      lastId = item.id;
      pass.done += 1;
      ctx.progress(run.flow, ++processed, estimate.at(item.id));
      if (pass.signal?.aborted) {
        await checkpoint();
        throw new SyncInterruptedError(pass.done);
      }
    }
    await checkpoint();
  }
  await cursor.commit();
  await clearCheckpoint(ctx.state, run.resource);
}

/** The highest id the flow's query matches, for the estimate; a port or server without it gives none, nor a pass nobody watches. */
async function highestId(ctx: SyncContext, collection: CoupaCollectionName, query: CoupaQuery): Promise<string | undefined> {
  if (!ctx.coupa.highestId || !ctx.showsProgress) return undefined;
  try {
    return await ctx.coupa.highestId(collection, query);
  } catch (err) {
    if (isFatal(err)) throw err;
    return undefined;
  }
}

function interruptible(pass: PassRun): void {
  if (pass.signal?.aborted) throw new SyncInterruptedError(pass.done);
}

/** An invoice's payments as one record (failures and attention apart from the invoice's bill). */
function paymentsRecord(invoice: Invoice): AttentionRecord {
  return { ...invoiceRecord(invoice), id: `${invoice.id}/payments`, label: `payments of ${invoiceRecord(invoice).label}` };
}

function billRecord(bill: Bill): AttentionRecord {
  return { kind: 'bill', id: bill.id, label: `FreshBooks bill ${bill.id}${bill.billNumber ? ` (${bill.billNumber})` : ''}` };
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
  const pass: PassRun = {
    full: options.full === true,
    overlapMs: deps.settings.overlapSeconds * 1000,
    signal: options.signal,
    done: 0,
  };
  const runs = (flow: SyncFlowName) => !options.only || options.only === flow;
  const startedAt = ctx.clock.now();

  if (runs('suppliers')) {
    await each<Supplier>(ctx, pass, {
      flow: 'suppliers',
      resource: 'suppliers',
      collection: 'suppliers',
      list: (q) => deps.coupa.suppliers(q),
      who: (s) => ({ kind: 'supplier', id: s.id, label: `supplier ${s.id} (${s.name})` }),
      fn: async (s) => {
        await syncSupplier(ctx, s);
      },
    });
  }
  if (runs('purchase-orders')) {
    await each<PurchaseOrder>(ctx, pass, {
      flow: 'purchase-orders',
      resource: 'purchase_orders',
      collection: 'purchase-orders',
      list: (q) => deps.coupa.purchaseOrders(q),
      who: poRecord,
      fn: (po) => syncPurchaseOrder(ctx, po),
    });
  }
  if (runs('invoices')) {
    await each<Invoice>(ctx, pass, {
      flow: 'invoices',
      resource: 'invoices',
      collection: 'invoices',
      list: (q) => deps.coupa.invoices(q),
      who: invoiceRecord,
      fn: (i) => syncInvoice(ctx, i),
    });
  }
  if (runs('purchase-orders') || runs('invoices')) await settlePending(ctx);
  if (runs('payments')) {
    await each<Invoice>(ctx, pass, {
      flow: 'payments-to-freshbooks',
      resource: 'invoice_payments',
      collection: 'invoices',
      list: (q) => deps.coupa.invoices(q),
      who: paymentsRecord,
      fn: (i) => syncCoupaPayments(ctx, i),
    });

    const bills = new DayCursor(deps.state, 'bills', startedAt);
    const day = await bills.since(pass.full);
    let processed = 0;
    for (const deleted of [false, true]) {
      for await (const page of deps.freshbooks.bills({ ...(day ? { updatedMin: day } : {}), ...(deleted ? { deleted } : {}) })) {
        for (const bill of page) {
          if (!(await attempt(ctx, 'payments-to-coupa', billRecord(bill), () => syncFreshBooksBill(ctx, bill)))) bills.failed();
          ctx.progress('payments-to-coupa', ++processed);
          pass.done += 1;
          // FreshBooks bills have no checkpoint: the next pass reads them again from its day cursor, which is cheap.
          interruptible(pass);
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
      await attempt(ctx, 'payments-to-freshbooks', paymentsRecord(invoice), () => syncCoupaPayments(ctx, invoice));
    }
  }
  return ctx.report;
}

/** Records to run through the engine again (what `reconcile --fix` found it can repair). */
export interface RecordTargets {
  purchaseOrders: readonly string[];
  invoices: readonly string[];
  /** Invoices whose Coupa payments go to FreshBooks again. */
  invoicePayments: readonly string[];
  bills: readonly string[];
}

/**
 * Runs each record as its webhook would (POs, then invoices, then payments both ways), each
 * read fresh from its system; a record that fails is reported like any other, not thrown.
 */
export async function runForRecords(deps: SyncDeps, targets: RecordTargets): Promise<SyncReport> {
  const ctx = new SyncContext(deps);
  for (const id of targets.purchaseOrders) {
    const po = await deps.coupa.purchaseOrder(id);
    if (po) await attempt(ctx, 'purchase-orders', poRecord(po), () => syncPurchaseOrder(ctx, po));
  }
  for (const id of new Set([...targets.invoices, ...targets.invoicePayments])) {
    const invoice = await deps.coupa.invoice(id);
    if (!invoice) continue;
    if (targets.invoices.includes(id)) await attempt(ctx, 'invoices', invoiceRecord(invoice), () => syncInvoice(ctx, invoice));
    await attempt(ctx, 'payments-to-freshbooks', paymentsRecord(invoice), () => syncCoupaPayments(ctx, invoice));
  }
  await settlePending(ctx);
  for (const id of targets.bills) {
    const bill = await deps.freshbooks.bill(id);
    if (bill) await attempt(ctx, 'payments-to-coupa', billRecord(bill), () => syncFreshBooksBill(ctx, bill));
  }
  return ctx.report;
}
