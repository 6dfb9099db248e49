/**
 * "Coupa pushes" (OUR CONTRACT: Coupa documents no signed event webhooks). Every create or
 * update of a supplier, PO or invoice, and an invoice becoming paid, is POSTed to each push
 * target as a Standard Webhooks delivery:
 *   webhook-id: msg_…            (the same on every retry: the receiver's dedupe key)
 *   webhook-timestamp: <unix s>   (fresh on every attempt)
 *   webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">
 * keyed by the base64-decoded part of the `whsec_…` secret. Body:
 *   {"type": "purchase_order.updated", "timestamp": "<ISO-8601 UTC>", "data": {"id": 123}}
 * (`timestamp` is the Standard Webhooks envelope field; receivers fetch the object by id.)
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { WebhookDispatcher } from '../webhook-dispatcher.js';
import type { CoupaState } from './state.js';
import type { CoupaEvent } from './types.js';

export interface PushTarget {
  url: string;
  /** `whsec_` + base64 key. */
  secret: string;
}

export class PushTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PushTargetError';
  }
}

export function generatePushSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

function secretKey(secret: string): Buffer {
  if (!secret.startsWith('whsec_')) throw new PushTargetError(`A push secret must look like whsec_<base64>, got '${secret.slice(0, 6)}…'`);
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  if (key.length < 16) throw new PushTargetError('A push secret must hold at least 16 bytes of base64-encoded key');
  return key;
}

/** `v1,<base64 HMAC-SHA256("id.timestamp.body")>` */
function signStandardWebhook(secret: string, msgId: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${msgId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

function validatePushTarget(target: PushTarget): PushTarget {
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    throw new PushTargetError(`Push target URL '${target.url}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PushTargetError(`Push target URL '${target.url}' must be http(s)`);
  secretKey(target.secret);
  return { url: target.url, secret: target.secret };
}

export class PushSender {
  private targets: PushTarget[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    state: CoupaState,
    private readonly dispatcher: WebhookDispatcher,
    private readonly now: () => number,
    targets: PushTarget[] = [],
  ) {
    this.setTargets(targets);
    this.unsubscribe = state.subscribe((event) => {
      this.send(event);
    });
  }

  setTargets(targets: PushTarget[]): PushTarget[] {
    this.targets = targets.map(validatePushTarget);
    return this.list();
  }

  addTarget(target: PushTarget): PushTarget[] {
    this.targets.push(validatePushTarget(target));
    return this.list();
  }

  list(): PushTarget[] {
    return this.targets.map((t) => ({ ...t }));
  }

  close(): void {
    this.unsubscribe();
  }

  private send(event: CoupaEvent): void {
    const body = JSON.stringify({ type: event.type, timestamp: new Date(event.at).toISOString(), data: { id: event.id } });
    for (const target of this.targets) {
      const msgId = `msg_${randomUUID().replace(/-/g, '')}`;
      this.dispatcher.send({
        url: target.url,
        label: `${event.type} ${event.id}`,
        build: () => {
          const timestamp = Math.floor(this.now() / 1000);
          return {
            headers: {
              'content-type': 'application/json',
              'user-agent': 'Coupa-Sandbox-Push/1.0',
              'webhook-id': msgId,
              'webhook-timestamp': String(timestamp),
              'webhook-signature': signStandardWebhook(target.secret, msgId, timestamp, body),
            },
            body,
          };
        },
      });
    }
  }
}
