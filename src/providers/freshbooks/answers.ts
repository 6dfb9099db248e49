/**
 * FreshBooks' answers → a JSON body or the typed error a caller acts on (errors.ts). Only the
 * transport sees responses; it hands each final one to `readAnswer` through the call's
 * `settle`. The old accounting shape may report errors inside an HTTP 200: those are errors
 * too.
 */
import { parseJson, type HttpResponse } from '../http.js';
import { isRecord } from '../json.js';
import { parseRetryAfter } from '../retry.js';
import type { CallLabel } from '../transport.js';
import { missingScopesFrom, parseErrorBody, type ParsedErrorBody } from './error-body.js';
import {
  FreshBooksApiError,
  FreshBooksNotFoundError,
  FreshBooksRateLimitedError,
  FreshBooksResponseError,
  FreshBooksScopeError,
  FreshBooksServerError,
  FreshBooksUnauthorizedError,
  FreshBooksValidationError,
} from './errors.js';
import type { FreshBooksTokens } from './tokens.js';

/** errno FreshBooks uses for "no such record" (UnknownResource), whatever the status. */
const UNKNOWN_RESOURCE = 1012;

/** The JSON body of a 2xx (undefined for 204 or an empty body); any refusal thrown as its typed error. */
export function readAnswer(res: HttpResponse, request: CallLabel, tokens: FreshBooksTokens, now: number): unknown {
  const body = parseJson(res.text);
  if (res.status >= 200 && res.status < 300) {
    if (res.status === 204 || res.text.trim() === '') return undefined;
    if (body === undefined) throw new FreshBooksResponseError(`HTTP ${res.status} with a body that is not JSON`, request);
    const response = isRecord(body) ? body.response : undefined;
    if (isRecord(response) && Array.isArray(response.errors) && response.errors.length > 0) {
      const parsed = parseErrorBody(body);
      const init = { status: res.status, request, parsed };
      throw parsed?.details.some((d) => d.errno === UNKNOWN_RESOURCE)
        ? new FreshBooksNotFoundError(init)
        : new FreshBooksValidationError(init);
    }
    return body;
  }
  const granted = tokens.scope.split(/\s+/).filter(Boolean);
  throw errorFor(res, request, parseErrorBody(body), body, granted, now);
}

function errorFor(
  res: HttpResponse,
  request: CallLabel,
  parsed: ParsedErrorBody | undefined,
  body: unknown,
  granted: string[],
  now: number,
): FreshBooksApiError {
  const { status } = res;
  const init = { status, request, parsed };
  const errno = parsed?.details.find((d) => d.errno !== undefined)?.errno;
  if (status === 401) return new FreshBooksUnauthorizedError(init);
  if (status === 403) return new FreshBooksScopeError({ ...init, missingScopes: missingScopesFrom(body, res.text, granted) });
  if (status === 429) return new FreshBooksRateLimitedError({ ...init, retryAfterMs: retryAfterOf(res.headers, now) });
  if (status === 404 || errno === UNKNOWN_RESOURCE) {
    return new FreshBooksNotFoundError(
      parsed
        ? init
        : {
            ...init,
            hint: 'FreshBooks did not say why: it may have been deleted, belong to another business, or the API URL of the connection may not point at the FreshBooks API.',
          },
    );
  }
  if (status >= 500) return new FreshBooksServerError(init);
  if (status === 400 || status === 422) return new FreshBooksValidationError(init);
  return new FreshBooksApiError(init);
}

/** Retry-After (seconds or a date), else X-RateLimit-Reset (epoch seconds, or seconds from now when small). */
export function retryAfterOf(headers: Headers, now: number): number | undefined {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  const header = headers.get('x-ratelimit-reset');
  const reset = Number(header);
  if (!header || !Number.isFinite(reset)) return undefined;
  return Math.max(0, reset > 1e9 ? reset * 1000 - now : reset * 1000);
}

/** `response.result` of an accounting or events answer. */
export function resultOf(body: unknown, request: CallLabel): Record<string, unknown> {
  const response = isRecord(body) ? body.response : undefined;
  const result = isRecord(response) ? response.result : undefined;
  if (!isRecord(result)) throw new FreshBooksResponseError('no response.result object in the body', request);
  return result;
}
