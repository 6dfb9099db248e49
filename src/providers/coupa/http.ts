/**
 * The Coupa wire: every request paced by a token bucket shared per instance, sent with
 * `Accept: application/json` (Coupa answers XML otherwise), recorded for the audit trail,
 * and retried on 429, 5xx, timeouts and resets with capped, jittered backoff that honours
 * Retry-After. Answers are turned into typed errors here, and nowhere else.
 *
 * Pacing numbers: Coupa allows 25 requests/s with a burst of 20 (docs/api-notes.md#coupa-rate-limits-and-errors). The bucket
 * here refills at 20/s and holds 18, so over any window of t seconds at most 18 + 20·t
 * requests leave this process while Coupa accepts 20 + 25·t: a margin of 2 requests plus 5/s
 * absorbs requests that leave spaced but arrive bunched (connection reuse, GC pauses, the
 * server's own clock), and Coupa's bucket may be counted per instance rather than per client.
 * The bucket is per process: several worker processes on one instance share Coupa's budget
 * only through the 429 backoff below.
 */
import { systemClock, type Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { redactText } from '../../lib/redact.js';
import { NetworkError, parseJson, send, TimeoutError, type CallRecorder, type HttpResponse } from '../http.js';
import { DEFAULT_RETRY, parseRetryAfter, withRetry, type RetryDecision, type RetryPolicy } from '../retry.js';
import { TokenBucket } from '../token-bucket.js';
import type { CoupaToken } from './token-cache.js';
import {
  CoupaApiError,
  CoupaAuthError,
  CoupaNotFoundError,
  CoupaRateLimitedError,
  CoupaResponseError,
  CoupaRetriesExhaustedError,
  CoupaScopeError,
  CoupaServerError,
  CoupaValidationError,
  errorMessagesOf,
  type CoupaErrorDetails,
} from './errors.js';

/** Requests per second and burst the client allows itself (Coupa: 25/s, burst 20). */
export const COUPA_PACE = { ratePerSecond: 20, burst: 18 } as const;

/** Coupa can be slow on full 50-record pages (docs/api-notes.md#coupa-rate-limits-and-errors): a generous default. */
export const DEFAULT_TIMEOUT_MS = 60_000;

const buckets = new WeakMap<Clock, Map<string, TokenBucket>>();

/**
 * The bucket for an instance, shared by every client of this process that uses the same
 * clock (all production clients use the system clock, so they share one per instance URL).
 */
export function sharedBucket(instanceUrl: string, clock: Clock = systemClock): TokenBucket {
  let perClock = buckets.get(clock);
  if (!perClock) buckets.set(clock, (perClock = new Map()));
  const key = new URL(instanceUrl).origin;
  let bucket = perClock.get(key);
  if (!bucket) perClock.set(key, (bucket = new TokenBucket(COUPA_PACE.ratePerSecond, COUPA_PACE.burst, clock)));
  return bucket;
}

export interface CoupaTransportOptions {
  /** Base URL of the instance, e.g. https://acme.coupahost.com (no trailing slash needed). */
  instanceUrl: string;
  fetch?: typeof fetch;
  clock?: Clock;
  /** For the backoff jitter; Math.random by default. */
  random?: () => number;
  recorder?: CallRecorder;
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Defaults to the process-wide bucket of this instance (see `sharedBucket`). */
  bucket?: TokenBucket;
  /** Told about each wait before a retry. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/** Query parameters in order; keys are sent as written (`id[gt]`), values URL-encoded (`+` → %2B, `:` → %3A). */
export type Query = ReadonlyArray<readonly [string, string | number | boolean]>;

export function encodeQuery(query: Query | undefined): string {
  if (!query || query.length === 0) return '';
  const key = (k: string) => encodeURIComponent(k).replace(/%5B/g, '[').replace(/%5D/g, ']');
  return '?' + query.map(([k, v]) => `${key(k)}=${encodeURIComponent(String(v))}`).join('&');
}

/**
 * How a request may be retried:
 * - 'all': any retryable failure (reads, and writes that are idempotent such as `?exported=true`);
 * - 'unsent': only failures that prove the request was not applied (429, connection refused,
 *   unknown host); a 5xx, timeout or reset after a non-idempotent write is thrown for the
 *   caller to check what landed before trying again.
 */
export type RetryMode = 'all' | 'unsent';

export interface WireRequest {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  query?: Query;
  headers?: Record<string, string>;
  body?: string;
}

export class CoupaTransport {
  readonly instanceUrl: string;
  readonly clock: Clock;
  readonly policy: RetryPolicy;
  private readonly bucket: TokenBucket;

  constructor(private readonly options: CoupaTransportOptions) {
    this.instanceUrl = options.instanceUrl.replace(/\/+$/, '');
    this.clock = options.clock ?? systemClock;
    this.policy = options.retry ?? DEFAULT_RETRY;
    this.bucket = options.bucket ?? sharedBucket(this.instanceUrl, this.clock);
  }

  url(path: string, query?: Query): string {
    return this.instanceUrl + path + encodeQuery(query);
  }

  /** The path and query as the audit trail shows them. */
  label(path: string, query?: Query): string {
    return redactText(path + encodeQuery(query));
  }

  /** One try: waits its turn in the bucket, sends, records. Any status comes back. */
  async sendOnce(request: WireRequest, attempt: number): Promise<HttpResponse> {
    await this.bucket.take();
    return send(
      {
        provider: 'coupa',
        fetch: this.options.fetch,
        clock: this.clock,
        recorder: this.options.recorder,
        timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      },
      {
        method: request.method,
        url: this.url(request.path, request.query),
        headers: { 'User-Agent': 'ml-connector', ...request.headers },
        body: request.body,
        attempt,
      },
    );
  }

  /**
   * Runs `fn` (one try each call, numbered from 1) under the retry policy. When the tries
   * run out on a retryable failure the result is a CoupaRetriesExhaustedError carrying the
   * last cause; a failure that is not retried is thrown as it is.
   */
  async retrying<T>(label: { method: string; path: string }, mode: RetryMode, fn: (attempt: number) => Promise<T>): Promise<T> {
    let tries = 0;
    const classify = (error: unknown) => retryDecision(error, mode);
    try {
      return await withRetry(
        (attempt) => {
          tries = attempt;
          return fn(attempt);
        },
        classify,
        { policy: this.policy, clock: this.clock, random: this.options.random, onRetry: this.options.onRetry },
      );
    } catch (error) {
      if (classify(error).retry && tries > 1) throw new CoupaRetriesExhaustedError(error, tries, label.method, label.path);
      throw error;
    }
  }
}

const NOT_SENT = new Set(['connection refused', 'unknown host']);

/** Which failures are worth another try, and how long the server asked us to wait. */
export function retryDecision(error: unknown, mode: RetryMode = 'all'): RetryDecision {
  if (error instanceof CoupaRateLimitedError) return { retry: true, retryAfterMs: error.retryAfterMs };
  if (error instanceof NetworkError) return { retry: mode === 'all' || NOT_SENT.has(error.reason) };
  if (mode === 'unsent') return { retry: false };
  if (error instanceof CoupaServerError) return { retry: true, retryAfterMs: error.retryAfterMs };
  if (error instanceof TimeoutError) return { retry: true };
  return { retry: false };
}

/** Turns a non-2xx answer into its typed error (401/403 are handled by the caller first). */
export function statusError(
  res: HttpResponse,
  details: Omit<CoupaErrorDetails, 'status' | 'messages'>,
  what: string,
  now: number,
): CoupaApiError {
  const d: CoupaErrorDetails = { ...details, status: res.status, messages: errorMessagesOf(parseJson(res.text), res.text) };
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now);
  if (res.status === 429) return new CoupaRateLimitedError(d, retryAfterMs);
  if (res.status >= 500) return new CoupaServerError(d, retryAfterMs);
  if (res.status === 404) return new CoupaNotFoundError(d, what);
  if (res.status === 400 || res.status === 422) return new CoupaValidationError(d);
  return new CoupaApiError(d);
}

/** What the authenticated layer needs from auth.ts (kept as an interface: no import cycle). */
export interface TokenSource {
  readonly instanceUrl: string;
  readonly clientId: string;
  token(): Promise<CoupaToken>;
  /** A new token unless the current one already differs from `rejected`. */
  renew(rejected: CoupaToken): Promise<CoupaToken>;
}

export interface ApiRequest {
  method: 'GET' | 'PUT';
  path: string;
  query?: Query;
  /** JSON body (PUT); omitted for `?exported=true`. */
  body?: unknown;
  /** The scope this call needs, named in the error when Coupa refuses it. */
  scope: string;
  /** For a 404: "invoice 92010". */
  what: string;
  retry?: RetryMode;
}

/** Authenticated JSON calls: bearer token, one renewal on a 401, typed errors. */
export class CoupaApi {
  constructor(
    readonly transport: CoupaTransport,
    readonly auth: TokenSource,
  ) {}

  /** The parsed JSON body (undefined when Coupa sends none). */
  async call(req: ApiRequest): Promise<unknown> {
    const label = { method: req.method, path: this.transport.label(req.path, req.query) };
    let sent = 0;
    let renewed = false;
    const headers = (token: CoupaToken): Record<string, string> => ({
      Accept: 'application/json',
      Authorization: `Bearer ${token.accessToken}`,
      ...(req.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    });
    const body = req.body !== undefined ? JSON.stringify(req.body) : undefined;
    return this.transport.retrying(label, req.retry ?? 'all', async () => {
      let token = await this.auth.token();
      let res = await this.transport.sendOnce(
        { method: req.method, path: req.path, query: req.query, headers: headers(token), body },
        ++sent,
      );
      if (res.status === 401 && !renewed) {
        // Expired or revoked early: renew once per request and try again at once (not a backoff).
        renewed = true;
        token = await this.auth.renew(token);
        res = await this.transport.sendOnce(
          { method: req.method, path: req.path, query: req.query, headers: headers(token), body },
          ++sent,
        );
      }
      if (res.status === 401) throw this.refused(res, token, req);
      if (res.status === 403) throw this.refused(res, token, req);
      if (res.status < 200 || res.status > 299) throw statusError(res, label, req.what, this.transport.clock.now());
      return this.json(res, label);
    });
  }

  /** 401 with a fresh token, or 403: a missing scope when the token shows it, else the credentials. */
  private refused(res: HttpResponse, token: CoupaToken, req: ApiRequest): AppError {
    const messages = errorMessagesOf(parseJson(res.text), res.text);
    const granted = token.scope.split(/\s+/).filter(Boolean);
    const scopeMissing = granted.length > 0 && !granted.includes(req.scope);
    if (res.status === 403 || scopeMissing) {
      return new CoupaScopeError(
        [req.scope],
        this.auth.instanceUrl,
        this.auth.clientId,
        'call',
        ` (HTTP ${res.status} on ${req.method} ${req.path})`,
      );
    }
    return new CoupaAuthError('token_refused', this.auth.instanceUrl, this.auth.clientId, res.status, messages);
  }

  private json(res: HttpResponse, label: { method: string; path: string }): unknown {
    if (res.text.trim() === '') return undefined;
    const type = res.headers.get('content-type') ?? '';
    const parsed = parseJson(res.text);
    if (parsed === undefined) {
      const problem =
        /xml/i.test(type) || res.text.trimStart().startsWith('<')
          ? 'an XML body although JSON was asked for (Accept: application/json)'
          : 'a body that is not JSON';
      throw new CoupaResponseError(`the answer to ${label.method} ${label.path}`, problem);
    }
    return parsed;
  }
}
