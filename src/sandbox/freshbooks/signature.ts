/**
 * The webhook signature (docs/api-notes.md#freshbooks-webhooks-and-their-signature): base64 HMAC-SHA256, keyed by the callback's verifier,
 * over the Python `json.dumps` form of the form fields — `{"k": "v", "k2": "v2"}` with `", "`
 * and `": "` separators, keys in form order, ensure_ascii (non-ASCII and DEL as lowercase
 * \uXXXX, astral characters as surrogate pairs). NOT the raw body, NOT compact JSON, NOT hex.
 */
import { createHmac } from 'node:crypto';

export type FormPairs = ReadonlyArray<readonly [string, string]>;

/** One Python-style JSON string literal. JSON.stringify already escapes `"`, `\` and controls like Python does. */
function pythonString(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** `json.dumps(dict(pairs))` with Python's defaults. */
export function pythonJsonDumps(pairs: FormPairs): string {
  return '{' + pairs.map(([k, v]) => `${pythonString(k)}: ${pythonString(v)}`).join(', ') + '}';
}

export function signFields(pairs: FormPairs, verifier: string): string {
  return createHmac('sha256', Buffer.from(verifier, 'utf8')).update(pythonJsonDumps(pairs), 'utf8').digest('base64');
}

export function formBody(pairs: FormPairs): string {
  return new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, v])).toString();
}
