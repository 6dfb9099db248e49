/**
 * Flow 1: Coupa suppliers → FreshBooks bill vendors. Matched on the normalised name: an
 * existing vendor is linked (never duplicated); a near match waits for a person in the
 * review queue and holds back only that supplier's records. Later Coupa changes are written
 * field by field: only what Coupa changed, so what a person typed into the vendor stays.
 */
import { matchVendor } from '../core/match-vendor.js';
import type { SupplierState } from '../core/known.js';
import type { Supplier, Vendor, VendorDraft } from '../core/records.js';
import { vendorChanges, vendorFromSupplier } from '../core/vendor-mapping.js';
import { AppError } from '../lib/errors.js';
import { forgetOnFailure } from './bills.js';
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
export async function supplierState(ctx: SyncContext, supplierId: string): Promise<SupplierState> {
  const link = await ctx.state.vendor(supplierId);
  if (link) return { state: 'linked', vendorId: link.vendorId };
  const review = await ctx.state.review(supplierId);
  if (review?.status === 'open') return { state: 'in-review' };
  return { state: 'unseen' };
}

/**
 * Syncs one supplier. `onDemand`: a PO or invoice needs it, so it gets a vendor even when it
 * is not active in Coupa (the bill must have a vendor); a pass creates vendors for active
 * suppliers only.
 */
export function syncSupplier(ctx: SyncContext, supplier: Supplier, options: { onDemand?: boolean } = {}): Promise<SupplierState> {
  return ctx.lock(`supplier:${supplier.id}`, async () => {
    await syncSupplierLocked(ctx, supplier, options);
    return supplierState(ctx, supplier.id);
  });
}

async function syncSupplierLocked(ctx: SyncContext, supplier: Supplier, options: { onDemand?: boolean }): Promise<void> {
  const draft = vendorFromSupplier(supplier);
  const link = await ctx.state.vendor(supplier.id);

  if (link) {
    if (link.sourceUpdatedAt && Date.parse(supplier.updatedAt) < Date.parse(link.sourceUpdatedAt)) {
      skipped(ctx.report, FLOW, 'stale');
      return;
    }
    const changes = vendorChanges(link.coupaFields, draft);
    if (Object.keys(changes).length === 0) {
      skipped(ctx.report, FLOW, 'unchanged');
      return;
    }
    const vendor = await ctx.freshbooks.updateVendor(link.vendorId, changes);
    ctx.fb.addVendor(vendor);
    await ctx.state.saveVendor({ ...link, coupaFields: draft, sourceUpdatedAt: supplier.updatedAt });
    record(ctx.report, FLOW, 'updated');
    ctx.wrote({
      flow: FLOW,
      action: 'update',
      linkKind: 'vendor',
      coupaId: supplier.id,
      freshbooksId: link.vendorId,
      label: supplier.name,
    });
    return;
  }

  const written = await vendorWrittenBefore(ctx, supplier.id);
  if (written) {
    // Linked with the fields it was written with: the pass goes on as for a linked supplier
    // and writes what changed in Coupa since (a rename, say).
    await ctx.state.saveVendor({
      supplierId: supplier.id,
      vendorId: written.vendor.id,
      coupaFields: written.fields,
      sourceUpdatedAt: null,
    });
    record(ctx.report, FLOW, 'linked');
    ctx.wrote({
      flow: FLOW,
      action: 'link',
      linkKind: 'vendor',
      coupaId: supplier.id,
      freshbooksId: written.vendor.id,
      label: supplier.name,
    });
    return syncSupplierLocked(ctx, supplier, options);
  }

  const review = await ctx.state.review(supplier.id);
  if (review?.status === 'open') {
    skipped(ctx.report, FLOW, 'in-review');
    return;
  }
  if (!options.onDemand && supplier.status !== 'active') {
    skipped(ctx.report, FLOW, `status-${supplier.status}`);
    return;
  }

  const match = matchVendor(supplier, await ctx.fb.vendorIndex());
  switch (match.kind) {
    case 'exact': {
      // An existing vendor is linked as it is: nothing is written, and the supplier as it is
      // now is the baseline, so only later Coupa changes reach the vendor.
      await ctx.state.saveVendor({
        supplierId: supplier.id,
        vendorId: match.vendor.id,
        coupaFields: draft,
        sourceUpdatedAt: supplier.updatedAt,
      });
      record(ctx.report, FLOW, 'linked');
      ctx.wrote({
        flow: FLOW,
        action: 'link',
        linkKind: 'vendor',
        coupaId: supplier.id,
        freshbooksId: match.vendor.id,
        label: supplier.name,
      });
      return;
    }
    case 'near':
    case 'ambiguous': {
      await ctx.state.openReview({
        supplierId: supplier.id,
        supplierName: supplier.name,
        reason: match.kind,
        candidates: match.candidates.map((v) => ({ vendorId: v.id, name: v.name })),
      });
      record(ctx.report, FLOW, 'queued');
      ctx.wrote({ flow: FLOW, action: 'queue-review', linkKind: 'vendor', coupaId: supplier.id, freshbooksId: null, label: supplier.name });
      return;
    }
    case 'none': {
      await ctx.state.intendVendor(supplier.id, draft);
      const vendor = await forgetOnFailure(
        () => ctx.freshbooks.createVendor(draft),
        () => {
          ctx.fb.forgetVendors();
        },
      );
      ctx.fb.addVendor(vendor);
      await ctx.state.saveVendor({ supplierId: supplier.id, vendorId: vendor.id, coupaFields: draft, sourceUpdatedAt: supplier.updatedAt });
      record(ctx.report, FLOW, 'created');
      ctx.wrote({ flow: FLOW, action: 'create', linkKind: 'vendor', coupaId: supplier.id, freshbooksId: vendor.id, label: supplier.name });
      return;
    }
  }
}

/**
 * The vendor a run that died wrote for this supplier: its intent names the vendor as it was
 * sent, and the one vendor of that name no supplier owns is it. None when the write never
 * happened (the intent stays until the next create replaces it).
 */
async function vendorWrittenBefore(ctx: SyncContext, supplierId: string): Promise<{ vendor: Vendor; fields: VendorDraft } | undefined> {
  const fields = await ctx.state.vendorIntent(supplierId);
  if (!fields) return undefined;
  ctx.fb.forgetVendors(); // what was read may be older than the write
  const match = matchVendor(fields.vendorName, await ctx.fb.vendorIndex());
  const named = match.kind === 'exact' ? [match.vendor] : match.kind === 'ambiguous' ? match.candidates : [];
  for (const vendor of named) if ((await ctx.state.vendorOwner(vendor.id)) === undefined) return { vendor, fields };
  return undefined;
}

/** The supplier a PO or invoice refers to, fetched and synced when it has not been seen yet. */
export async function ensureSupplier(ctx: SyncContext, supplierId: string): Promise<SupplierState> {
  const known = await supplierState(ctx, supplierId);
  if (known.state !== 'unseen') return known;
  const supplier = await ctx.coupa.supplier(supplierId);
  if (!supplier) throw new SupplierNotFoundError(supplierId);
  return syncSupplier(ctx, supplier, { onDemand: true });
}
