/**
 * The FreshBooks client's errors: one class per thing a caller (or a person) does differently.
 * Every message says what FreshBooks refused and what to do; none carries a secret (server
 * text goes through `redactText`, and no message is built from a token or a secret).
 *
 * - FreshBooksApiError                any refusal by the API (status, errno, field, messages)
 *   - FreshBooksNotFoundError          404 / errno 1012 UnknownResource
 *   - FreshBooksValidationError        400/422 (errno 1001 RequiredField, 1004 InvalidValue, …),
 *                                      or `response.errors` in a 200
 *   - FreshBooksScopeError             403 naming the scopes the token lacks
 *   - FreshBooksUnauthorizedError      401 (token refused even after one refresh)
 *   - FreshBooksRateLimitedError       429 with the wait FreshBooks asked for
 *   - FreshBooksServerError            5xx
 * - FreshBooksOAuthError              the token endpoint refused (invalid_client, invalid_request…)
 *   - FreshBooksReauthRequiredError    invalid_grant on a refresh: a person must authorise again
 * - FreshBooksResponseError           2xx with a body the client cannot read exactly
 *
 * FreshBooks answers errors in four shapes, all parsed by `parseErrorBody`:
 * - accounting, old: `{"response":{"errors":[{"errno","field","message","object","value"}]}}`
 *   (sometimes with HTTP 200);
 * - accounting, new (google.rpc): `{"code","message","details":[{"@type":"…ErrorInfo",
 *   "reason":"1012","metadata":{"message","field","object","value"}}]}`;
 * - events: `{"errno":404,"message":"…"}`, validation `{"errno":422,"message","details":["event: …"]}`,
 *   and the older `{"code":3,"details":[{"@type":"…BadRequest","fieldViolations":[{field,description}]}]}`;
 * - OAuth / identity: `{"error":"invalid_grant","error_description":"…"}`.
 */
import { AppError } from '../../lib/errors.js';
import { redactText } from '../../lib/redact.js';

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

export interface RequestInfo {
  method: string;
  /** Path and query, already redacted. */
  path: string;
}

const clip = (text: string) => redactText(text).replace(/\s+/g, ' ').trim().slice(0, 300);

function errnoOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads any of FreshBooks' error shapes; undefined when the body carries no error. */
export function parseErrorBody(body: unknown): ParsedErrorBody | undefined {
  if (!isObject(body)) return undefined;
  const details: FreshBooksErrorDetail[] = [];

  // Accounting, old shape (also inside an HTTP 200).
  const response = body.response;
  if (isObject(response) && Array.isArray(response.errors) && response.errors.length > 0) {
    for (const e of response.errors) {
      if (isObject(e)) {
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

  const hasMessage = typeof body.message === 'string';
  const hasDetails = Array.isArray(body.details);
  const hasErrno = body.errno !== undefined;
  if (!hasMessage && !hasDetails && !hasErrno) return undefined;

  for (const d of hasDetails ? (body.details as unknown[]) : []) {
    if (typeof d === 'string') {
      // Events validation: "event: Value error, Unrecognized event."
      const m = /^([A-Za-z0-9_.[\]]+):\s*(.*)$/.exec(d);
      details.push(m ? { field: m[1], message: clip(m[2]!) } : { message: clip(d) });
    } else if (isObject(d)) {
      if (Array.isArray(d.fieldViolations)) {
        for (const v of d.fieldViolations) {
          if (isObject(v)) details.push({ field: str(v.field), message: clip(str(v.description) ?? str(v.message) ?? 'invalid value') });
        }
        continue;
      }
      const meta = isObject(d.metadata) ? d.metadata : {};
      details.push({
        errno: errnoOf(d.reason) ?? errnoOf(meta.errno),
        field: str(meta.field),
        object: str(meta.object),
        message: clip(str(meta.message) ?? str(d.message) ?? str(body.message) ?? 'unspecified error'),
      });
    }
  }
  const parsed: ParsedErrorBody = { details, message: hasMessage ? clip(body.message as string) : undefined };
  // Events family: the top-level errno is an HTTP-like code (404, 401, 422).
  if (hasErrno && details.length === 0) details.push({ errno: errnoOf(body.errno), message: parsed.message ?? 'unspecified error' });
  return parsed;
}

function describe(parsed: ParsedErrorBody | undefined): string {
  if (!parsed) return '';
  const bare = (m: string) => m.replace(/[.\s]+$/, '');
  const parts = parsed.details.map((d) => (d.field ? `${d.field}: ${bare(d.message)}` : bare(d.message)));
  if (parts.length === 0 && parsed.message) parts.push(bare(parsed.message));
  if (parsed.oauthError) return parsed.message ? `${parsed.oauthError}: ${parsed.message}` : parsed.oauthError;
  return [...new Set(parts)].join('; ');
}

export interface ApiErrorInit {
  status: number;
  request: RequestInfo;
  parsed?: ParsedErrorBody;
  message?: string;
  hint?: string;
  code?: string;
}

/** Any refusal by the FreshBooks API. */
export class FreshBooksApiError extends AppError {
  readonly status: number;
  readonly errno: number | undefined;
  readonly field: string | undefined;
  readonly details: FreshBooksErrorDetail[];
  readonly request: RequestInfo;

  constructor(init: ApiErrorInit) {
    const said = describe(init.parsed);
    super(
      init.code ?? 'freshbooks_api',
      init.message ?? `FreshBooks refused ${init.request.method} ${init.request.path} (HTTP ${init.status})${said ? `: ${said}` : ''}.`,
      init.hint ??
        'Check the request; if it keeps failing, look at FreshBooks\u2019 status page or contact its support with the time of the call.',
    );
    this.status = init.status;
    this.details = init.parsed?.details ?? [];
    const first = this.details.find((d) => d.errno !== undefined || d.field !== undefined);
    this.errno = first?.errno;
    this.field = first?.field;
    this.request = init.request;
  }
}

export class FreshBooksNotFoundError extends FreshBooksApiError {
  constructor(init: ApiErrorInit) {
    super({
      ...init,
      code: 'freshbooks_not_found',
      message:
        init.message ??
        `FreshBooks has no such record: ${init.request.method} ${init.request.path} (HTTP ${init.status}${describe(init.parsed) ? `: ${describe(init.parsed)}` : ''}).`,
      hint: init.hint ?? 'It may have been deleted in FreshBooks, or belong to another business (account id).',
    });
  }
}

export class FreshBooksValidationError extends FreshBooksApiError {
  constructor(init: ApiErrorInit) {
    super({
      ...init,
      code: 'freshbooks_validation',
      message:
        init.message ??
        `FreshBooks rejected ${init.request.method} ${init.request.path} (HTTP ${init.status}): ${describe(init.parsed) || 'invalid data'}.`,
      hint: init.hint ?? 'Correct what FreshBooks named and try again.',
    });
  }
}

const SCOPE = /\buser:[a-z_]+:(?:read|write)\b/g;

/**
 * Which scopes a 403 says are missing. FreshBooks' message "lists the scopes you have and the
 * scopes required" (exact wording UNCONFIRMED), so the text is split at words such as
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
  const walk = (value: unknown, depth = 0) => {
    if (depth > 6) return;
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach((v) => walk(v, depth + 1));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
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

export class FreshBooksScopeError extends FreshBooksApiError {
  readonly missingScopes: string[];
  constructor(init: ApiErrorInit & { missingScopes: string[] }) {
    const list = init.missingScopes.join(' ');
    super({
      ...init,
      code: 'freshbooks_scope',
      message:
        init.missingScopes.length > 0
          ? `FreshBooks token lacks scope${init.missingScopes.length > 1 ? 's' : ''} ${list} (HTTP 403 on ${init.request.method} ${init.request.path})`
          : `FreshBooks refused ${init.request.method} ${init.request.path} for lack of permission (HTTP 403${describe(init.parsed) ? `: ${describe(init.parsed)}` : ''}).`,
      hint:
        init.missingScopes.length > 0
          ? `re-authorise with ${init.missingScopes.length > 1 ? 'them' : 'it'}: enable ${list} on the app in the FreshBooks developer portal, then run \`ml-connector connect freshbooks …\` again`
          : 'Check the scopes enabled on the app in the FreshBooks developer portal and the role of the user who authorised it, then run `ml-connector connect freshbooks …` again.',
    });
    this.missingScopes = init.missingScopes;
  }
}

export class FreshBooksUnauthorizedError extends FreshBooksApiError {
  constructor(init: ApiErrorInit) {
    super({
      ...init,
      code: 'freshbooks_unauthorized',
      message:
        init.message ??
        `FreshBooks refused the access token for ${init.request.method} ${init.request.path} (HTTP 401${describe(init.parsed) ? `: ${describe(init.parsed)}` : ''}).`,
      hint: init.hint ?? 'The token was refused even after a refresh; authorise again with `ml-connector connect freshbooks …`.',
    });
  }
}

export class FreshBooksRateLimitedError extends FreshBooksApiError {
  /** How long FreshBooks asked to wait (Retry-After or X-RateLimit-Reset), when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(init: ApiErrorInit & { retryAfterMs?: number }) {
    const wait = init.retryAfterMs !== undefined ? ` for ${Math.ceil(init.retryAfterMs / 1000)} s` : '';
    super({
      ...init,
      code: 'freshbooks_rate_limited',
      message:
        init.message ??
        `FreshBooks is rate-limiting this app (HTTP 429 on ${init.request.method} ${init.request.path}); it asked to wait${wait || ' a while'}.`,
      hint: init.hint ?? 'The work is retried later on its own; if this persists, spread syncs out or lower their frequency.',
    });
    this.retryAfterMs = init.retryAfterMs;
  }
}

export class FreshBooksServerError extends FreshBooksApiError {
  constructor(init: ApiErrorInit) {
    super({
      ...init,
      code: 'freshbooks_server',
      message:
        init.message ??
        `FreshBooks failed on ${init.request.method} ${init.request.path} (HTTP ${init.status}${describe(init.parsed) ? `: ${describe(init.parsed)}` : ''}).`,
      hint: init.hint ?? 'A problem on FreshBooks\u2019 side; it is retried with backoff. If it lasts, check FreshBooks\u2019 status page.',
    });
  }
}

/** FreshBooks answered 2xx with something that cannot be read exactly. */
export class FreshBooksResponseError extends AppError {
  constructor(what: string, request?: RequestInfo) {
    super(
      'freshbooks_response',
      `FreshBooks sent an unexpected answer${request ? ` to ${request.method} ${request.path}` : ''}: ${redactText(what)}.`,
      'Check that --api-url points at the FreshBooks API (https://api.freshbooks.com); if it does, report this with the time of the call.',
    );
  }
}

/** The token endpoint refused a code exchange or a refresh. */
export class FreshBooksOAuthError extends AppError {
  readonly status: number | undefined;
  readonly oauthError: string | undefined;
  constructor(init: { status?: number; parsed?: ParsedErrorBody; message?: string; hint?: string; code?: string }) {
    const parsed = init.parsed;
    const said = parsed?.oauthError
      ? `${parsed.oauthError}${parsed.message ? ` (${parsed.message.replace(/[.\s]+$/, '')})` : ''}`
      : parsed
        ? describe(parsed)
        : '';
    super(
      init.code ?? 'freshbooks_oauth',
      init.message ?? `FreshBooks refused the token request (HTTP ${init.status ?? '?'})${said ? `: ${said}` : ''}.`,
      init.hint ?? oauthHint(parsed?.oauthError),
    );
    this.status = init.status;
    this.oauthError = parsed?.oauthError;
  }
}

function oauthHint(error: string | undefined): string {
  switch (error) {
    case 'invalid_client':
    case 'unauthorized_client':
      return 'Check --client-id and --client-secret against the app in the FreshBooks developer portal.';
    case 'invalid_grant':
      return 'The authorisation code is single-use and lives 5 minutes: run `ml-connector connect freshbooks …` again for a new one.';
    case 'invalid_scope':
      return 'Enable the requested scopes on the app in the FreshBooks developer portal.';
    default:
      return 'Check --client-id, --client-secret and --redirect-uri (it must match the app\u2019s registered redirect URI exactly).';
  }
}

/** A refresh was refused with invalid_grant (or the connection is already marked so): a person must authorise again. */
export class FreshBooksReauthRequiredError extends FreshBooksOAuthError {
  constructor(init: { status?: number; parsed?: ParsedErrorBody; message?: string; hint?: string } = {}) {
    super({
      ...init,
      parsed: init.parsed ?? { oauthError: 'invalid_grant', details: [] },
      hint: init.hint ?? 'The connection needs re-authorisation: run `ml-connector connect freshbooks --tenant <tenant> …` again.',
      code: 'freshbooks_reauth_required',
    });
  }
}
