/**
 * A tenant's reconciliation for a period: both systems read live through their clients (rate
 * limited, in pages: a period's invoices, its bills with their embedded payments, the open POs,
 * the vendors), the store read only for how records pair and for what waits for a person, then
 * compared by core/reconciliation.ts. Records the links point at outside the period's pages (a
 * PO bill dated last month, an older invoice on an open PO) are read one by one: few.
 */
import { isDifference, reconcile, type LiveBill, type ReconLine } from '../core/reconciliation.js';
import { totalsOf, type ReconTotals } from '../core/reconcile-totals.js';
import type { Invoice, IsoDate, PurchaseOrder } from '../core/records.js';
import type { CallRecorder } from '../providers/http.js';
import { FreshBooksNotFoundError } from '../providers/freshbooks/errors.js';
import { listAttention } from '../store/queries/attention.js';
import { listDeliveries } from '../store/queries/deliveries.js';
import { listPaymentLinks } from '../store/queries/payment-links.js';
import { listReviews } from '../store/queries/reviews.js';
import { invoiceIdsByPo, listInvoiceLinks, listPoLinks, listVendorLinks } from '../store/queries/sync-links.js';
import { latestSyncRun, saveSyncRun } from '../store/queries/sync-runs.js';
import { requireTenant } from '../store/queries/tenants.js';
import type { Db } from '../store/db.js';
import { AppError } from '../lib/errors.js';
import { CorruptRowError } from '../store/errors.js';
import { parseSettings } from '../sync/settings.js';
import { coupaClientFor } from './coupa-client.js';
import { freshbooksClientFor } from './freshbooks-client.js';
import type { TenantScope } from './tenant-scope.js';

export interface ReconciliationReport {
  tenant: string;
  period: { from: IsoDate; to: IsoDate };
  generatedAt: string;
  /** True when no line is a difference (unlinked bills are listed, but are not differences). */
  agreed: boolean;
  lines: ReconLine[];
  totals: ReconTotals;
}

export type ReconcileStage = 'coupa invoices' | 'freshbooks bills' | 'purchase orders' | 'vendors' | 'linked records';

interface ReconcileOptions {
  from: IsoDate;
  to: IsoDate;
  onProgress?: (stage: ReconcileStage, read: number) => void;
  recorder?: CallRecorder;
}

/** The default period: the current month up to today (UTC). */
export function currentMonth(now = new Date()): { from: IsoDate; to: IsoDate } {
  const today = now.toISOString().slice(0, 10);
  return { from: `${today.slice(0, 8)}01`, to: today };
}

const COMMITTING_STATUSES = ['issued', 'exported'];

