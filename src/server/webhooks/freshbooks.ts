/**
 * `POST /webhooks/freshbooks/{tenant}` — FreshBooks callbacks (form bodies).
 *
 * - `name=callback.verify`: the handshake. The callback must be one this tenant registered (in
 *   the store, or — when the message outruns `webhooks register` — listed by FreshBooks under the
 *   tenant's business with a URI ending in this path), for the tenant's business. Its verifier is
 *   PUT back to FreshBooks; only once FreshBooks accepts it is it kept, sealed, as the
 *   callback's key. 200 then; 401 (and a security audit event) for anything else; 503 when
 *   FreshBooks cannot be reached (the message can be sent again).
 * - any other name: an event. Its `X-FreshBooks-Hmac-SHA256` must match the Python-json.dumps
 *   signature under the verifier of one of the tenant's verified callbacks (constant time), or
 *   401. Then the form is checked (400), the inbox bound (429), and the delivery is stored
 *   with its job before the 200. FreshBooks signs no timestamp: the dedupe key is
 *   `<callback>:<name>:<object_id>:<minute window>`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.js';
import { freshbooksWebhookPath, FRESHBOOKS_WEBHOOK_PATH } from '../../app/endpoints.js';
import { freshbooksClientFor } from '../../app/freshbooks-client.js';
import { FreshBooksNotFoundError, FreshBooksValidationError } from '../../providers/freshbooks/errors.js';
import type { Callback } from '../../providers/freshbooks/callbacks.js';
import { SIGNATURE_HEADER, verifyFreshBooks } from '../../providers/freshbooks/webhook.js';
import type { RetryPolicy } from '../../providers/retry.js';
import { withWriteTransaction } from '../../store/db.js';
import { appendAudit } from '../../store/queries/audit.js';
import { getCredential } from '../../store/queries/credentials.js';
import { getCallback, listCallbackKeys, markCallbackVerified, type StoredCallback } from '../../store/queries/freshbooks-callbacks.js';
import { findTenant } from '../../store/queries/tenants.js';
import { freshbooksEventJob, freshbooksObjectType } from '../../app/job-kinds.js';
import { FRESHBOOKS_DEDUPE_WINDOW_MS, RETRY_AFTER_SECONDS } from './constants.js';
import {
  accept,
  bodyText,
  header,
  inboxFull,
  malformed,
  refuse,
  sendError,
  type Intake,
  type RefusalReason,
  type WebhookRouteOptions,
} from './intake.js';
import { openVerifier, sealVerifier } from '../../app/webhook-secrets.js';

/** The handshake answers while FreshBooks waits: a couple of quick tries, never the long schedule. */
const HANDSHAKE_RETRY: RetryPolicy = { maxAttempts: 2, baseDelayMs: 250, maxDelayMs: 2_000 };
const HANDSHAKE_TIMEOUT_MS = 5_000;

const EVENT = /^(bill|bill_vendor)\.(create|update|delete)$/;
const NUMERIC_ID = /^\d{1,20}$/;

/** The form fields; a repeated key keeps its first value (as the signature rule reads them). */
function formFields(body: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(body)) if (!fields.has(k)) fields.set(k, v);
  return fields;
}

/** What came of asking FreshBooks to accept a verifier. */
type Confirmation = { callback: Callback } | { refused: RefusalReason } | { unavailable: true };

