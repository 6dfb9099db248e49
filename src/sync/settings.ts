/**
 * Per-tenant sync settings, kept as JSON on the tenant row and validated with zod whenever
 * they are read or changed, so a bad value is refused with its name and what is expected.
 */
import { z } from 'zod';
import { AppError } from '../lib/errors.js';
import type { CategoryMapping } from '../core/bill-mapping.js';

const id = z.string().min(1);
const idMap = z.record(z.string(), id);

export const settingsSchema = z.object({
  categoryMapping: z
    .object({
      byAccountCode: idMap.optional(),
      bySegment: z.object({ segmentIndex: z.number().int().min(1).max(20), map: idMap }).optional(),
      byCommodity: idMap.optional(),
      /** Absent: chosen from the FreshBooks categories on the first sync and reported. */
      defaultCategoryId: z.string().min(1).optional(),
      chargesCategoryId: z.string().min(1).optional(),
      /** Per charge kind, ahead of chargesCategoryId. */
      chargeCategories: z.object({ tax: id, shipping: id, handling: id, misc: id }).partial().optional(),
    })
    .default({}),
  /** Which account segment (1-based, as Coupa's segment-N) names the cost centre. */
  costCentreSegment: z.number().int().min(1).max(20).default(2),
  /** Mark POs and invoices exported in Coupa once their bill is written. */
  markExported: z.boolean().default(false),
  /** How far back each Coupa poll reaches before its cursor, so a record committed late is not missed. */
  overlapSeconds: z.number().int().min(0).max(86_400).default(300),
  /**
   * A bill a person deleted in FreshBooks while its Coupa record still needs one: 'ask' puts the
   * record on the attention list; 'recreate' writes a new bill.
   */
  deletedBills: z.enum(['ask', 'recreate']).default('ask'),
  /**
   * The currencies the FreshBooks business keeps its books in (ISO codes). When set, a PO or
   * invoice in another currency goes to a person instead of being written; unset: any.
   */
  currencies: z.array(z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code in capitals')).optional(),
  /**
   * The first day (ISO date) whose POs and invoices become bills; older ones are left out unless
   * already written. Absent: no limit (tenants made before this setting sync as they always did).
   */
  startDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-01-31')
    .optional(),
  /** Passes a failing record is retried before it goes to the attention list and the cursor moves past it. */
  retryBudget: z.number().int().min(1).max(100).default(3),
});

export type TenantSettings = z.infer<typeof settingsSchema>;

class SettingsError extends AppError {
  constructor(tenantId: string, problems: string[]) {
    super(
      'settings',
      `Settings of tenant '${tenantId}' are not valid: ${problems.join('; ')}.`,
      'Fix them with `ml-connector tenant settings`.',
    );
  }
}

export function parseSettings(tenantId: string, raw: unknown): TenantSettings {
  const result = settingsSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw new SettingsError(
    tenantId,
    result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
  );
}

/** The mapping the core rules take, once a default category is known. */
export function categoryMapping(settings: TenantSettings, defaultCategoryId: string): CategoryMapping {
  const m = settings.categoryMapping;
  return {
    ...(m.byAccountCode ? { byAccountCode: m.byAccountCode } : {}),
    ...(m.bySegment ? { bySegment: m.bySegment } : {}),
    ...(m.byCommodity ? { byCommodity: m.byCommodity } : {}),
    ...(m.chargesCategoryId ? { chargesCategoryId: m.chargesCategoryId } : {}),
    ...(m.chargeCategories ? { chargeCategories: m.chargeCategories } : {}),
    defaultCategoryId,
  };
}
