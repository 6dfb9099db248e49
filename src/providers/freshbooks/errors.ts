/**
 * The FreshBooks client's errors: one class per thing a caller (or a person) does differently.
 * Every message says what FreshBooks refused and what to do; none carries a secret (server
 * text goes through `redactText`, and no message is built from a token or a secret). The
 * shapes FreshBooks writes its errors in are read by error-body.ts.
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
 */
import { AppError } from '../../lib/errors.js';
import { redactText } from '../../lib/redact.js';
import { ProviderApiError } from '../errors.js';
import type { CallLabel } from '../transport.js';
import { describeErrorBody, type FreshBooksErrorDetail, type ParsedErrorBody } from './error-body.js';

interface ApiErrorInit {
  status: number;
  /** The request answered: method and redacted path. */
  request: CallLabel;
  parsed?: ParsedErrorBody | undefined;
  message?: string;
  hint?: string;
  code?: string;
  retryAfterMs?: number | undefined;
}

function saidIn(parsed: ParsedErrorBody | undefined, before: string): string {
  const said = describeErrorBody(parsed);
  return said ? `${before}${said}` : '';
}

/** Any refusal by the FreshBooks API. */
export class FreshBooksApiError extends ProviderApiError {
  readonly errno: number | undefined;
  readonly field: string | undefined;
  readonly details: FreshBooksErrorDetail[];

  constructor(init: ApiErrorInit) {
    const { method, path } = init.request;
    super(
      'freshbooks',
      { status: init.status, method, path, retryAfterMs: init.retryAfterMs },
      init.code ?? 'freshbooks_api',
      init.message ?? `FreshBooks refused ${method} ${path} (HTTP ${init.status})${saidIn(init.parsed, ': ')}.`,
      init.hint ??
        'Check the request; if it keeps failing, look at FreshBooks\u2019 status page or contact its support with the time of the call.',
    );
    this.details = init.parsed?.details ?? [];
    const first = this.details.find((d) => d.errno !== undefined || d.field !== undefined);
    this.errno = first?.errno;
    this.field = first?.field;
  }
}

export class FreshBooksNotFoundError extends FreshBooksApiError {
  constructor(init: ApiErrorInit) {
    super({
      ...init,
      code: 'freshbooks_not_found',
      message:
        init.message ??
        `FreshBooks has no such record: ${init.request.method} ${init.request.path} (HTTP ${init.status}${saidIn(init.parsed, ': ')}).`,
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
        `FreshBooks rejected ${init.request.method} ${init.request.path} (HTTP ${init.status}): ${describeErrorBody(init.parsed) || 'invalid data'}.`,
      hint: init.hint ?? 'Correct what FreshBooks named and try again.',
    });
  }
}

export class FreshBooksScopeError extends FreshBooksApiError {
  readonly missingScopes: string[];
  constructor(init: ApiErrorInit & { missingScopes: string[] }) {
    const list = init.missingScopes.join(' ');
    const { method, path } = init.request;
    super({
      ...init,
      code: 'freshbooks_scope',
      message:
        init.missingScopes.length > 0
          ? `FreshBooks token lacks scope${init.missingScopes.length > 1 ? 's' : ''} ${list} (HTTP 403 on ${method} ${path})`
          : `FreshBooks refused ${method} ${path} for lack of permission (HTTP 403${saidIn(init.parsed, ': ')}).`,
      hint:
        init.missingScopes.length > 0
          ? `re-authorise with ${init.missingScopes.length > 1 ? 'them' : 'it'}: enable ${list} on the app in the FreshBooks developer portal, then authorise the connection again`
          : 'Check the scopes enabled on the app in the FreshBooks developer portal and the role of the user who authorised it, then authorise the connection again.',
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
        `FreshBooks refused the access token for ${init.request.method} ${init.request.path} (HTTP 401${saidIn(init.parsed, ': ')}).`,
      hint: init.hint ?? 'The token was refused even after a refresh; the connection must be authorised again.',
    });
  }
}

export class FreshBooksRateLimitedError extends FreshBooksApiError {
  constructor(init: ApiErrorInit) {
    const wait = init.retryAfterMs !== undefined ? ` for ${Math.ceil(init.retryAfterMs / 1000)} s` : '';
    super({
      ...init,
      code: 'freshbooks_rate_limited',
      message:
        init.message ??
        `FreshBooks is rate-limiting this app (HTTP 429 on ${init.request.method} ${init.request.path}); it asked to wait${wait || ' a while'}.`,
      hint: init.hint ?? 'The work is retried later on its own; if this persists, spread syncs out or lower their frequency.',
    });
  }
}

export class FreshBooksServerError extends FreshBooksApiError {
  constructor(init: ApiErrorInit) {
    super({
      ...init,
      code: 'freshbooks_server',
      message:
        init.message ??
        `FreshBooks failed on ${init.request.method} ${init.request.path} (HTTP ${init.status}${saidIn(init.parsed, ': ')}).`,
      hint: init.hint ?? 'A problem on FreshBooks\u2019 side; it is retried with backoff. If it lasts, check FreshBooks\u2019 status page.',
    });
  }
}

/** FreshBooks answered 2xx with something that cannot be read exactly. */
export class FreshBooksResponseError extends AppError {
  constructor(what: string, request?: CallLabel) {
    super(
      'freshbooks_response',
      `FreshBooks sent an unexpected answer${request ? ` to ${request.method} ${request.path}` : ''}: ${redactText(what)}.`,
      'Check that the API URL of the connection points at the FreshBooks API (https://api.freshbooks.com); if it does, report this with the time of the call.',
    );
  }
}

interface OAuthErrorInit {
  status?: number;
  parsed?: ParsedErrorBody | undefined;
  message?: string;
  hint?: string;
}

/** The token endpoint refused a code exchange or a refresh. */
export class FreshBooksOAuthError extends AppError {
  readonly status: number | undefined;
  readonly oauthError: string | undefined;
  constructor(init: OAuthErrorInit & { code?: string }) {
    const parsed = init.parsed;
    const said = parsed?.oauthError
      ? `${parsed.oauthError}${parsed.message ? ` (${parsed.message.replace(/[.\s]+$/, '')})` : ''}`
      : describeErrorBody(parsed);
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
      return 'Check the client id and client secret against the app in the FreshBooks developer portal.';
    case 'invalid_grant':
      return 'The authorisation code is single-use and lives 5 minutes: start the authorisation again for a new one.';
    case 'invalid_scope':
      return 'Enable the requested scopes on the app in the FreshBooks developer portal.';
    default:
      return 'Check the client id, the client secret and the redirect URI (it must match the app\u2019s registered redirect URI exactly).';
  }
}

/** A refresh was refused with invalid_grant (or the connection is already marked so): a person must authorise again. */
export class FreshBooksReauthRequiredError extends FreshBooksOAuthError {
  constructor(init: OAuthErrorInit = {}) {
    super({
      ...init,
      parsed: init.parsed ?? { oauthError: 'invalid_grant', details: [] },
      hint: init.hint ?? 'A person must authorise the connection again; a refresh cannot help.',
      code: 'freshbooks_reauth_required',
    });
  }
}
