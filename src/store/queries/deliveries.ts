/**
 * The inbox: every webhook delivery, stored with its job in one transaction before the
 * sender gets its 2xx, kept with its outcome for the audit trail and for replay.
 */
import { newId } from '../../lib/ids.js';
import { z } from 'zod';
import type { Db, Tx } from '../db.js';
import { jsonOf } from '../json.js';
import { DELIVERY_STATUSES, type DeliveriesTable, type DeliveryStatus } from '../schema.js';
import { enqueueJob, type NewJob } from './jobs.js';

export interface Delivery {
  id: string;
  tenantId: string;
  source: string;
  dedupeKey: string;
  event: string;
  objectType: string;
  objectId: string;
  headers: Record<string, string>;
  body: string;
  remoteAddr: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  receivedAt: number;
  processedAt: number | null;
}

/** A status given by a person or a query string, if it is one. */
export function deliveryStatus(text: string): DeliveryStatus | undefined {
  return DELIVERY_STATUSES.find((s) => s === text);
}

/** A delivery as listed: what arrived (headers, body) is left to `show`, one at a time. */
export type DeliverySummary = Omit<Delivery, 'headers' | 'body'>;

export function summarise(d: Delivery): DeliverySummary {
  return {
    id: d.id,
    tenantId: d.tenantId,
    source: d.source,
    dedupeKey: d.dedupeKey,
    event: d.event,
    objectType: d.objectType,
    objectId: d.objectId,
    remoteAddr: d.remoteAddr,
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    receivedAt: d.receivedAt,
    processedAt: d.processedAt,
  };
}

export type NewDelivery = Pick<Delivery, 'tenantId' | 'source' | 'dedupeKey' | 'event' | 'objectType' | 'objectId' | 'headers' | 'body'> & {
  remoteAddr?: string | null;
};

const headersSchema = z.record(z.string(), z.string());

function toDelivery(r: DeliveriesTable): Delivery {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    source: r.source,
    dedupeKey: r.dedupe_key,
    event: r.event,
    objectType: r.object_type,
    objectId: r.object_id,
    headers: jsonOf(headersSchema, r.headers, 'deliveries', 'headers'),
    body: r.body,
    remoteAddr: r.remote_addr,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    receivedAt: r.received_at,
    processedAt: r.processed_at,
  };
}

interface InsertOptions {
  /**
   * 'always': a delivery with the same dedupe key is a duplicate (a sender's message id).
   * 'while-pending': it is one only while the stored delivery's job has not started; once the
   * object may have been fetched, a repeat can carry a newer change and is stored afresh
   * (FreshBooks, whose dedupe key is a time window, not a message id).
   */
  coalesce?: 'always' | 'while-pending';
}

/**
 * Inserts the delivery and its job atomically. A duplicate (same dedupe key, see
 * InsertOptions) inserts nothing and returns the delivery already stored.
 */
export async function insertDelivery(
  tx: Db | Tx,
  delivery: NewDelivery,
  job: Omit<NewJob, 'tenantId' | 'deliveryId'>,
  now = Date.now(),
  options: InsertOptions = {},
): Promise<{ id: string; duplicate: boolean }> {
  const id = newId('dlv', now);
  const row = (dedupeKey: string) => ({
    id,
    tenant_id: delivery.tenantId,
    source: delivery.source,
    dedupe_key: dedupeKey,
    event: delivery.event,
    object_type: delivery.objectType,
    object_id: delivery.objectId,
    headers: JSON.stringify(delivery.headers),
    body: delivery.body,
    remote_addr: delivery.remoteAddr ?? null,
    status: 'received' as const,
    attempts: 0,
    received_at: now,
  });
  const inserted = await tx
    .insertInto('deliveries')
    .values(row(delivery.dedupeKey))
    .onConflict((oc) => oc.columns(['tenant_id', 'source', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await tx
      .selectFrom('deliveries')
      .select('id')
      .where('tenant_id', '=', delivery.tenantId)
      .where('source', '=', delivery.source)
      .where('dedupe_key', '=', delivery.dedupeKey)
      .executeTakeFirstOrThrow();
    const waiting =
      options.coalesce !== 'while-pending' ||
      (await tx
        .selectFrom('jobs')
        .select('id')
        .where('delivery_id', '=', existing.id)
        .where('status', '=', 'pending')
        .where('attempts', '=', 0)
        .executeTakeFirst()) !== undefined;
    if (waiting) return { id: existing.id, duplicate: true };
    await tx
      .insertInto('deliveries')
      .values(row(`${delivery.dedupeKey}#${id}`))
      .execute();
  }
  await enqueueJob(tx, { ...job, tenantId: delivery.tenantId, deliveryId: id }, now);
  return { id, duplicate: false };
}

export async function getDelivery(db: Db | Tx, id: string): Promise<Delivery | undefined> {
  const row = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toDelivery(row) : undefined;
}

export async function listDeliveries(
  db: Db,
  filter: { tenantId: string; status?: DeliveryStatus | DeliveryStatus[]; since?: number; limit?: number },
): Promise<Delivery[]> {
  let q = db.selectFrom('deliveries').selectAll().where('tenant_id', '=', filter.tenantId);
  if (filter.status) q = q.where('status', 'in', Array.isArray(filter.status) ? filter.status : [filter.status]);
  if (filter.since !== undefined) q = q.where('received_at', '>=', filter.since);
  const rows = await q
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100)
    .execute();
  return rows.map(toDelivery);
}

export async function setDeliveryOutcome(
  db: Db | Tx,
  id: string,
  outcome: { status: DeliveryStatus; attempts: number; error?: string | null },
  now = Date.now(),
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      last_error: outcome.error ?? null,
      processed_at: outcome.status === 'processed' ? now : null,
    })
    .where('id', '=', id)
    .execute();
}

/** How many deliveries each tenant has in each status (for /metrics). */
export async function countDeliveriesByStatus(db: Db): Promise<Array<{ tenantId: string; status: DeliveryStatus; count: number }>> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['tenant_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['tenant_id', 'status'])
    .execute();
  return rows.map((r) => ({ tenantId: r.tenant_id, status: r.status, count: r.n }));
}

export async function countDeliveries(db: Db, tenantId: string, status: DeliveryStatus): Promise<number> {
  const row = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return row.n;
}
