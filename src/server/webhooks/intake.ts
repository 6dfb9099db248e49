/**
 * What both webhook receivers share: the options, the replies, the security refusal (an audit
 * event, nothing else stored) and the durable store of an accepted delivery — inbox row, job
 * and audit events in one transaction, committed before the 2xx.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FreshBooksClient } from '../../providers/freshbooks/client.js';
import { redactStrings } from '../../lib/redact.js';
import { withWriteTransaction } from '../../store/db.js';
import { appendAudit } from '../../store/queries/audit.js';
import { countDeliveries, insertDelivery, type NewDelivery } from '../../store/queries/deliveries.js';
import type { JobSpec } from '../../app/job-kinds.js';
import type { ServerDeps } from '../app.js';
import { RETRY_AFTER_SECONDS } from './constants.js';

export interface WebhookRouteOptions {
  /** Deliveries of a tenant waiting in status `received` at which new ones get 429 (default DEFAULT_INBOX_BOUND). */
  inboxBound?: number;
  /** Largest body accepted, in bytes (default WEBHOOK_BODY_LIMIT). */
  bodyLimit?: number;
  /** Clock in epoch ms (tests move it instead of waiting). */
  now?: () => number;
  /** The FreshBooks client the handshake PUTs the verifier through (default: the tenant's stored connection). */
  freshbooksClient?: (tenantId: string) => Promise<FreshBooksClient>;
}

export interface Intake {
  deps: ServerDeps;
  inboxBound: number;
  bodyLimit: number;
  now: () => number;
}

type Source = 'freshbooks' | 'coupa';

/** Why a delivery was refused as unauthenticated; the wording goes back to the sender. */
export const REFUSAL_MESSAGES = {
  missing_signature: 'The signature header is missing.',
  bad_signature: 'The signature does not match any key of this endpoint.',
  bad_timestamp: 'webhook-timestamp is not a whole number of seconds.',
  stale_timestamp: "webhook-timestamp is more than 5 minutes away from this server's clock.",
  no_verified_callback: 'No FreshBooks callback of this tenant is verified yet, so no signature can be checked.',
  unknown_callback: 'The verification message names a callback this tenant did not register.',
  wrong_account: "The message is for another FreshBooks business than this tenant's.",
  verifier_refused: 'FreshBooks did not accept the verifier of this message.',
} as const;

export type RefusalReason = keyof typeof REFUSAL_MESSAGES;

export function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  if (Array.isArray(value)) return value[0];
  return value === undefined || value === '' ? undefined : value;
}

export function bodyText(request: FastifyRequest): string {
  return typeof request.body === 'string' ? request.body : '';
}

/** Headers as stored in the inbox and the audit trail: one string each, secrets masked. */
function storedHeaders(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return redactStrings(out);
}

export function sendError(reply: FastifyReply, status: number, code: string, message: string, retryAfterSeconds?: number): FastifyReply {
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  return reply.code(status).send({ error: { code, message } });
}

/** 401, and the only trace kept: a security audit event (no body, no header values, no key). */
export async function refuse(
  intake: Intake,
  request: FastifyRequest,
  reply: FastifyReply,
  tenantId: string,
  source: Source,
  reason: RefusalReason,
): Promise<FastifyReply> {
  const detail: Record<string, unknown> = {
    source,
    reason,
    remoteAddr: request.ip,
    method: request.method,
    path: request.url.split('?')[0],
  };
  // With --trust-proxy, request.ip follows X-Forwarded-For: the connecting peer is kept too when it differs.
  const peer = request.socket.remoteAddress;
  if (peer && peer !== request.ip) detail.peerAddr = peer;
  await appendAudit(intake.deps.store.db, { tenantId, kind: 'security.bad_signature', detail, at: intake.now() });
  intake.deps.logger.warn({ tenant: tenantId, ...detail }, 'webhook refused');
  return sendError(reply, 401, reason, `${REFUSAL_MESSAGES[reason]} Nothing was stored.`);
}

export function malformed(reply: FastifyReply, message: string): FastifyReply {
  return sendError(reply, 400, 'malformed', `${message} Nothing was stored.`);
}

/**
 * Answers 429 with Retry-After (and says true) when the tenant's inbox holds `inboxBound`
 * deliveries not yet processed. (A boolean, not the reply: a reply is thenable, so an awaited
 * one would resolve to nothing.)
 */
export async function inboxFull(intake: Intake, reply: FastifyReply, tenantId: string): Promise<boolean> {
  const waiting = await countDeliveries(intake.deps.store.db, tenantId, 'received');
  if (waiting < intake.inboxBound) return false;
  intake.deps.logger.warn({ tenant: tenantId, waiting, bound: intake.inboxBound }, 'webhook inbox full: delivery refused with 429');
  sendError(
    reply,
    429,
    'inbox_full',
    `Tenant '${tenantId}' has ${waiting} deliveries waiting to be processed (bound ${intake.inboxBound}); send this one again later. Nothing was stored.`,
    RETRY_AFTER_SECONDS,
  );
  return true;
}

interface Accepted {
  delivery: Omit<NewDelivery, 'headers' | 'body' | 'remoteAddr' | 'tenantId' | 'source'>;
  job: JobSpec;
  /** What matched (which callback, which secret) — never a key. */
  verified: Record<string, unknown>;
}

/**
 * Stores the delivery, its job and its `webhook.received` / `webhook.verified` events in one
 * transaction, then answers 200. A duplicate stores nothing new but a `webhook.duplicate` event
 * on the delivery it repeats, and gets the same 200.
 */
export async function accept(
  intake: Intake,
  request: FastifyRequest,
  reply: FastifyReply,
  tenantId: string,
  source: Source,
  accepted: Accepted,
  now = intake.now(),
): Promise<FastifyReply> {
  const headers = storedHeaders(request);
  const body = bodyText(request);
  const remoteAddr = request.ip;
  const { deps } = intake;
  const result = await withWriteTransaction(deps.store, async (tx) => {
    // Coupa's webhook-id names one message: a repeat is always a duplicate. FreshBooks' key is a
    // time window: a repeat is one only until the first is picked up (see InsertOptions).
    const coalesce = source === 'coupa' ? 'always' : 'while-pending';
    const stored = await insertDelivery(tx, { ...accepted.delivery, tenantId, source, headers, body, remoteAddr }, accepted.job, now, {
      coalesce,
    });
    const about = {
      source,
      event: accepted.delivery.event,
      objectType: accepted.delivery.objectType,
      objectId: accepted.delivery.objectId,
    };
    if (stored.duplicate) {
      await appendAudit(tx, {
        tenantId,
        deliveryId: stored.id,
        kind: 'webhook.duplicate',
        detail: { ...about, dedupeKey: accepted.delivery.dedupeKey, remoteAddr },
        at: now,
      });
    } else {
      await appendAudit(tx, [
        { tenantId, deliveryId: stored.id, kind: 'webhook.received', detail: { ...about, headers, body, remoteAddr }, at: now },
        { tenantId, deliveryId: stored.id, kind: 'webhook.verified', detail: { source, ...accepted.verified }, at: now },
      ]);
    }
    return stored;
  });
  if (!result.duplicate) deps.onEnqueued?.();
  return reply.code(200).send({ ok: true, delivery: result.id, duplicate: result.duplicate });
}