export async function runReconciliation(scope: TenantScope, options: ReconcileOptions): Promise<ReconciliationReport> {
  const { store, tenantId } = scope;
  const tenant = await requireTenant(store.db, tenantId);
  const settings = parseSettings(tenant.id, tenant.settings);
  const deps = options.recorder ? { recorder: options.recorder } : {};
  const coupa = await coupaClientFor(scope, deps);
  const freshbooks = await freshbooksClientFor(scope, deps);
  const progress = options.onProgress ?? (() => undefined);
  const period = { from: options.from, to: options.to };

  const [vendorLinks, invoiceLinks, poLinks, paymentLinks, byPo] = await Promise.all([
    listVendorLinks(store.db, tenantId),
    listInvoiceLinks(store.db, tenantId),
    listPoLinks(store.db, tenantId),
    listPaymentLinks(store.db, tenantId),
    invoiceIdsByPo(store.db, tenantId),
  ]);

  const invoices: Invoice[] = [];
  for await (const page of coupa.invoices.list({ invoiceDate: period })) {
    invoices.push(...page);
    progress('coupa invoices', invoices.length);
  }
  const bills = new Map<string, LiveBill>();
  const periodBillIds = new Set<string>();
  for await (const page of freshbooks.bills.listWithPayments({ issueDate: period })) {
    for (const b of page) {
      bills.set(b.bill.id, b);
      periodBillIds.add(b.bill.id);
    }
    progress('freshbooks bills', bills.size);
  }
  const pos: PurchaseOrder[] = [];
  for await (const page of coupa.purchaseOrders.list({ statuses: COMMITTING_STATUSES })) {
    pos.push(...page.filter((po) => po.issueDate <= period.to));
    progress('purchase orders', pos.length);
  }
  const vendorNames = new Map<string, string>();
  for await (const page of freshbooks.vendors.list()) {
    for (const v of page) vendorNames.set(v.id, v.name);
    progress('vendors', vendorNames.size);
  }

  // What the links point at outside those pages, one by one.
  let extra = 0;
  const counted = () => {
    progress('linked records', ++extra);
  };
  const readBill = async (id: string | null | undefined) => {
    if (!id || bills.has(id)) return;
    try {
      bills.set(id, await freshbooks.bills.getWithPayments(id));
    } catch (err) {
      if (!(err instanceof FreshBooksNotFoundError)) throw err;
    }
    counted();
  };
  const posByNumber = new Map(pos.map((po) => [po.poNumber, po]));
  for (const link of poLinks) {
    // A commitment bill dated in the period whose PO is no longer open: its PO is read to say why.
    if (!posByNumber.has(link.poNumber) && link.billId !== null && link.takenOverBy === null && periodBillIds.has(link.billId)) {
      const po = await coupa.purchaseOrders.get(link.poId);
      counted();
      if (po) posByNumber.set(po.poNumber, po);
    }
  }
  const poLinkOf = new Map(poLinks.map((l) => [l.poNumber, l]));
  const known = new Map(invoices.map((i) => [i.id, i]));
  const poInvoices: Invoice[] = [];
  for (const po of posByNumber.values()) {
    const link = poLinkOf.get(po.poNumber);
    if (link?.takenOverBy === null) await readBill(link.billId);
    for (const id of byPo.get(po.poNumber) ?? []) {
      let invoice = known.get(id);
      if (!invoice) {
        invoice = await coupa.invoices.get(id);
        counted();
        if (!invoice) continue;
        known.set(id, invoice);
      }
      poInvoices.push(invoice);
    }
  }
  const billOfInvoice = new Map(invoiceLinks.filter((l) => l.billId !== null).map((l) => [l.invoiceId, l.billId ?? '']));
  for (const invoice of known.values()) await readBill(billOfInvoice.get(invoice.id));

  const [attention, reviews, failed] = await Promise.all([
    listAttention(store.db, tenantId, 'open'),
    listReviews(store.db, tenantId, 'open'),
    listDeliveries(store.db, { tenantId, status: ['failed', 'dead'], limit: 1000 }),
  ]);
  const result = reconcile({
    tenantId,
    period,
    ...(settings.startDate ? { startDate: settings.startDate } : {}),
    costCentreSegment: settings.costCentreSegment,
    invoices,
    pos: [...posByNumber.values()],
    poInvoices,
    bills,
    periodBillIds,
    vendorNames,
    links: {
      vendorOf: new Map(vendorLinks.map((l) => [l.supplierId, l.vendorId])),
      billOfInvoice,
      pos: new Map(poLinks.map((l) => [l.poNumber, { billId: l.billId, takenOverBy: l.takenOverBy }])),
      payments: paymentLinks,
    },
    people: {
      attention,
      reviews: reviews.map((r) => ({
        id: r.id,
        kind: r.kind,
        supplierId: r.supplierId,
        invoiceId: r.kind === 'bill' ? r.invoiceId : null,
        candidateBillIds: r.kind === 'bill' ? r.candidates.map((c) => c.billId) : [],
      })),
      failedDeliveries: failed,
    },
  });
  const approved = invoices.filter((i) => i.status === 'approved');
  return {
    tenant: tenantId,
    period,
    generatedAt: new Date().toISOString(),
    agreed: !result.lines.some((l) => isDifference(l.status)),
    lines: result.lines,
    totals: totalsOf(result, approved, settings.costCentreSegment),
  };
}

/** Keeps a report as the tenant's last reconciliation (the dashboard shows it without waiting). */
export async function saveReconciliation(db: Db, report: ReconciliationReport): Promise<void> {
  await saveSyncRun(db, { tenantId: report.tenant, kind: 'reconciliation', outcome: report });
}

export class NoReconciliationError extends AppError {
  constructor(tenantId: string) {
    super(
      'no_reconciliation',
      `Tenant '${tenantId}' has no stored reconciliation yet.`,
      `Run 'ml-connector reconcile --tenant ${tenantId}', or start 'serve --reconcile-daily HH:MM'.`,
    );
  }
}

/** The tenant's last stored reconciliation, as it was saved. */
export async function lastReconciliation(db: Db, tenantId: string): Promise<ReconciliationReport> {
  const run = await latestSyncRun(db, tenantId, 'reconciliation');
  if (!run) throw new NoReconciliationError(tenantId);
  if (!isReport(run.outcome)) throw new CorruptRowError('sync_runs', 'outcome', 'is not a reconciliation report');
  return run.outcome;
}

/** The shape saveReconciliation wrote (its fields are this version's own). */
function isReport(value: Record<string, unknown>): value is Record<string, unknown> & ReconciliationReport {
  return (
    typeof value.tenant === 'string' && typeof value.agreed === 'boolean' && Array.isArray(value.lines) && typeof value.totals === 'object'
  );
}
