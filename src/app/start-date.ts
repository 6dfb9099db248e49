/**
 * Changing a tenant's start date. Moving it earlier brings older documents in, but the Coupa
 * cursors of POs, invoices and payments have already moved past them: those cursors (and any
 * checkpoint of an interrupted pass) are forgotten so the next sync reads them. Moving it later
 * removes nothing: bills already written stay and keep syncing.
 */
import type { Db } from '../store/db.js';
import { deleteCursors } from '../store/queries/cursors.js';
import { updateTenantSettings } from '../store/queries/tenants.js';
import type { TenantSettings } from '../sync/settings.js';

/** The Coupa resources whose documents the start date decides on (their cursors and checkpoints). */
const DATED_RESOURCES = ['purchase_orders', 'invoices', 'invoice_payments'];

export interface StartDateChange {
  from: string | null;
  to: string;
  /** Earlier than before: the cursors were reset so older documents are read. */
  cursorsReset: boolean;
}

export async function changeStartDate(db: Db, tenantId: string, settings: TenantSettings, to: string): Promise<StartDateChange> {
  const from = settings.startDate ?? null;
  // From "no limit" any date is later: everything was already in reach.
  const earlier = from !== null && to < from;
  await updateTenantSettings(db, tenantId, { ...settings, startDate: to });
  if (earlier) await deleteCursors(db, tenantId, 'coupa', [...DATED_RESOURCES, ...DATED_RESOURCES.map((r) => `${r}:resume`)]);
  return { from, to, cursorsReset: earlier };
}

export function describeStartDateChange(change: StartDateChange): string {
  const head = `start date ${change.from ?? '(none)'} → ${change.to}`;
  if (change.from === change.to) return `start date ${change.to} (unchanged)`;
  if (change.cursorsReset) {
    return `${head}: earlier, so the next sync reads purchase orders, invoices and payments from the start again and writes those from ${change.to} on.`;
  }
  return `${head}: bills already written for older documents are kept and keep syncing; older documents not written yet are left out.`;
}
