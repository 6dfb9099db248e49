/** Finding a review by the id a person typed. */
import { AppError } from '../lib/errors.js';
import type { Store } from '../store/db.js';
import { getReview, type Review } from '../store/queries/reviews.js';

class UnknownReviewError extends AppError {
  constructor(id: string) {
    super('unknown_review', `No review with id '${id}'.`, 'See the open ones with `ml-connector review list --tenant T`.');
  }
}

export async function loadReview(store: Store, id: string): Promise<Review> {
  const review = await getReview(store.db, id);
  if (!review) throw new UnknownReviewError(id);
  return review;
}
