/**
 * An independent reading of FreshBooks' signature rule, written for the tests without looking
 * at the sandbox's implementation: Python `json.dumps` escaping done character by character
 * (no JSON.stringify), then base64 HMAC-SHA256 keyed by the verifier.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function pyLiteral(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i); // UTF-16 code unit: astral characters come out as surrogate pairs, like Python
    if (SHORT[ch]) out += SHORT[ch];
    else if (code < 0x20 || code > 0x7e) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

export function pyDumps(pairs: ReadonlyArray<readonly [string, string]>): string {
  return '{' + pairs.map(([k, v]) => `${pyLiteral(k)}: ${pyLiteral(v)}`).join(', ') + '}';
}

function expectedSignature(rawFormBody: string, verifier: string): string {
  return createHmac('sha256', verifier)
    .update(pyDumps([...new URLSearchParams(rawFormBody)]), 'utf8')
    .digest('base64');
}

/** What a receiver does: recompute and compare in constant time. */
export function verifySignature(rawFormBody: string, header: string | undefined, verifier: string): boolean {
  if (!header) return false;
  const want = Buffer.from(expectedSignature(rawFormBody, verifier));
  const got = Buffer.from(header);
  return want.length === got.length && timingSafeEqual(want, got);
}
