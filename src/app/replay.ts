/**
 * Replay: any stored delivery can be run again — one, or every failed one of a tenant in a
 * window. It is safe because processing fetches the current object and the links table makes
 * every write idempotent; the replay itself is audited.
 */
import { AppError } from '../lib/errors.js';
import { withWriteTransaction, type Store } from '../store/db.js';
import { appendAudit } from '../store/queries/audit.js';
import { getDelivery, listDeliveries, setDeliveryOutcome } from '../store/queries/deliveries.js';
import { enqueueJob, notifyJobs, runOpenJobNow } from '../store/queries/jobs.js';
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
  /**
   * 'queued': a new job, to run now; 'advanced': its retry was waiting and runs now instead;
   * 'already-queued' / 'running': it was due or running already, so nothing was added.
   */
  state: 'queued' | 'advanced' | 'already-queued' | 'running';
}

/** What a person reads about a replay. */
export function describeReplay(r: Replayed): string {
  switch (r.state) {
    case 'queued':
      return `Delivery ${r.deliveryId} queued again (job ${r.jobId}; it was ${r.previousStatus}); it runs now.`;
    case 'advanced':
      return `Delivery ${r.deliveryId}: its retry (job ${r.jobId}) was waiting for its time; it runs now instead.`;
    case 'already-queued':
      return `Delivery ${r.deliveryId} is already queued (job ${r.jobId}); nothing was added.`;
    case 'running':
      return `Delivery ${r.deliveryId} is being processed right now (job ${r.jobId}); nothing was added.`;
  }
}

/**
 * Replays one delivery. A replay takes the place of a retry waiting for its time (and of a
 * replay already queued): a job runs only after every earlier job of its record, so a new job
 * behind a waiting retry would wait for the retry. Workers are told at once (`notify`).
 */
export async function replayDelivery(store: Store, id: string, requestedBy: string): Promise<Replayed> {
  const replayed = await withWriteTransaction(store, async (tx) => {
    const delivery = await getDelivery(tx, id);
    if (!delivery) throw new UnknownDeliveryError(id);
    const open = await runOpenJobNow(tx, delivery.id);
    const state: Replayed['state'] = open
      ? open.state === 'advanced'
        ? 'advanced'
        : open.state === 'running'
          ? 'running'
          : 'already-queued'
      : 'queued';
    const jobId =
      open?.jobId ?? (await enqueueJob(tx, { ...jobForDelivery(delivery), tenantId: delivery.tenantId, deliveryId: delivery.id }));
    if (state === 'queued' || state === 'advanced') {
      await setDeliveryOutcome(tx, delivery.id, { status: 'received', attempts: delivery.attempts, error: delivery.lastError });
    }
    await appendAudit(tx, {
      tenantId: delivery.tenantId,
      deliveryId: delivery.id,
      kind: 'replay.requested',
      detail: { by: requestedBy, previousStatus: delivery.status, job: jobId, state },
    });
    return { deliveryId: delivery.id, jobId, previousStatus: delivery.status, state };
  });
  if (replayed.state === 'queued' || replayed.state === 'advanced') await notifyJobs(store);
  return replayed;
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
