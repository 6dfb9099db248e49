/**
 * One place that decides what is a secret, used by the logger, the audit trail and error
 * messages alike, so a token cannot slip out through one of them.
 */
const SECRET_KEY =
  /(token|secret|verifier|authorization|password|passwd|api[-_]?key|cookie|signature|hmac|master[-_]?key|data[-_]?key|private)/i;
const SECRET_QUERY = /([?&](?:code|access_token|refresh_token|client_secret|token|verifier|state)=)[^&#\s"]*/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
const WHSEC = /\bwhsec_[A-Za-z0-9+/=]+/g;
const FORM_SECRET = /\b((?:client_secret|refresh_token|access_token|verifier|code)=)[^&\s"]+/gi;
/**
 * A secret written as a JSON member or a setting: `"refresh_token":"…"`, `client_secret: …`,
 * `client_secret="…"`, `'password' => '…'`. (Not `code`: as a JSON member it is an error code.)
 */
const NAMED_SECRET =
  /(["']?\b(?:client_secret|refresh_token|access_token|id_token|verifier|password|api_key|master_key|secret)\b["']?\s*(?::|=>?)\s*)(?!["']?\[redacted\])(?:"[^"]*"|'[^']*'|[^\s,;&}\]"']+)/gi;

const REDACTED = '[redacted]';

function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Masks secrets inside free text: bearer/basic credentials, signing secrets, secret query and form fields. */
export function redactText(text: string): string {
  return text
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(WHSEC, REDACTED)
    .replace(SECRET_QUERY, `$1${REDACTED}`)
    .replace(FORM_SECRET, `$1${REDACTED}`)
    .replace(NAMED_SECRET, `$1"${REDACTED}"`);
}

/**
 * A deep copy with every value under a secret-looking key masked and every string scrubbed.
 * Errors become `{name, message}`: their other fields (a response, a config) may hold anything.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 12) return REDACTED;
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v: unknown) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (value && typeof value === 'object') return redactRecord(value, depth);
  return value;
}

/** `redact` for an object, keeping the type a record (a log line, an audit detail). */
export function redactRecord(record: object, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = isSecretKey(k) && v != null && v !== '' ? REDACTED : redact(v, depth + 1);
  return out;
}

/** `redact` for a flat map of strings (HTTP headers). */
export function redactStrings(record: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) out[k] = isSecretKey(k) && v !== '' ? REDACTED : redactText(v);
  return out;
}
