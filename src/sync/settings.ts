/**
 * Per-tenant sync settings, kept as JSON on the tenant row and validated with zod whenever
 * they are read or changed, so a bad value is refused with its name and what is expected.
 */
import { z } from 'zod';
import { AppError } from '../lib/errors.js';
import type { CategoryMapping } from '../core/bill-mapping.js';

const idMap = z.record(z.string(), z.string().min(1));

export const settingsSchema = z.object({
  categoryMapping: z
    .object({
      byAccountCode: idMap.optional(),
      bySegment: z.object({ segmentIndex: z.number().int().min(1).max(20), map: idMap }).optional(),
      byCommodity: idMap.optional(),
      /** Absent: chosen from the FreshBooks categories on the first sync and reported. */
      defaultCategoryId: z.string().min(1).optional(),
      chargesCategoryId: z.string().min(1).optional(),
    })
    .default({}),
  /** Which account segment (1-based, as Coupa's segment-N) names the cost centre. */
  costCentreSegment: z.number().int().min(1).max(20).default(2),
  /** Mark POs and invoices exported in Coupa once their bill is written. */
  markExported: z.boolean().default(false),
  /** How far back each Coupa poll reaches before its cursor, so a record committed late is not missed. */
  overlapSeconds: z.number().int().min(0).max(86_400).default(300),
});

export type TenantSettings = z.infer<typeof settingsSchema>;

export class SettingsError extends AppError {
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
    defaultCategoryId,
  };
}
