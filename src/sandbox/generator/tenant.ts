/**
 * A generated tenant of any size, as a stream: suppliers first, then each PO followed by its
 * invoices (with invoices without a PO interleaved), then the FreshBooks vendors. Only the
 * supplier list is held in memory, so 100,000 records stream without building them twice.
 */
import { itemAt } from '../guards.js';
import { seededRandom } from '../../lib/random.js';
import type { InvoiceSeed, PurchaseOrderSeed, SupplierSeed } from '../coupa/seed.js';
import { makePoInvoices, makePurchaseOrder, makeStandaloneInvoice, type DocContext } from './documents.js';
import { generateVendors, type FreshBooksVendorSeed } from './freshbooks.js';
import { NameBook } from './names.js';
import { generateSuppliers, type SupplierInfo } from './suppliers.js';

export type DatasetItem =
  | { kind: 'supplier'; record: SupplierSeed }
  | { kind: 'purchaseOrder'; record: PurchaseOrderSeed }
  | { kind: 'invoice'; record: InvoiceSeed }
  | { kind: 'freshbooksVendor'; record: FreshBooksVendorSeed };

export interface TenantPlan {
  suppliers: number;
  purchaseOrders: number;
  invoices: number;
}

const DAY = 86_400_000;

/** Splits a record count: ~10% suppliers (at least 3), then POs and invoices about 45:55. */
export function planTenant(total: number, suppliers?: number): TenantPlan {
  const s = Math.max(1, suppliers ?? Math.max(3, Math.round(total * 0.1)));
  const rest = Math.max(0, total - s);
  const purchaseOrders = Math.round(rest * 0.45);
  return { suppliers: s, purchaseOrders, invoices: rest - purchaseOrders };
}

/** Picks mostly among the first suppliers: a few big vendors, a long tail. */
function skewedPick<T>(rng: { next(): number }, items: T[]): T {
  const r = rng.next();
  return itemAt(items, Math.floor(r * r * items.length), 'item');
}

export function* generateTenant(seed: number, plan: TenantPlan, endMs: number): Generator<DatasetItem> {
  const rng = seededRandom(seed);
  const book = new NameBook();
  const spanMs = 365 * DAY;
  const startMs = endMs - spanMs;

  const suppliers: SupplierInfo[] = [];
  for (const info of generateSuppliers(rng, plan.suppliers, startMs, book)) {
    suppliers.push(info);
    yield { kind: 'supplier', record: info.seed };
  }
  const active = suppliers.filter((s) => s.active);

  const ctx: DocContext = { rng, endMs, invoiceCounter: 0 };
  const poBacked = plan.purchaseOrders === 0 ? 0 : Math.round(plan.invoices * 0.8);
  const standalone = plan.invoices - poBacked;
  let poBackedLeft = poBacked;
  let standaloneDone = 0;
  let invoicesDone = 0;

  for (let k = 0; k < plan.purchaseOrders; k++) {
    const createdAt = startMs + Math.floor((k / plan.purchaseOrders) * spanMs * 0.92);
    const po = makePurchaseOrder(ctx, skewedPick(rng, active), String(4500 + k), createdAt);
    yield { kind: 'purchaseOrder', record: po.seed };
    if (po.seed.status === 'issued' || po.seed.status === 'closed') {
      const wanted = po.seed.status === 'closed' ? rng.pick([1, 1, 2]) : rng.pick([0, 1, 1, 1, 2, 2, 3]);
      const count = Math.min(wanted, poBackedLeft);
      for (const invoice of makePoInvoices(ctx, po, count)) {
        poBackedLeft -= 1;
        invoicesDone += 1;
        yield { kind: 'invoice', record: invoice };
      }
    }
    // Invoices without a PO arrive steadily alongside.
    const due = Math.floor(((k + 1) / plan.purchaseOrders) * standalone);
    while (standaloneDone < due && invoicesDone < plan.invoices) {
      standaloneDone += 1;
      invoicesDone += 1;
      yield {
        kind: 'invoice',
        record: makeStandaloneInvoice(ctx, skewedPick(rng, active), Math.min(endMs, createdAt + rng.int(0, 20) * DAY)),
      };
    }
  }
  // Whatever the POs did not absorb: more invoices without a PO, so the total is exact.
  while (invoicesDone < plan.invoices && active.length > 0) {
    invoicesDone += 1;
    yield { kind: 'invoice', record: makeStandaloneInvoice(ctx, rng.pick(active), startMs + rng.int(0, 364) * DAY) };
  }

  for (const vendor of generateVendors(rng, suppliers, book)) yield { kind: 'freshbooksVendor', record: vendor };
}