/** The `code` of an error (ours, or a Node system error), for the log. */
function errorCode(err: unknown): string | undefined {
  if (err instanceof AppError) return err.code;
  if (err instanceof Error && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

/** Does a callback's URI lead to this tenant's FreshBooks endpoint (whatever host or path prefix is in front)? */
function pointsAtTenant(uri: string, tenantId: string): boolean {
  try {
    return new URL(uri).pathname.replace(/\/+$/, '').endsWith(freshbooksWebhookPath(tenantId));
  } catch {
    return false;
  }
}

export function freshbooksWebhookRoute(scope: FastifyInstance, intake: Intake, options: WebhookRouteOptions): void {
  const { store, vault, logger } = intake.deps;
  const clientFor =
    options.freshbooksClient ??
    ((tenantId: string) => freshbooksClientFor({ store, vault, tenantId }, { retry: HANDSHAKE_RETRY, timeoutMs: HANDSHAKE_TIMEOUT_MS }));

  /** Asks FreshBooks to accept the verifier of a callback this tenant registered. */
  async function confirm(tenantId: string, callbackId: string, verifier: string): Promise<Confirmation> {
    try {
      const client = await clientFor(tenantId);
      if (!(await getCallback(store.db, tenantId, callbackId))) {
        // The message can arrive before `webhooks register` has stored the callback it just made.
        const remote = await client.callbacks.get(callbackId);
        if (!pointsAtTenant(remote.uri, tenantId)) return { refused: 'unknown_callback' };
      }
      return { callback: await client.callbacks.verify(callbackId, verifier) };
    } catch (err) {
      if (err instanceof FreshBooksNotFoundError) return { refused: 'unknown_callback' };
      if (err instanceof FreshBooksValidationError) return { refused: 'verifier_refused' };
      // Only the kind of failure is logged: a FreshBooks error may quote what it was sent.
      logger.warn(
        { tenant: tenantId, callback: callbackId, error: err instanceof Error ? err.name : typeof err, code: errorCode(err) },
        'FreshBooks callback verification could not be completed',
      );
      return { unavailable: true };
    }
  }

  async function handshake(
    request: FastifyRequest,
    reply: FastifyReply,
    tenantId: string,
    accountId: string,
    fields: Map<string, string>,
  ): Promise<FastifyReply> {
    const callbackId = fields.get('object_id') ?? '';
    const verifier = fields.get('verifier') ?? '';
    if (!NUMERIC_ID.test(callbackId) || verifier === '')
      return malformed(reply, 'A callback.verify message needs object_id (the callback id) and verifier.');
    if (fields.get('account_id') !== accountId) return refuse(intake, request, reply, tenantId, 'freshbooks', 'wrong_account');
    // Choice FB-52 (docs/api-notes.md): the message may come unsigned; a signature, when sent, must hold.
    const signature = header(request, SIGNATURE_HEADER);
    if (signature !== undefined && !verifyFreshBooks(bodyText(request), signature, verifier))
      return refuse(intake, request, reply, tenantId, 'freshbooks', 'bad_signature');

    const confirmation = await confirm(tenantId, callbackId, verifier);
    if ('refused' in confirmation) return refuse(intake, request, reply, tenantId, 'freshbooks', confirmation.refused);
    if (!('callback' in confirmation)) {
      return sendError(
        reply,
        503,
        'freshbooks_unavailable',
        'FreshBooks could not be reached to complete the verification; send it again later.',
        RETRY_AFTER_SECONDS,
      );
    }
    const confirmed = confirmation.callback;
    const verifierSealed = await sealVerifier({ store, vault, tenantId }, callbackId, verifier);
    const now = intake.now();
    await withWriteTransaction(store, async (tx) => {
      await markCallbackVerified(tx, { tenantId, callbackId, event: confirmed.event, uri: confirmed.uri, verifierSealed }, now);
      await appendAudit(tx, {
        tenantId,
        kind: 'webhook.callback_verified',
        detail: { source: 'freshbooks', callbackId, event: confirmed.event, uri: confirmed.uri, remoteAddr: request.ip },
        at: now,
      });
    });
    logger.info({ tenant: tenantId, callback: callbackId, event: confirmed.event }, 'FreshBooks callback verified');
    return reply.code(200).send({ ok: true, verified: callbackId });
  }

  /** The verified callback whose verifier signs this body; every key is tried, each in constant time. */
  async function signer(tenantId: string, body: string, signature: string): Promise<{ callback?: StoredCallback; keys: number }> {
    const keys = await listCallbackKeys(store.db, tenantId);
    let found: StoredCallback | undefined;
    for (const cb of keys) {
      const verifier = await openVerifier({ store, vault, tenantId }, cb.callbackId, cb.verifierSealed);
      if (verifyFreshBooks(body, signature, verifier) && !found) found = cb;
    }
    return { callback: found, keys: keys.length };
  }

  scope.post<{ Params: { tenant: string } }>(FRESHBOOKS_WEBHOOK_PATH, { bodyLimit: intake.bodyLimit }, async (request, reply) => {
    const tenantId = request.params.tenant;
    if (!(await findTenant(store.db, tenantId))) return sendError(reply, 404, 'unknown_tenant', `Unknown tenant '${tenantId}'.`);
    const credential = await getCredential(store.db, tenantId, 'freshbooks');
    if (!credential)
      return sendError(
        reply,
        404,
        'not_configured',
        `Tenant '${tenantId}' has no FreshBooks connection, so it takes no FreshBooks webhooks.`,
      );
    const accountId = typeof credential.meta.accountId === 'string' ? credential.meta.accountId : '';
    const body = bodyText(request);
    const fields = formFields(body);
    if (fields.get('name') === 'callback.verify') return handshake(request, reply, tenantId, accountId, fields);

    const signature = header(request, SIGNATURE_HEADER);
    if (signature === undefined) return refuse(intake, request, reply, tenantId, 'freshbooks', 'missing_signature');
    const { callback, keys } = await signer(tenantId, body, signature);
    if (!callback) return refuse(intake, request, reply, tenantId, 'freshbooks', keys === 0 ? 'no_verified_callback' : 'bad_signature');

    const name = fields.get('name') ?? '';
    const event = EVENT.exec(name);
    if (!event)
      return malformed(
        reply,
        name === '' ? 'The form has no name field.' : `'${name}' is not an event this endpoint takes (bill.* and bill_vendor.* only).`,
      );
    const objectId = fields.get('object_id') ?? '';
    if (!NUMERIC_ID.test(objectId)) return malformed(reply, `object_id must be a FreshBooks id (digits); got '${objectId.slice(0, 40)}'.`);
    const messageAccount = fields.get('account_id') ?? '';
    if (messageAccount !== accountId)
      return malformed(reply, `account_id '${messageAccount.slice(0, 40)}' is not the FreshBooks business of tenant '${tenantId}'.`);

    if (await inboxFull(intake, reply, tenantId)) return reply;
    const objectType = freshbooksObjectType(event[1] ?? '');
    if (!objectType) return malformed(reply, `'${name}' is not an event this endpoint takes (bill.* and bill_vendor.* only).`);
    const now = intake.now();
    const window = Math.floor(now / FRESHBOOKS_DEDUPE_WINDOW_MS);
    return accept(
      intake,
      request,
      reply,
      tenantId,
      'freshbooks',
      {
        delivery: { dedupeKey: `${callback.callbackId}:${name}:${objectId}:${window}`, event: name, objectType, objectId },
        job: freshbooksEventJob(objectType, { event: name, objectId, accountId }),
        verified: { callbackId: callback.callbackId, callbackEvent: callback.event },
      },
      now,
    );
  });
}
