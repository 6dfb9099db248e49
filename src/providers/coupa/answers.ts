/**
 * Coupa's answers → a JSON result or the typed error a caller acts on (errors.ts). Only the
 * transport sees responses; it hands each final one to these functions through the call's
 * `settle`.
 */
import { parseJson, type HttpResponse } from '../http.js';
import { parseRetryAfter } from '../retry.js';
import type { CallLabel } from '../transport.js';
import {
  CoupaApiError,
  CoupaAuthError,
  CoupaNotFoundError,
  CoupaRateLimitedError,
  CoupaResponseError,
  CoupaScopeError,
  CoupaServerError,
  CoupaValidationError,
  errorMessagesOf,
} from './errors.js';
import type { CoupaToken } from './token-cache.js';

/** The typed error of a non-2xx answer (a 401/403 of an API call is `refusedError`'s). */
export function statusError(res: HttpResponse, label: CallLabel, what: string, now: number): CoupaApiError {
  const details = { ...label, status: res.status, messages: errorMessagesOf(parseJson(res.text), res.text) };
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now);
  if (res.status === 429) return new CoupaRateLimitedError(details, retryAfterMs);
  if (res.status >= 500) return new CoupaServerError(details, retryAfterMs);
  if (res.status === 404) return new CoupaNotFoundError(details, what);
  if (res.status === 400 || res.status === 422) return new CoupaValidationError(details);
  return new CoupaApiError(details);
}

/** Who was calling, for the messages of a refusal. */
export interface Caller {
  readonly instanceUrl: string;
  readonly clientId: string;
}

/**
 * A 401 with a freshly renewed token, or a 403, to `request` (method and path without the
 * query): a missing scope when the token shows it (or Coupa says 403), else the credentials.
 */
export function refusedError(res: HttpResponse, request: CallLabel, token: CoupaToken, scope: string, caller: Caller): Error {
  const granted = token.scope.split(/\s+/).filter(Boolean);
  if (res.status === 403 || (granted.length > 0 && !granted.includes(scope))) {
    const detail = ` (HTTP ${res.status} on ${request.method} ${request.path})`;
    return new CoupaScopeError([scope], caller.instanceUrl, caller.clientId, 'call', detail);
  }
  const messages = errorMessagesOf(parseJson(res.text), res.text);
  return new CoupaAuthError('token_refused', caller.instanceUrl, caller.clientId, res.status, messages);
}

/** The parsed JSON body of a 2xx (undefined when Coupa sends none). */
export function jsonOf(res: HttpResponse, label: CallLabel): unknown {
  if (res.text.trim() === '') return undefined;
  const parsed = parseJson(res.text);
  if (parsed === undefined) {
    const type = res.headers.get('content-type') ?? '';
    const problem =
      /xml/i.test(type) || res.text.trimStart().startsWith('<')
        ? 'an XML body although JSON was asked for (Accept: application/json)'
        : 'a body that is not JSON';
    throw new CoupaResponseError(`the answer to ${label.method} ${label.path}`, problem);
  }
  return parsed;
}
