/**
 * The Coupa client's errors: one class per thing a caller (or a person) does differently.
 * Every message says what Coupa refused and what to do; none carries a secret: server text
 * is passed through `redactText`, and no message is ever built from a token or a secret.
 *
 * - CoupaApiError            any non-2xx answer (status + the `{"errors": {...}}` messages)
 *   - CoupaAuthError         401 / invalid_client: the client id/secret or the token was refused
 *   - CoupaScopeError        a scope the call needs is missing (invalid_scope, 403, or not granted)
 *   - CoupaNotFoundError     404 on a record
 *   - CoupaValidationError   400: Coupa refused what was sent
 *   - CoupaRateLimitedError  429 (carries Retry-After)
 *   - CoupaServerError       5xx
 * - CoupaRetriesExhaustedError  retryable failures until the tries ran out (last cause, tries)
 * - CoupaResponseError       Coupa answered 2xx with something the client cannot read exactly
 * - CoupaInputError          the caller passed something that cannot be sent (bad id, date…)
 * - CoupaPaymentConflictError a payment with the same notes but other amount/date is there
 */
import { AppError } from '../../lib/errors.js';
import { redactText } from '../../lib/redact.js';
import { ProviderApiError, type AnswerFacts } from '../errors.js';
import { isRecord } from '../json.js';

/** Where Coupa's admin pages list the OAuth clients (their scopes, id and secret). */
export const COUPA_OAUTH_CLIENTS_PAGE = 'Setup > Integrations > OAuth2/OpenID Connect Clients';

