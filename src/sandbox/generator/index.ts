/**
 * Seeded, deterministic test data for both sandboxes.
 *
 *   generateDataset()                           the demo: Northwind Consulting, a dozen suppliers
 *   generateDataset({ seed: 7, scale: 5000 })   a generated tenant of ~5,000 records
 *   generateDataset({ seed: 7, suppliers: 40 }) a generated tenant with 40 suppliers (~400 records)
 *   for (const item of iterateDataset({ seed: 7, scale: 100_000 })) …   the same, streamed
 *
 * `coupa` loads into the Coupa sandbox (`startCoupaSandbox({ data })`), `freshbooks` into the
 * FreshBooks sandbox (its `FreshBooksSeed`). The same seed always gives the same data.
 */
import type { CoupaSeed } from '../coupa/seed.js';
import { DEMO_COMPANY, demoCoupa, demoFreshBooksVendors } from './demo.js';
import type { FreshBooksVendorSeed } from './freshbooks.js';
import { generateTenant, planTenant, type DatasetItem, type TenantPlan } from './tenant.js';

export type { FreshBooksVendorSeed } from './freshbooks.js';
export type { TenantPlan } from './tenant.js';
interface GeneratorOptions {
  /** Default 1. */
  seed?: number;
  /** Supplier count of a generated tenant (default: 10% of `scale`). */
  suppliers?: number;
  /** 'demo' (the default unless `suppliers` is given) or a total record count (suppliers + POs + invoices). */
  scale?: 'demo' | number;
  /** Nothing in the data is dated later than this (default 2026-01-31T23:00:00Z): fixed, so data repeats. */
  endDate?: string;
}

export interface Dataset {
  meta: { seed: number; scale: 'demo' | number; company: string; plan: TenantPlan };
  coupa: CoupaSeed;
  freshbooks: { vendors: FreshBooksVendorSeed[] };
}

const DEFAULT_END = '2026-01-31T23:00:00Z';

function resolveScale(options: GeneratorOptions): 'demo' | number {
  if (options.scale !== undefined) return options.scale;
  return options.suppliers !== undefined ? options.suppliers * 10 : 'demo';
}

/** The dataset as a stream of records (suppliers, then POs with their invoices, then vendors). */
export function* iterateDataset(options: GeneratorOptions = {}): Generator<DatasetItem> {
  const scale = resolveScale(options);
  if (scale === 'demo') {
    const coupa = demoCoupa();
    for (const record of coupa.suppliers) yield { kind: 'supplier', record };
    for (const record of coupa.purchaseOrders) yield { kind: 'purchaseOrder', record };
    for (const record of coupa.invoices) yield { kind: 'invoice', record };
    for (const record of demoFreshBooksVendors()) yield { kind: 'freshbooksVendor', record };
    return;
  }
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`scale must be 'demo' or a positive integer, got ${scale}`);
  const end = Date.parse(options.endDate ?? DEFAULT_END);
  if (!Number.isFinite(end)) throw new RangeError(`endDate must be an ISO-8601 date, got ${options.endDate}`);
  yield* generateTenant(options.seed ?? 1, planTenant(scale, options.suppliers), end);
}

export function generateDataset(options: GeneratorOptions = {}): Dataset {
  const scale = resolveScale(options);
  const coupa: CoupaSeed = { suppliers: [], purchaseOrders: [], invoices: [] };
  const vendors: FreshBooksVendorSeed[] = [];
  for (const item of iterateDataset(options)) {
    switch (item.kind) {
      case 'supplier':
        coupa.suppliers.push(item.record);
        break;
      case 'purchaseOrder':
        coupa.purchaseOrders.push(item.record);
        break;
      case 'invoice':
        coupa.invoices.push(item.record);
        break;
      case 'freshbooksVendor':
        vendors.push(item.record);
        break;
    }
  }
  const plan = { suppliers: coupa.suppliers.length, purchaseOrders: coupa.purchaseOrders.length, invoices: coupa.invoices.length };
  return {
    meta: { seed: options.seed ?? 1, scale, company: DEMO_COMPANY, plan },
    coupa,
    freshbooks: { vendors },
  };
}
