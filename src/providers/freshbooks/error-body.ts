/**
 * FreshBooks answers errors in four shapes, all read by `parseErrorBody`:
 * - accounting, old: `{"response":{"errors":[{"errno","field","message","object","value"}]}}`
 *   (sometimes with HTTP 200);
 * - accounting, new (google.rpc): `{"code","message","details":[{"@type":"…ErrorInfo",
 *   "reason":"1012","metadata":{"message","field","object","value"}}]}`;
 * - events: `{"errno":404,"message":"…"}`, validation `{"errno":422,"message","details":["event: …"]}`,
 *   and the older `{"code":3,"details":[{"@type":"…BadRequest","fieldViolations":[{field,description}]}]}`;
 * - OAuth / identity: `{"error":"invalid_grant","error_description":"…"}`.
 * Every text taken from a body goes through `redactText`.
 */
import { redactText } from '../../lib/redact.js';
import { isRecord } from '../json.js';

/** One problem FreshBooks reported. */
export interface FreshBooksErrorDetail {
  errno?: number;
  field?: string;
  message: string;
  object?: string;
}

/** What was read out of an error body. */
export interface ParsedErrorBody {
  /** `error` of an OAuth-style body (invalid_grant, unauthenticated, …). */
  oauthError?: string;
  /** The top-level message (google.rpc / events `message`, OAuth `error_description`). */
  message?: string;
  details: FreshBooksErrorDetail[];
}

const clip = (text: string) => redactText(text).replace(/\s+/g, ' ').trim().slice(0, 300);

function errnoOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Reads any of FreshBooks' error shapes; undefined when the body carries no error. */
export function parseErrorBody(body: unknown): ParsedErrorBody | undefined {
  if (!isRecord(body)) return undefined;
  const details: FreshBooksErrorDetail[] = [];

  // Accounting, old shape (also inside an HTTP 200).
  const response = body.response;
  if (isRecord(response) && Array.isArray(response.errors) && response.errors.length > 0) {
    for (const e of response.errors) {
      if (isRecord(e)) {
        details.push({
          errno: errnoOf(e.errno),
          field: str(e.field),
          object: str(e.object),
          message: clip(str(e.message) ?? 'unspecified error'),
        });
      } else details.push({ message: clip(String(e)) });
    }
    return { details };
  }

  // OAuth / identity shape.
  if (typeof body.error === 'string') {
    const description = str(body.error_description);
    return { oauthError: body.error, message: description ? clip(description) : undefined, details };
  }

  const topMessage = typeof body.message === 'string' ? body.message : undefined;
  const hasErrno = body.errno !== undefined;
  if (topMessage === undefined && !Array.isArray(body.details) && !hasErrno) return undefined;

  const listed: unknown[] = Array.isArray(body.details) ? body.details : [];
  for (const d of listed) {
    if (typeof d === 'string') {
      // Events validation: "event: Value error, Unrecognized event."
      const m = /^([A-Za-z0-9_.[\]]+):\s*(.*)$/.exec(d);
      const [, field, message] = m ?? [];
      details.push(field !== undefined && message !== undefined ? { field, message: clip(message) } : { message: clip(d) });
    } else if (isRecord(d)) {
      if (Array.isArray(d.fieldViolations)) {
        for (const v of d.fieldViolations) {
          if (isRecord(v)) details.push({ field: str(v.field), message: clip(str(v.description) ?? str(v.message) ?? 'invalid value') });
        }
        continue;
      }
      const meta = isRecord(d.metadata) ? d.metadata : {};
      details.push({
        errno: errnoOf(d.reason) ?? errnoOf(meta.errno),
        field: str(meta.field),
        object: str(meta.object),
        message: clip(str(meta.message) ?? str(d.message) ?? str(body.message) ?? 'unspecified error'),
      });
    }
  }
  const parsed: ParsedErrorBody = { details, message: topMessage !== undefined ? clip(topMessage) : undefined };
  // Events family: the top-level errno is an HTTP-like code (404, 401, 422).
  if (hasErrno && details.length === 0) details.push({ errno: errnoOf(body.errno), message: parsed.message ?? 'unspecified error' });
  return parsed;
}

export function describeErrorBody(parsed: ParsedErrorBody | undefined): string {
  if (!parsed) return '';
  const bare = (m: string) => m.replace(/[.\s]+$/, '');
  const parts = parsed.details.map((d) => (d.field ? `${d.field}: ${bare(d.message)}` : bare(d.message)));
  if (parts.length === 0 && parsed.message) parts.push(bare(parsed.message));
  if (parsed.oauthError) return parsed.message ? `${parsed.oauthError}: ${parsed.message}` : parsed.oauthError;
  return [...new Set(parts)].join('; ');
}

const SCOPE = /\buser:[a-z_]+:(?:read|write)\b/g;

/**
 * Which scopes a 403 says are missing. FreshBooks' message "lists the scopes you have and the
 * scopes required" (Choice FB-12, docs/api-notes.md: exact wording unknown), so the text is split at words such as
 * "required"/"needs" and "have"/"granted"; structured metadata keys are read the same way.
 * `granted` (the token's own scope list) is subtracted when known.
 */
export function missingScopesFrom(body: unknown, text: string, granted: readonly string[] = []): string[] {
  const required = new Set<string>();
  const had = new Set<string>(granted);
  const mentioned = new Set<string>();
  const explicitMissing = new Set<string>();

  const classify = (key: string, value: unknown) => {
    const scopes = JSON.stringify(value ?? '').match(SCOPE) ?? [];
    if (scopes.length === 0) return;
    if (/missing|lack/i.test(key)) scopes.forEach((s) => explicitMissing.add(s));
    else if (/requir|need/i.test(key)) scopes.forEach((s) => required.add(s));
    else if (/grant|have|has|current|token|given/i.test(key)) scopes.forEach((s) => had.add(s));
  };
  const strings: string[] = [];
  const walk = (value: unknown, depth = 0): void => {
    if (depth > 6) return;
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) for (const v of value) walk(v, depth + 1);
    else if (isRecord(value)) {
      for (const [k, v] of Object.entries(value)) {
        classify(k, v);
        walk(v, depth + 1);
      }
    }
  };
  if (body !== undefined) walk(body);
  else strings.push(text);

  // Free text, sentence by sentence: "This request requires: user:bills:write. Your token has: user:bills:read."
  for (const sentence of strings.flatMap((t) => t.split(/(?<=\.)\s+/))) {
    for (const seg of sentence.split(/(?=\b(?:missing|lacks?|requires?|required|needs?|needed|have|has|granted|current)\b)/i)) {
      const scopes = seg.match(SCOPE) ?? [];
      scopes.forEach((s) => mentioned.add(s));
      if (/^(missing|lack)/i.test(seg)) scopes.forEach((s) => explicitMissing.add(s));
      else if (/^(requir|need)/i.test(seg)) scopes.forEach((s) => required.add(s));
      else if (/^(have|has|granted|current)/i.test(seg)) scopes.forEach((s) => had.add(s));
    }
  }
  if (explicitMissing.size > 0) return [...explicitMissing].sort();
  const wanted = required.size > 0 ? required : mentioned;
  return [...wanted].filter((s) => !had.has(s)).sort();
}
