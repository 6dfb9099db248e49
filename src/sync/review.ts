/**
 * A person's answer to a review: link the supplier to one of the vendors, or create a new
 * vendor for it. Either way the supplier is linked and its held-back records flow on the
 * next sync.
 */
import { fingerprint } from '../core/fingerprint.js';
import { vendorFromSupplier } from '../core/vendor-mapping.js';
import { AppError, UsageError } from '../lib/errors.js';
import type { Store } from '../store/db.js';
import { getReview, resolveReview as markResolved, type Review } from '../store/queries/reviews.js';
import { LinkBook } from './link-book.js';
import type { CoupaPort, FreshBooksPort } from './ports.js';
import { SupplierNotFoundError } from './suppliers.js';

export type ReviewChoice = { action: 'link'; vendorId: string } | { action: 'create' };

export class UnknownReviewError extends AppError {
  constructor(id: string) {
    super('unknown_review', `No review with id '${id}'.`, 'See the open ones with `ml-connector review list --tenant T`.');
  }
}

export async function loadReview(store: Store, id: string): Promise<Review> {
  const review = await getReview(store.db, id);
  if (!review) throw new UnknownReviewError(id);
  return review;
}

export async function resolveReview(
  deps: { store: Store; coupa: CoupaPort; freshbooks: FreshBooksPort },
  review: Review,
  choice: ReviewChoice,
): Promise<{ vendorId: string; vendorName: string; created: boolean }> {
  if (review.status !== 'open') {
    throw new UsageError(`Review ${review.id} was already resolved (${review.resolution?.action} vendor ${review.resolution?.vendorId}).`);
  }
  const supplier = await deps.coupa.supplier(review.supplierId);
  if (!supplier) throw new SupplierNotFoundError(review.supplierId);
  const draft = vendorFromSupplier(supplier);
  const links = new LinkBook(deps.store.db, review.tenantId);

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
  await links.saveVendor({ supplierId: supplier.id, vendorId, fingerprint: fingerprint(draft), sourceUpdatedAt: supplier.updatedAt });
  await markResolved(deps.store.db, review.id, { action: choice.action, vendorId });
  return { vendorId, vendorName, created: choice.action === 'create' };
}
