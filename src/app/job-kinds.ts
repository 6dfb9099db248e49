/**
 * The kinds of job the workers run and how each is built from what arrived. The webhook
 * routes and replay both build jobs here, so a replayed delivery runs exactly like the first;
 * the workers read the payloads back here, checked, since they come out of a JSON column.
 */
import { z } from 'zod';
import { AppError } from '../lib/errors.js';
import type { Delivery } from '../store/queries/deliveries.js';
import type { NewJob } from '../store/queries/jobs.js';

const DEFAULT_MAX_ATTEMPTS = 8;

const COUPA_OBJECT_TYPES = ['supplier', 'purchase_order', 'invoice'] as const;
const FRESHBOOKS_OBJECT_TYPES = ['bill', 'bill_vendor'] as const;
type CoupaObjectType = (typeof COUPA_OBJECT_TYPES)[number];
type FreshBooksObjectType = (typeof FRESHBOOKS_OBJECT_TYPES)[number];

/** The object type a Coupa event names ("purchase_order.updated" → "purchase_order"), if it is one we sync. */
export function coupaObjectType(text: string): CoupaObjectType | undefined {
  return COUPA_OBJECT_TYPES.find((t) => t === text);
}

export function freshbooksObjectType(text: string): FreshBooksObjectType | undefined {
  return FRESHBOOKS_OBJECT_TYPES.find((t) => t === text);
}

const coupaEventPayload = z.object({ type: z.string(), id: z.string() });
const freshbooksEventPayload = z.object({ event: z.string(), objectId: z.string(), accountId: z.string().optional() });

export type CoupaEventPayload = z.infer<typeof coupaEventPayload>;
export type FreshBooksEventPayload = z.infer<typeof freshbooksEventPayload>;

export type JobSpec = Omit<NewJob, 'tenantId' | 'deliveryId'>;

/** A job or delivery whose stored content is not what this version wrote: it cannot run. */
export class BadJobError extends AppError {
  constructor(what: string) {
    super('bad_job', `${what} is not in the shape this version of ml-connector writes, so it cannot be processed.`);
  }
}

export function coupaEventJob(objectType: CoupaObjectType, payload: CoupaEventPayload, maxAttempts = DEFAULT_MAX_ATTEMPTS): JobSpec {
  return { kind: 'coupa-event', recordKey: `coupa:${objectType}:${payload.id}`, payload: { ...payload }, maxAttempts };
}

export function freshbooksEventJob(
  objectType: FreshBooksObjectType,
  payload: FreshBooksEventPayload,
  maxAttempts = DEFAULT_MAX_ATTEMPTS,
): JobSpec {
  return { kind: 'freshbooks-event', recordKey: `freshbooks:${objectType}:${payload.objectId}`, payload: { ...payload }, maxAttempts };
}

/** A poll: one incremental pass of every flow. Only one runs per tenant at a time (same record key). */
export function pollJob(): JobSpec & { kind: 'poll' } {
  return { kind: 'poll', recordKey: 'poll', payload: {}, maxAttempts: 1 };
}

/** The job that processes a stored delivery (for replay). */
export function jobForDelivery(delivery: Delivery, maxAttempts = DEFAULT_MAX_ATTEMPTS): JobSpec {
  if (delivery.source === 'coupa') {
    const objectType = coupaObjectType(delivery.objectType);
    if (!objectType) throw new BadJobError(`Delivery ${delivery.id} (object type '${delivery.objectType}')`);
    return coupaEventJob(objectType, { type: delivery.event, id: delivery.objectId }, maxAttempts);
  }
  const objectType = freshbooksObjectType(delivery.objectType);
  if (!objectType) throw new BadJobError(`Delivery ${delivery.id} (object type '${delivery.objectType}')`);
  return freshbooksEventJob(objectType, { event: delivery.event, objectId: delivery.objectId }, maxAttempts);
}

export function readCoupaEventPayload(jobId: number, payload: Record<string, unknown>): CoupaEventPayload {
  const parsed = coupaEventPayload.safeParse(payload);
  if (!parsed.success) throw new BadJobError(`The payload of job ${jobId}`);
  return parsed.data;
}

export function readFreshBooksEventPayload(jobId: number, payload: Record<string, unknown>): FreshBooksEventPayload {
  const parsed = freshbooksEventPayload.safeParse(payload);
  if (!parsed.success) throw new BadJobError(`The payload of job ${jobId}`);
  return parsed.data;
}

/** A claimed job, its payload checked for its kind: what a handler may rely on. */
export type TypedJob =
  { kind: 'coupa-event'; payload: CoupaEventPayload } | { kind: 'freshbooks-event'; payload: FreshBooksEventPayload } | { kind: 'poll' };

/** A job of a kind this version has no handler for (written by a newer version). */
export class UnknownJobError extends AppError {
  constructor(kind: string) {
    super('unknown_job', `No handler for jobs of kind '${kind}'.`, 'The job was written by a newer version; run that version’s workers.');
  }
}

/** Reads a claimed job into its kind (BadJobError for a payload not in this version's shape, UnknownJobError for a kind). */
export function readJob(job: { id: number; kind: string; payload: Record<string, unknown> }): TypedJob {
  switch (job.kind) {
    case 'coupa-event':
      return { kind: 'coupa-event', payload: readCoupaEventPayload(job.id, job.payload) };
    case 'freshbooks-event':
      return { kind: 'freshbooks-event', payload: readFreshBooksEventPayload(job.id, job.payload) };
    case 'poll':
      return { kind: 'poll' };
    default:
      throw new UnknownJobError(job.kind);
  }
}
