/**
 * The review queue: what waits for a person to pick between candidates. A supplier whose name
 * nearly matches a vendor (kind 'supplier'), or an invoice whose hand-keyed FreshBooks bill is
 * only a guess (kind 'bill', migration 008).
 */
import { newId } from '../../lib/ids.js';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Db, Tx } from '../db.js';
import { jsonOf } from '../json.js';
import type { ReviewsTable } from '../schema.js';

export interface ReviewCandidate {
  vendorId: string;
  name: string;
}

export interface BillReviewCandidate {
  billId: string;
  billNumber: string | null;
  issueDate: string;
  total: string;
  currency: string;
  /** Why it may be the invoice's bill ("one typo away", "same amount, 2 days apart"). */
  why: string;
}

export interface ReviewedInvoice {
  invoiceNumber: string;
  invoiceDate: string;
  total: string;
  currency: string;
}

interface ReviewBase {
  id: string;
  tenantId: string;
  supplierId: string;
  supplierName: string;
  reason: string;
  status: 'open' | 'resolved';
  createdAt: number;
  resolvedAt: number | null;
}

export interface SupplierReview extends ReviewBase {
  kind: 'supplier';
  candidates: ReviewCandidate[];
  resolution: { action: 'link' | 'create'; vendorId: string } | null;
}

export interface BillReview extends ReviewBase {
  kind: 'bill';
  invoiceId: string;
  invoice: ReviewedInvoice;
  candidates: BillReviewCandidate[];
  /** `billId`: the bill linked, or the one created (absent until it is). */
  resolution: { action: 'link' | 'create'; billId?: string } | null;
}

export type Review = SupplierReview | BillReview;

const candidatesSchema = z.array(z.object({ vendorId: z.string(), name: z.string() })) satisfies z.ZodType<ReviewCandidate[]>;
const resolutionSchema = z.object({ action: z.enum(['link', 'create']), vendorId: z.string() }) satisfies z.ZodType<
  SupplierReview['resolution']
>;
const billCandidatesSchema = z.array(
  z.object({
    billId: z.string(),
    billNumber: z.string().nullable(),
    issueDate: z.string(),
    total: z.string(),
    currency: z.string(),
    why: z.string(),
  }),
) satisfies z.ZodType<BillReviewCandidate[]>;
const billResolutionSchema = z.object({ action: z.enum(['link', 'create']), billId: z.string().optional() });
const invoiceSchema = z.object({
  invoiceNumber: z.string(),
  invoiceDate: z.string(),
  total: z.string(),
  currency: z.string(),
}) satisfies z.ZodType<ReviewedInvoice>;

function toReview(r: Selectable<ReviewsTable>): Review {
  const base: ReviewBase = {
    id: r.id,
    tenantId: r.tenant_id,
    supplierId: r.supplier_id,
    supplierName: r.supplier_name,
    reason: r.reason,
    status: r.status,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
  };
  if (r.kind === 'bill') {
    const resolution = r.resolution ? jsonOf(billResolutionSchema, r.resolution, 'reviews', 'resolution') : null;
    return {
      ...base,
      kind: 'bill',
      invoiceId: r.invoice_id ?? '',
      invoice: jsonOf(invoiceSchema, r.invoice ?? 'null', 'reviews', 'invoice'),
      candidates: jsonOf(billCandidatesSchema, r.candidates, 'reviews', 'candidates'),
      resolution: resolution && { action: resolution.action, ...(resolution.billId !== undefined ? { billId: resolution.billId } : {}) },
    };
  }
  return {
    ...base,
    kind: 'supplier',
    candidates: jsonOf(candidatesSchema, r.candidates, 'reviews', 'candidates'),
    resolution: r.resolution ? jsonOf(resolutionSchema, r.resolution, 'reviews', 'resolution') : null,
  };
}

/**
 * Queues a supplier for review (or refreshes its open entry); returns the review. A read then
 * a write, not an upsert: the unique index is partial (one per supplier among supplier
 * reviews), and the caller holds the supplier's lease.
 */
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
  const before = await findReviewForSupplier(db, input.tenantId, input.supplierId);
  if (before) await db.updateTable('reviews').set(values).where('id', '=', before.id).execute();
  else
    await db
      .insertInto('reviews')
      .values({ id: newId('rev', now), tenant_id: input.tenantId, supplier_id: input.supplierId, created_at: now, ...values })
      .execute();
  const row = await findReviewForSupplier(db, input.tenantId, input.supplierId);
  if (!row) throw new Error(`review of supplier ${input.supplierId} was not saved`);
  return row;
}

/** Queues an invoice's candidate bills for review (or refreshes its open entry). The caller holds the invoice's lease. */
export async function openBillReview(
  db: Db | Tx,
  input: {
    tenantId: string;
    invoiceId: string;
    supplierId: string;
    supplierName: string;
    reason: string;
    invoice: ReviewedInvoice;
    candidates: BillReviewCandidate[];
  },
  now = Date.now(),
): Promise<void> {
  const values = {
    supplier_id: input.supplierId,
    supplier_name: input.supplierName,
    reason: input.reason,
    invoice: JSON.stringify(input.invoice),
    candidates: JSON.stringify(input.candidates),
    status: 'open' as const,
    resolution: null,
    resolved_at: null,
  };
  const before = await findBillReview(db, input.tenantId, input.invoiceId);
  if (before) await db.updateTable('reviews').set(values).where('id', '=', before.id).execute();
  else
    await db
      .insertInto('reviews')
      .values({ id: newId('rev', now), tenant_id: input.tenantId, kind: 'bill', invoice_id: input.invoiceId, created_at: now, ...values })
      .execute();
}

export async function findReviewForSupplier(db: Db | Tx, tenantId: string, supplierId: string): Promise<Review | undefined> {
  const row = await db
    .selectFrom('reviews')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'supplier')
    .where('supplier_id', '=', supplierId)
    .executeTakeFirst();
  return row ? toReview(row) : undefined;
}

export async function findBillReview(db: Db | Tx, tenantId: string, invoiceId: string): Promise<BillReview | undefined> {
  const row = await db
    .selectFrom('reviews')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'bill')
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirst();
  const review = row && toReview(row);
  return review?.kind === 'bill' ? review : undefined;
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
  resolution: { action: 'link' | 'create'; vendorId: string } | { action: 'link' | 'create'; billId?: string },
  now = Date.now(),
): Promise<void> {
  await db
    .updateTable('reviews')
    .set({ status: 'resolved', resolution: JSON.stringify(resolution), resolved_at: now })
    .where('id', '=', id)
    .execute();
}
