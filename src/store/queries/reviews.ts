/** The review queue: suppliers whose name nearly matches a vendor wait here for a person. */
import { newId } from '../../lib/ids.js';
import { z } from 'zod';
import type { Db, Tx } from '../db.js';
import { jsonOf } from '../json.js';
import type { ReviewsTable } from '../schema.js';

export interface ReviewCandidate {
  vendorId: string;
  name: string;
}

export interface Review {
  id: string;
  tenantId: string;
  supplierId: string;
  supplierName: string;
  reason: string;
  candidates: ReviewCandidate[];
  status: 'open' | 'resolved';
  resolution: { action: 'link' | 'create'; vendorId: string } | null;
  createdAt: number;
  resolvedAt: number | null;
}

const candidatesSchema = z.array(z.object({ vendorId: z.string(), name: z.string() })) satisfies z.ZodType<ReviewCandidate[]>;
const resolutionSchema = z.object({ action: z.enum(['link', 'create']), vendorId: z.string() }) satisfies z.ZodType<Review['resolution']>;

function toReview(r: ReviewsTable): Review {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    supplierId: r.supplier_id,
    supplierName: r.supplier_name,
    reason: r.reason,
    candidates: jsonOf(candidatesSchema, r.candidates, 'reviews', 'candidates'),
    status: r.status,
    resolution: r.resolution ? jsonOf(resolutionSchema, r.resolution, 'reviews', 'resolution') : null,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
  };
}

/** Queues a supplier for review (or refreshes its open entry); returns the review. */
export async function openReview(
  db: Db | Tx,
  input: { tenantId: string; supplierId: string; supplierName: string; reason: string; candidates: ReviewCandidate[] },
  now = Date.now(),
): Promise<Review> {
  const values = {
    supplier_name: input.supplierName,
    reason: input.reason,
    candidates: JSON.stringify(input.candidates),
    status: 'open' as const,
    resolution: null,
    resolved_at: null,
  };
  await db
    .insertInto('reviews')
    .values({ id: newId('rev', now), tenant_id: input.tenantId, supplier_id: input.supplierId, created_at: now, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'supplier_id']).doUpdateSet(values))
    .execute();
  const row = await db
    .selectFrom('reviews')
    .selectAll()
    .where('tenant_id', '=', input.tenantId)
    .where('supplier_id', '=', input.supplierId)
    .executeTakeFirstOrThrow();
  return toReview(row);
}

export async function findReviewForSupplier(db: Db | Tx, tenantId: string, supplierId: string): Promise<Review | undefined> {
  const row = await db
    .selectFrom('reviews')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('supplier_id', '=', supplierId)
    .executeTakeFirst();
  return row ? toReview(row) : undefined;
}

export async function getReview(db: Db | Tx, id: string): Promise<Review | undefined> {
  const row = await db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toReview(row) : undefined;
}

export async function listReviews(db: Db, tenantId: string, status: 'open' | 'resolved' | 'all' = 'open'): Promise<Review[]> {
  let q = db.selectFrom('reviews').selectAll().where('tenant_id', '=', tenantId);
  if (status !== 'all') q = q.where('status', '=', status);
  return (await q.orderBy('created_at').orderBy('id').execute()).map(toReview);
}

export async function resolveReview(
  db: Db | Tx,
  id: string,
  resolution: { action: 'link' | 'create'; vendorId: string },
  now = Date.now(),
): Promise<void> {
  await db
    .updateTable('reviews')
    .set({ status: 'resolved', resolution: JSON.stringify(resolution), resolved_at: now })
    .where('id', '=', id)
    .execute();
}
