/**
 * `POST /webhooks/coupa/{tenant}` — Coupa pushes, Standard Webhooks style: `webhook-id`,
 * `webhook-timestamp` (within 5 minutes either way), `webhook-signature: v1,<base64 HMAC of
 * "id.timestamp.body">` under the tenant's current push secret or a previous one still in its
 * rotation grace. Checked on the raw body before anything is parsed (401 otherwise, with a
 * security audit event); then the JSON `{"type": "invoice.updated", "data": {"id": 123}}`
 * (400), the inbox bound (429), and the delivery is stored with its job before the 200. The
 * `webhook-id` is the dedupe key: a retry of the same message is stored once.
 */
import type { FastifyInstance } from 'fastify';
import { verifyPush, type PushVerdict } from '../../providers/coupa/webhook.js';
import { findTenant } from '../../store/queries/tenants.js';
import { coupaEventJob, coupaObjectType } from '../../app/job-kinds.js';
import { COUPA_WEBHOOK_PATH } from '../../app/endpoints.js';
import { COUPA_EVENT_TYPES } from './constants.js';
import { accept, bodyText, header, inboxFull, malformed, refuse, sendError, type Intake, type RefusalReason } from './intake.js';
import { acceptedCoupaPushSecrets, type PushSecret } from '../../app/webhook-secrets.js';

const MAX_WEBHOOK_ID = 256;

const REASONS: Record<Exclude<PushVerdict, { ok: true }>['reason'], RefusalReason> = {
  missing_headers: 'missing_signature',
  bad_timestamp: 'bad_timestamp',
  stale_timestamp: 'stale_timestamp',
  bad_signature: 'bad_signature',
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** `data.id` as the string id the job carries, or undefined when it is not a Coupa id. */
function objectIdOf(data: unknown): string | undefined {
  if (!isObject(data)) return undefined;
  const id = data.id;
  if (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) return String(id);
  if (typeof id === 'string' && /^\d{1,20}$/.test(id)) return id;
  return undefined;
}

export function coupaWebhookRoute(scope: FastifyInstance, intake: Intake): void {
  const { store, vault } = intake.deps;

  scope.post<{ Params: { tenant: string } }>(COUPA_WEBHOOK_PATH, { bodyLimit: intake.bodyLimit }, async (request, reply) => {
    const tenantId = request.params.tenant;
    if (!(await findTenant(store.db, tenantId))) return sendError(reply, 404, 'unknown_tenant', `Unknown tenant '${tenantId}'.`);
    const now = intake.now();
    const secrets = await acceptedCoupaPushSecrets({ store, vault, tenantId }, now);
    if (secrets.length === 0) {
      return sendError(
        reply,
        404,
        'not_configured',
        `Tenant '${tenantId}' has no Coupa push secret yet, so it takes no Coupa pushes (see \`ml-connector webhooks show --tenant ${tenantId}\`).`,
      );
    }

    const body = bodyText(request);
    const webhookId = header(request, 'webhook-id');
    const headers = {
      'webhook-id': webhookId,
      'webhook-timestamp': header(request, 'webhook-timestamp'),
      'webhook-signature': header(request, 'webhook-signature'),
    };
    let matched: PushSecret | undefined;
    let verdict: Exclude<PushVerdict, { ok: true }> = { ok: false, reason: 'bad_signature' };
    for (const secret of secrets) {
      const v = verifyPush([secret.secret], headers, body, Math.floor(now / 1000));
      if (v.ok) matched ??= secret;
      else verdict = v;
    }
    if (!matched || !webhookId) return refuse(intake, request, reply, tenantId, 'coupa', REASONS[verdict.reason]);

    if (webhookId.length > MAX_WEBHOOK_ID) return malformed(reply, `webhook-id is longer than ${MAX_WEBHOOK_ID} characters.`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return malformed(reply, 'The body is not JSON.');
    }
    const push = isObject(parsed) ? parsed : {};
    const type = push.type;
    if (typeof type !== 'string') return malformed(reply, 'The body has no "type" (e.g. "invoice.updated").');
    if (!(COUPA_EVENT_TYPES as readonly string[]).includes(type))
      return malformed(reply, `'${type.slice(0, 60)}' is not a push type this endpoint takes (${COUPA_EVENT_TYPES.join(', ')}).`);
    const id = objectIdOf(push.data);
    if (id === undefined) return malformed(reply, 'The body has no "data": {"id": …} with a Coupa id (a positive whole number).');

    if (await inboxFull(intake, reply, tenantId)) return reply;
    const objectType = coupaObjectType(type.slice(0, type.lastIndexOf('.')));
    if (!objectType) return malformed(reply, `'${type.slice(0, 60)}' is not a push type this endpoint takes.`);
    return accept(
      intake,
      request,
      reply,
      tenantId,
      'coupa',
      {
        delivery: { dedupeKey: webhookId, event: type, objectType, objectId: id },
        job: coupaEventJob(objectType, { type, id }),
        verified: { webhookId, keyId: matched.id, keyStatus: matched.expiresAt === null ? 'current' : 'previous' },
      },
      now,
    );
  });
}
