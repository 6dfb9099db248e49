/**
 * Replay: any stored delivery can be run again — one, or every failed one of a tenant in a
 * window. It is safe because processing fetches the current object and the links table makes
 * every write idempotent; the replay itself is audited.
 */
import { AppError } from '../lib/errors.js';
import { withWriteTransaction, type Store } from '../store/db.js';
import { appendAudit } from '../store/queries/audit.js';
import { getDelivery, listDeliveries, setDeliveryOutcome } from '../store/queries/deliveries.js';
import { enqueueJob } from '../store/queries/jobs.js';
import { jobForDelivery } from './job-kinds.js';

export class UnknownDeliveryError extends AppError {
  constructor(id: string) {
    super('unknown_delivery', `No delivery with id '${id}'.`, 'See `ml-connector deliveries list --tenant T`.');
  }
}

interface Replayed {
  deliveryId: string;
  jobId: number;
  previousStatus: string;
}

export async function replayDelivery(store: Store, id: string, requestedBy: string): Promise<Replayed> {
  return withWriteTransaction(store, async (tx) => {
    const delivery = await getDelivery(tx, id);
    if (!delivery) throw new UnknownDeliveryError(id);
    const jobId = await enqueueJob(tx, { ...jobForDelivery(delivery), tenantId: delivery.tenantId, deliveryId: delivery.id });
    await setDeliveryOutcome(tx, delivery.id, { status: 'received', attempts: delivery.attempts, error: delivery.lastError });
    await appendAudit(tx, {
      tenantId: delivery.tenantId,
      deliveryId: delivery.id,
      kind: 'replay.requested',
      detail: { by: requestedBy, previousStatus: delivery.status, job: jobId },
    });
    return { deliveryId: delivery.id, jobId, previousStatus: delivery.status };
  });
}

/** Replays every failed or dead delivery of a tenant received since `since` (epoch ms). */
export async function replayFailed(store: Store, tenantId: string, since: number | undefined, requestedBy: string): Promise<Replayed[]> {
  const failed = await listDeliveries(store.db, {
    tenantId,
    status: ['failed', 'dead'],
    ...(since !== undefined ? { since } : {}),
    limit: 10_000,
  });
  const out: Replayed[] = [];
  for (const delivery of failed.reverse()) out.push(await replayDelivery(store, delivery.id, requestedBy));
  return out;
}
