/**
 * FreshBooks webhook signatures. FreshBooks does not sign the raw body: it signs the form
 * fields re-serialised the way Python's `json.dumps` writes a dict — `", "` and `": "`
 * separators, non-ASCII escaped as lowercase \uXXXX (UTF-16 units), keys in form order —
 * keyed by the callback's verifier, base64 HMAC-SHA256 (docs/api-notes.md#freshbooks-webhooks-and-their-signature).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-freshbooks-hmac-sha256';

function pythonString(s: string): string {
  // JSON.stringify already escapes quotes, backslashes and control characters as Python
  // does; Python's ensure_ascii additionally escapes DEL and everything above it.
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/**
 * The text FreshBooks signs. A repeated key keeps its first position and first value, as
 * a Python dict built from a werkzeug MultiDict does (Choice FB-53, docs/api-notes.md;
 * FreshBooks never sends repeated keys in practice).
 */
export function signedText(formBody: string): string {
  const fields = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(formBody)) if (!fields.has(k)) fields.set(k, v);
  return '{' + [...fields].map(([k, v]) => `${pythonString(k)}: ${pythonString(v)}`).join(', ') + '}';
}

export function signFreshBooks(formBody: string, verifier: string): string {
  return createHmac('sha256', Buffer.from(verifier, 'utf8')).update(signedText(formBody), 'utf8').digest('base64');
}

/** Constant-time check of the header against the expected signature. */
export function verifyFreshBooks(formBody: string, header: string | undefined, verifier: string): boolean {
  if (!header) return false;
  const expected = Buffer.from(signFreshBooks(formBody, verifier), 'utf8');
  const given = Buffer.from(header.trim(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