/** `{"errors": {"invoice": ["msg"]}}` flattened to "invoice: msg" lines; also RFC 6749 and XML bodies. */
export function errorMessagesOf(body: unknown, text = ''): string[] {
  const out: string[] = [];
  if (isRecord(body)) {
    const errors: unknown = body.errors;
    if (isRecord(errors)) {
      for (const [key, value] of Object.entries(errors)) {
        const list: unknown[] = Array.isArray(value) ? value : [value];
        for (const m of list) out.push(key === 'base' ? String(m) : `${key}: ${String(m)}`);
      }
    } else if (Array.isArray(errors)) {
      for (const m of errors as unknown[]) out.push(isRecord(m) && 'message' in m ? String(m.message) : String(m));
    }
    const { error, error_description: description } = body;
    if (typeof error === 'string') out.push(typeof description === 'string' && description ? `${error}: ${description}` : error);
  } else if (text.trimStart().startsWith('<')) {
    // XML: <errors><error>msg</error>…</errors>, messages sometimes in CDATA.
    for (const [, message = ''] of text.matchAll(/<error>(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?<\/error>/g)) out.push(message.trim());
  }
  return out.map((m) => redactText(m).slice(0, 500));
}

interface CoupaErrorDetails extends AnswerFacts {
  /** What Coupa said, flattened (see `errorMessagesOf`). */
  messages: string[];
}

function said(messages: string[]): string {
  return messages.length > 0 ? `: ${messages.map((m) => m.replace(/[.\s]+$/, '')).join('; ')}` : '';
}

export class CoupaApiError extends ProviderApiError {
  readonly messages: string[];

  constructor(details: CoupaErrorDetails, message?: string, hint?: string, code = 'coupa_api') {
    super(
      'coupa',
      details,
      code,
      message ?? `Coupa answered ${details.status} to ${details.method} ${details.path}${said(details.messages)}.`,
      hint ?? 'See the message; if it persists, check the record in Coupa.',
    );
    this.messages = details.messages;
  }
}

export class CoupaAuthError extends AppError {
  readonly status: number;
  constructor(
    readonly reason: 'invalid_client' | 'token_refused',
    readonly instanceUrl: string,
    readonly clientId: string,
    status: number,
    messages: string[] = [],
  ) {
    super(
      'coupa_auth',
      reason === 'invalid_client'
        ? `Coupa refused the client id/secret for client '${clientId}' at ${instanceUrl} (invalid_client).`
        : `Coupa at ${instanceUrl} refused a freshly issued access token for client '${clientId}' (HTTP ${status})${said(messages)}.`,
      reason === 'invalid_client'
        ? `Check the client id and secret of the OAuth client (Coupa: ${COUPA_OAUTH_CLIENTS_PAGE}), then connect again.`
        : 'Check that the OAuth client is active and its scopes cover this call.',
    );
    this.status = status;
  }
}

export class CoupaScopeError extends AppError {
  constructor(
    /** The scopes that are missing or refused. */
    readonly scopes: string[],
    readonly instanceUrl: string,
    readonly clientId: string,
    readonly where: 'token' | 'call',
    detail = '',
  ) {
    super(
      'coupa_scope',
      where === 'token'
        ? `Coupa at ${instanceUrl} refused scope${scopes.length === 1 ? '' : 's'} ${scopes.join(', ')} for client '${clientId}' (invalid_scope)${detail}.`
        : `Coupa at ${instanceUrl} needs scope ${scopes.join(', ')} for this call, which client '${clientId}' does not have${detail}.`,
      `Add ${scopes.length === 1 ? 'it' : 'them'} to the OAuth client in Coupa (${COUPA_OAUTH_CLIENTS_PAGE}), or connect again asking only for the scopes the client has.`,
    );
  }
}

export class CoupaNotFoundError extends CoupaApiError {
  constructor(details: CoupaErrorDetails, what: string) {
    super(
      details,
      `Coupa has no ${what} (404 on ${details.method} ${details.path}).`,
      'Check the id; the record may have been removed or be invisible to this OAuth client.',
      'coupa_not_found',
    );
  }
}

export class CoupaValidationError extends CoupaApiError {
  constructor(details: CoupaErrorDetails) {
    super(
      details,
      `Coupa refused ${details.method} ${details.path} (400)${said(details.messages)}.`,
      'Correct the data named in the message (in Coupa or in the mapping) and retry.',
      'coupa_validation',
    );
  }
}

export class CoupaRateLimitedError extends CoupaApiError {
  constructor(details: CoupaErrorDetails, retryAfterMs: number | undefined) {
    super(
      { ...details, retryAfterMs },
      `Coupa throttled ${details.method} ${details.path} (429 Too Many Requests${retryAfterMs !== undefined ? `, retry after ${Math.ceil(retryAfterMs / 1000)} s` : ''}).`,
      'Requests are paced below the limit; other integrations on the same Coupa instance may be using it up. It will be retried.',
      'coupa_rate_limited',
    );
  }
}

export class CoupaServerError extends CoupaApiError {
  constructor(details: CoupaErrorDetails, retryAfterMs: number | undefined) {
    super(
      { ...details, retryAfterMs },
      `Coupa failed on ${details.method} ${details.path} (HTTP ${details.status})${said(details.messages)}.`,
      'Coupa may be down or overloaded; it will be retried.',
      'coupa_server',
    );
  }
}

export class CoupaRetriesExhaustedError extends AppError {
  constructor(
    readonly lastError: unknown,
    readonly attempts: number,
    readonly method: string,
    readonly path: string,
  ) {
    const last =
      lastError instanceof AppError
        ? lastError.message.replace(/\.$/, '')
        : redactText(lastError instanceof Error ? lastError.message : String(lastError));
    super(
      'coupa_retries_exhausted',
      `Gave up on Coupa ${method} ${path} after ${attempts} tr${attempts === 1 ? 'y' : 'ies'}; last: ${last}.`,
      lastError instanceof AppError && lastError.hint
        ? lastError.hint
            .replace(/It will be retried\./, 'Try again later.')
            .replace(/(it|the request) will be retried( later)?\./, 'try again later.')
        : 'Try again later.',
      { cause: lastError },
    );
  }
}

export class CoupaResponseError extends AppError {
  constructor(what: string, problem: string) {
    super(
      'coupa_response',
      `Coupa sent ${what} that cannot be read exactly: ${redactText(problem)}.`,
      'Check the API Response Filter configured for this OAuth client in Coupa (it can change what every GET returns); report it if the record looks normal in Coupa.',
    );
  }
}

export class CoupaInputError extends AppError {
  constructor(message: string, hint: string) {
    super('coupa_input', message, hint);
  }
}

export class CoupaPaymentConflictError extends AppError {
  constructor(invoiceId: string, notes: string, existing: string, wanted: string) {
    super(
      'coupa_payment_conflict',
      `Coupa invoice ${invoiceId} already has a payment noted '${redactText(notes)}' (${existing}) that differs from the one to record (${wanted}); not written twice.`,
      'Someone changed one side: check the payment in Coupa and in FreshBooks and correct the wrong one.',
    );
  }
}
