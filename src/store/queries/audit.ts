import { redact } from '../../lib/redact.js';
import type { Db, Tx } from '../db.js';
import { jsonObject } from '../json.js';

export interface AuditEvent {
  id: number;
  tenantId: string | null;
  deliveryId: string | null;
  kind: string;
  detail: Record<string, unknown>;
  at: number;
}

export interface NewAuditEvent {
  tenantId?: string | null;
  deliveryId?: string | null;
  kind: string;
  detail?: Record<string, unknown>;
  at?: number;
}

/** Every detail is redacted here, at the one door into the table, whoever writes it. */
export async function appendAudit(db: Db | Tx, events: NewAuditEvent | NewAuditEvent[]): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  // In chunks: one statement may bind only so many parameters (SQLite's limit is 32 766).
  for (let i = 0; i < list.length; i += 500) {
    await db
      .insertInto('audit_events')
      .values(
        list.slice(i, i + 500).map((e) => ({
          tenant_id: e.tenantId ?? null,
          delivery_id: e.deliveryId ?? null,
          kind: e.kind,
          detail: JSON.stringify(redact(e.detail ?? {})),
          at: e.at ?? Date.now(),
        })),
      )
      .execute();
  }
}

export async function listAudit(db: Db, filter: { tenantId?: string; deliveryId?: string; limit?: number }): Promise<AuditEvent[]> {
  let q = db.selectFrom('audit_events').selectAll();
  if (filter.tenantId) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.deliveryId) q = q.where('delivery_id', '=', filter.deliveryId);
  const rows = await q
    .orderBy('id', 'asc')
    .limit(filter.limit ?? 1000)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    deliveryId: r.delivery_id,
    kind: r.kind,
    detail: jsonObject(r.detail, 'audit_events', 'detail'),
    at: r.at,
  }));
}
