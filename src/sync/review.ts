/**
 * A person's answer to a review: link the supplier to one of the vendors, or create a new
 * vendor for it. Either way the supplier is linked and its held-back records flow on the
 * next sync.
 */
import { vendorFromSupplier } from '../core/vendor-mapping.js';
import { UsageError } from '../lib/errors.js';
import type { CoupaPort, FreshBooksPort } from './ports.js';
import type { SyncState } from './state.js';
import { SupplierNotFoundError } from './suppliers.js';

/** A review as the person answering it sees it. */
interface Review {
  kind?: 'supplier';
  id: string;
  supplierId: string;
  candidates: Array<{ vendorId: string; name: string }>;
  status: 'open' | 'resolved';
  resolution: { action: 'link' | 'create'; vendorId: string } | null;
}

export type ReviewChoice = { action: 'link'; vendorId: string } | { action: 'create' };

export async function resolveReview(
  deps: { state: SyncState; coupa: CoupaPort; freshbooks: FreshBooksPort },
  review: Review | { kind: 'bill'; id: string },
  choice: ReviewChoice,
): Promise<{ vendorId: string; vendorName: string; created: boolean }> {
  if (review.kind === 'bill') throw new UsageError(`Review ${review.id} is about an invoice's bill, not a supplier.`);
  if (review.status !== 'open') {
    throw new UsageError(`Review ${review.id} was already resolved (${review.resolution?.action} vendor ${review.resolution?.vendorId}).`);
  }
  const supplier = await deps.coupa.supplier(review.supplierId);
  if (!supplier) throw new SupplierNotFoundError(review.supplierId);
  const draft = vendorFromSupplier(supplier);

  let vendorId: string;
  let vendorName: string;
  if (choice.action === 'link') {
    const vendor = await deps.freshbooks.vendor(choice.vendorId);
    if (!vendor || vendor.visState === 1) {
      const options = review.candidates.map((c) => `${c.vendorId} (${c.name})`).join(', ');
      throw new UsageError(`FreshBooks has no vendor ${choice.vendorId}.`, `The candidates were: ${options}; or use --create.`);
    }
    vendorId = vendor.id;
    vendorName = vendor.name;
  } else {
    const vendor = await deps.freshbooks.createVendor(draft);
    vendorId = vendor.id;
    vendorName = vendor.name;
  }
  // The supplier as it is now is the baseline: only later Coupa changes reach a linked vendor.
  await deps.state.saveVendor({ supplierId: supplier.id, vendorId, coupaFields: draft, sourceUpdatedAt: supplier.updatedAt });
  await deps.state.closeReview(review.id, { action: choice.action, vendorId });
  return { vendorId, vendorName, created: choice.action === 'create' };
}
