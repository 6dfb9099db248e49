/**
 * Coupa pushes follow Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">` keyed by the base64 part of a `whsec_…` secret, a timestamp within
 * five minutes either way, several signatures (and several secrets during rotation) allowed.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const TOLERANCE_SECONDS = 5 * 60;

export type PushVerdict = { ok: true } | { ok: false; reason: 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature' };

export function generateSecret(): string {
  return 'whsec_' + randomBytes(24).toString('base64');
}

function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}

export function signPush(secret: string, id: string, timestamp: number, body: string): string {
  return 'v1,' + createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
}

interface PushHeaders {
  'webhook-id'?: string | undefined;
  'webhook-timestamp'?: string | undefined;
  'webhook-signature'?: string | undefined;
}

export function verifyPush(secrets: string[], headers: PushHeaders, body: string, nowSeconds: number): PushVerdict {
  const id = headers['webhook-id'];
  const stamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !stamp || !signatures) return { ok: false, reason: 'missing_headers' };
  if (!/^\d+$/.test(stamp)) return { ok: false, reason: 'bad_timestamp' };
  const timestamp = Number(stamp);
  if (Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS) return { ok: false, reason: 'stale_timestamp' };
  // Space-delimited, as Standard Webhooks sends them; a repeated header arrives joined with ", "
  // (Node's way), so a token may carry a trailing comma.
  const given = signatures
    .split(/\s+/)
    .map((s) => s.replace(/,+$/, ''))
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s, 'utf8'));
  for (const secret of secrets) {
    const expected = Buffer.from(signPush(secret, id, timestamp, body), 'utf8');
    if (given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) return { ok: true };
  }
  return { ok: false, reason: 'bad_signature' };
}
