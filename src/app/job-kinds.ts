/**
 * The kinds of job the workers run and how each is built from what arrived. The webhook
 * routes and replay both build jobs here, so a replayed delivery runs exactly like the first.
 */
import type { Delivery } from '../store/queries/deliveries.js';
import type { NewJob } from '../store/queries/jobs.js';

export const DEFAULT_MAX_ATTEMPTS = 8;

export type CoupaObjectType = 'supplier' | 'purchase_order' | 'invoice';
export type FreshBooksObjectType = 'bill' | 'bill_vendor';

export interface CoupaEventPayload {
  type: string;
  id: string;
}

export interface FreshBooksEventPayload {
  event: string;
  objectId: string;
  accountId?: string;
}

export type JobSpec = Omit<NewJob, 'tenantId' | 'deliveryId'>;

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
export function pollJob(): JobSpec {
  return { kind: 'poll', recordKey: 'poll', payload: {}, maxAttempts: 1 };
}

/** The job that processes a stored delivery (for replay). */
export function jobForDelivery(delivery: Delivery, maxAttempts = DEFAULT_MAX_ATTEMPTS): JobSpec {
  if (delivery.source === 'coupa')
    return coupaEventJob(delivery.objectType as CoupaObjectType, { type: delivery.event, id: delivery.objectId }, maxAttempts);
  return freshbooksEventJob(
    delivery.objectType as FreshBooksObjectType,
    { event: delivery.event, objectId: delivery.objectId },
    maxAttempts,
  );
}
