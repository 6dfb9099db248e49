/**
 * Flow 1: Coupa suppliers → FreshBooks bill vendors. Matched on the normalised name: an
 * existing vendor is linked (never duplicated); a near match waits for a person in the
 * review queue and holds back only that supplier's records; later changes update the vendor.
 */
import { fingerprint } from '../core/fingerprint.js';
import type { SupplierLink } from '../core/links.js';
import { matchVendor } from '../core/match-vendor.js';
import type { Supplier } from '../core/records.js';
import { vendorFromSupplier } from '../core/vendor-mapping.js';
import { AppError } from '../lib/errors.js';
import { findReviewForSupplier, openReview } from '../store/queries/reviews.js';
import type { SyncContext } from './context.js';
import { record, skipped } from './report.js';

const FLOW = 'suppliers';

export class SupplierNotFoundError extends AppError {
  constructor(supplierId: string) {
    super(
      'supplier_not_found',
      `Coupa supplier ${supplierId} was not found.`,
      'It may have been removed in Coupa; the records that refer to it are retried on the next pass.',
    );
  }
}

/** Where a supplier stands, from local state only (no API call). */
export async function supplierState(ctx: SyncContext, supplierId: string): Promise<SupplierLink> {
  const link = await ctx.links.vendor(supplierId);
  if (link) return { state: 'linked', vendorId: link.vendorId };
  const review = await findReviewForSupplier(ctx.store.db, ctx.tenantId, supplierId);
  if (review?.status === 'open') return { state: 'in-review' };
  return { state: 'unseen' };
}

/**
 * Syncs one supplier. `onDemand`: a PO or invoice needs it, so it gets a vendor even when it
 * is not active in Coupa (the bill must have a vendor); a pass creates vendors for active
 * suppliers only.
 */
export function syncSupplier(ctx: SyncContext, supplier: Supplier, options: { onDemand?: boolean } = {}): Promise<SupplierLink> {
  return ctx.lock(`supplier:${supplier.id}`, () => syncSupplierLocked(ctx, supplier, options));
}

async function syncSupplierLocked(ctx: SyncContext, supplier: Supplier, options: { onDemand?: boolean }): Promise<SupplierLink> {
  const draft = vendorFromSupplier(supplier);
  const print = fingerprint(draft);
  const link = await ctx.links.vendor(supplier.id);

  if (link) {
    if (link.fingerprint === print) {
      skipped(ctx.report, FLOW, 'unchanged');
    } else if (link.sourceUpdatedAt && Date.parse(supplier.updatedAt) < Date.parse(link.sourceUpdatedAt)) {
      skipped(ctx.report, FLOW, 'stale');
    } else {
      const vendor = await ctx.freshbooks.updateVendor(link.vendorId, draft);
      ctx.fb.addVendor(vendor);
      await ctx.links.saveVendor({
        supplierId: supplier.id,
        vendorId: link.vendorId,
        fingerprint: print,
        sourceUpdatedAt: supplier.updatedAt,
      });
      record(ctx.report, FLOW, 'updated');
      ctx.wrote({ flow: FLOW, action: 'update', linkKind: 'vendor', coupaId: supplier.id, freshbooksId: link.vendorId });
    }
    return { state: 'linked', vendorId: link.vendorId };
  }

  const review = await findReviewForSupplier(ctx.store.db, ctx.tenantId, supplier.id);
  if (review?.status === 'open') {
    skipped(ctx.report, FLOW, 'in-review');
    return { state: 'in-review' };
  }
  if (!options.onDemand && supplier.status !== 'active') {
    skipped(ctx.report, FLOW, `status-${supplier.status}`);
    return { state: 'unseen' };
  }

  const match = matchVendor(supplier, await ctx.fb.vendorIndex());
  switch (match.kind) {
    case 'exact': {
      // An existing vendor is linked as it is: the finance team's own edits stay; later Coupa
      // changes (a new fingerprint) update it.
      await ctx.links.saveVendor({
        supplierId: supplier.id,
        vendorId: match.vendor.id,
        fingerprint: print,
        sourceUpdatedAt: supplier.updatedAt,
      });
      record(ctx.report, FLOW, 'linked');
      ctx.wrote({ flow: FLOW, action: 'link', linkKind: 'vendor', coupaId: supplier.id, freshbooksId: match.vendor.id });
      return { state: 'linked', vendorId: match.vendor.id };
    }
    case 'near':
    case 'ambiguous': {
      await openReview(ctx.store.db, {
        tenantId: ctx.tenantId,
        supplierId: supplier.id,
        supplierName: supplier.name,
        reason: match.kind,
        candidates: match.candidates.map((v) => ({ vendorId: v.id, name: v.name })),
      });
      record(ctx.report, FLOW, 'queued');
      ctx.wrote({ flow: FLOW, action: 'queue-review', linkKind: 'vendor', coupaId: supplier.id, freshbooksId: null });
      return { state: 'in-review' };
    }
    case 'none': {
      const vendor = await ctx.freshbooks.createVendor(draft);
      ctx.fb.addVendor(vendor);
      await ctx.links.saveVendor({ supplierId: supplier.id, vendorId: vendor.id, fingerprint: print, sourceUpdatedAt: supplier.updatedAt });
      record(ctx.report, FLOW, 'created');
      ctx.wrote({ flow: FLOW, action: 'create', linkKind: 'vendor', coupaId: supplier.id, freshbooksId: vendor.id });
      return { state: 'linked', vendorId: vendor.id };
    }
  }
}

/** The supplier a PO or invoice refers to, fetched and synced when it has not been seen yet. */
export async function ensureSupplier(ctx: SyncContext, supplierId: string): Promise<SupplierLink> {
  const known = await supplierState(ctx, supplierId);
  if (known.state !== 'unseen') return known;
  const supplier = await ctx.coupa.supplier(supplierId);
  if (!supplier) throw new SupplierNotFoundError(supplierId);
  return syncSupplier(ctx, supplier, { onDemand: true });
}
