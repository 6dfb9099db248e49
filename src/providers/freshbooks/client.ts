/**
 * The FreshBooks client: every request carries a bearer token that is refreshed ahead of its
 * expiry and once on a 401, through the token store's cross-process lock (a refresh already
 * done by another process is reused, never repeated). 429 waits as FreshBooks asks (Retry-After
 * or X-RateLimit-Reset); 5xx, timeouts and resets are retried for idempotent requests only;
 * every try is recorded through the CallRecorder. Resources hang off the client:
 * `client.vendors.list()`, `client.bills.create(…)`, …
 */
import { systemClock, type Clock } from '../../lib/clock.js';
import { redactText } from '../../lib/redact.js';
import { NetworkError, parseJson, send, TimeoutError, type CallRecorder, type HttpResponse } from '../http.js';
import { parseRetryAfter, withRetry, type RetryDecision, type RetryPolicy } from '../retry.js';
import { baseUrl, refreshAccessToken, type OAuthApp } from './auth.js';
import {
  FreshBooksApiError,
  missingScopesFrom,
  FreshBooksNotFoundError,
  parseErrorBody,
  FreshBooksRateLimitedError,
  FreshBooksReauthRequiredError,
  FreshBooksScopeError,
  FreshBooksServerError,
  FreshBooksUnauthorizedError,
  FreshBooksResponseError,
  FreshBooksValidationError,
  type ParsedErrorBody,
  type RequestInfo,
} from './errors.js';
import { isExpiring, type FreshBooksTokens, type FreshBooksTokenStore } from './tokens.js';
import { BillPaymentsResource } from './bill-payments.js';
import { BillsResource } from './bills.js';
import { CallbacksResource } from './callbacks.js';
import { CategoriesResource } from './categories.js';
import { IdentityResource } from './identity.js';
import { VendorsResource } from './vendors.js';

/** FreshBooks' own limit is ~600 requests a minute; a few bounded tries, each wait capped at 30 s. */
export const FRESHBOOKS_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

export interface FreshBooksClientOptions {
  /** API base, e.g. https://api.freshbooks.com (also hosts the token endpoint). */
  apiUrl: string;
  /** The business every accounting and events call goes to; absent only while connecting. */
  accountId?: string;
  /** The app, for refreshing tokens. */
  app: OAuthApp;
  tokens: FreshBooksTokenStore;
  fetch?: typeof fetch;
  clock?: Clock;
  recorder?: CallRecorder;
  /** Jitter source for backoff (tests pin it). */
  random?: () => number;
  retry?: RetryPolicy;
  timeoutMs?: number;
  /** Used in messages ("run connect freshbooks --tenant …"). */
  tenantId?: string;
  /** The connection is already known to need re-authorisation: every call fails at once. */
  needsReauth?: string;
}

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  /** May this request be repeated after a 5xx, a timeout or a reset? Default: true except for POST. */
  idempotent?: boolean;
}

/** Token state shared by a client and the views made with `forAccount`/`withRetryPolicy`. */
class TokenKeeper {
  /** The refresh in flight in this process, keyed by the access token it replaces. */
  private inflight: { stale: string; promise: Promise<FreshBooksTokens> } | undefined;
  /** Set once FreshBooks refused the refresh token: nothing more is tried. */
  blocked: FreshBooksReauthRequiredError | undefined;

  constructor(
    private readonly options: FreshBooksClientOptions,
    private readonly clock: Clock,
  ) {
    if (options.needsReauth) {
      this.blocked = new FreshBooksReauthRequiredError({
        message: `The FreshBooks connection${options.tenantId ? ` of tenant '${options.tenantId}'` : ''} needs re-authorisation (${options.needsReauth.replace(/\.$/, '')}).`,
        hint: this.reauthHint(),
      });
    }
  }

  reauthHint(): string {
    return `Authorise again: \`ml-connector connect freshbooks --tenant ${this.options.tenantId ?? '<tenant>'} …\` (without --code it prints the URL to open).`;
  }

  /** The saved tokens, refreshed first when they expire within the margin. */
  async current(): Promise<FreshBooksTokens> {
    if (this.blocked) throw this.blocked;
    const saved = await this.options.tokens.read();
    if (!isExpiring(saved, this.clock.now())) return saved;
    return this.refresh(saved.accessToken);
  }

  /**
   * Replaces `stale` (expired or refused). Under the store's lock the saved pair is re-read:
   * if another process already replaced `stale`, its result is used and nothing is spent.
   */
  refresh(stale: string): Promise<FreshBooksTokens> {
    if (this.blocked) return Promise.reject(this.blocked);
    if (this.inflight?.stale === stale) return this.inflight.promise;
    const { options, clock } = this;
    const promise = options.tokens
      .refreshExclusive(
        (saved) => saved.accessToken === stale || isExpiring(saved, clock.now()),
        (saved) =>
          refreshAccessToken(options.app, saved.refreshToken, {
            apiUrl: options.apiUrl,
            fetch: options.fetch,
            clock,
            recorder: options.recorder,
            timeoutMs: options.timeoutMs,
            reauthHint: this.reauthHint(),
          }),
      )
      .catch(async (err: unknown) => {
        if (err instanceof FreshBooksReauthRequiredError) {
          this.blocked = err;
          // The refusal is what the caller must see, even if recording it fails.
          await options.tokens.markNeedsReauth(err.message).catch(() => undefined);
        }
        throw err;
      })
      .finally(() => {
        if (this.inflight?.promise === promise) this.inflight = undefined;
      });
    this.inflight = { stale, promise };
    return promise;
  }
}

export class FreshBooksClient {
  readonly identity: IdentityResource;
  readonly vendors: VendorsResource;
  readonly bills: BillsResource;
  readonly billPayments: BillPaymentsResource;
  readonly categories: CategoriesResource;
  readonly callbacks: CallbacksResource;

  private readonly clock: Clock;
  private readonly keeper: TokenKeeper;

  constructor(
    private readonly options: FreshBooksClientOptions,
    keeper?: TokenKeeper,
  ) {
    this.clock = options.clock ?? systemClock;
    this.keeper = keeper ?? new TokenKeeper(options, this.clock);
    this.identity = new IdentityResource(this);
    this.vendors = new VendorsResource(this);
    this.bills = new BillsResource(this);
    this.billPayments = new BillPaymentsResource(this);
    this.categories = new CategoriesResource(this);
    this.callbacks = new CallbacksResource(this);
  }

  get apiUrl(): string {
    return baseUrl(this.options.apiUrl);
  }

  get tenantId(): string | undefined {
    return this.options.tenantId;
  }

  get accountId(): string {
    if (!this.options.accountId) throw new Error('This FreshBooks client has no account id: use client.forAccount(accountId).');
    return this.options.accountId;
  }

  get hasAccount(): boolean {
    return Boolean(this.options.accountId);
  }

  /** The same client (same tokens, same refresh state) for another business. */
  forAccount(accountId: string): FreshBooksClient {
    return new FreshBooksClient({ ...this.options, accountId }, this.keeper);
  }

  /** The same client with another retry policy (e.g. a quick one for a readiness check). */
  withRetryPolicy(retry: RetryPolicy): FreshBooksClient {
    return new FreshBooksClient({ ...this.options, retry }, this.keeper);
  }

  /** Valid tokens now (refreshed first if they expire within the margin). */
  tokens(): Promise<FreshBooksTokens> {
    return this.keeper.current();
  }

  /** Whether the connection is known to need re-authorisation (invalid_grant seen). */
  get reauthRequired(): FreshBooksReauthRequiredError | undefined {
    return this.keeper.blocked;
  }

  /** `{"response": …}` of any path (the identity family has no `result` level). */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<unknown> {
    let tokens = await this.keeper.current();
    try {
      return await this.sendWithRetry(method, path, options, tokens, 1);
    } catch (err) {
      if (!(err instanceof FreshBooksUnauthorizedError)) throw err;
      // Once: refresh (or pick up another process's refresh) and replay; a second 401 is final.
      tokens = await this.keeper.refresh(tokens.accessToken);
      return await this.sendWithRetry(method, path, options, tokens, 1);
    }
  }

  /** `response.result` of an accounting path: `/accounting/account/{accountId}/{subpath}`. */
  async accounting(method: string, subpath: string, options?: RequestOptions): Promise<Record<string, unknown>> {
    const path = `/accounting/account/${encodeURIComponent(this.accountId)}/${subpath}`;
    return resultOf(await this.request(method, path, options), method, path);
  }

  /** `response.result` of an events path: `/events/account/{accountId}/events/{subpath}`. */
  async events(method: string, subpath: string, options?: RequestOptions): Promise<Record<string, unknown> | undefined> {
    const path = `/events/account/${encodeURIComponent(this.accountId)}/events/${subpath}`;
    const body = await this.request(method, path, options);
    // DELETE answers 204 with no body.
    if (body === undefined && method === 'DELETE') return undefined;
    return resultOf(body, method, path);
  }

  private sendWithRetry(
    method: string,
    path: string,
    options: RequestOptions,
    tokens: FreshBooksTokens,
    firstAttempt: number,
  ): Promise<unknown> {
    const idempotent = options.idempotent ?? method !== 'POST';
    const url = this.apiUrl + path + queryString(options.query);
    const headers: Record<string, string> = {
      authorization: `Bearer ${tokens.accessToken}`,
      accept: 'application/json',
      'user-agent': 'ml-connector',
    };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const policy = this.options.retry ?? FRESHBOOKS_RETRY;
    return withRetry(
      async (attempt) => {
        const res = await send(
          {
            provider: 'freshbooks',
            fetch: this.options.fetch,
            clock: this.clock,
            recorder: this.options.recorder,
            timeoutMs: this.options.timeoutMs,
          },
          { method, url, headers, body, attempt: firstAttempt + attempt - 1 },
        );
        return this.readResponse(res, { method, path: redactedPath(url) }, tokens);
      },
      (error) => classify(error, idempotent, policy),
      { policy, clock: this.clock, random: this.options.random },
    );
  }

  private readResponse(res: HttpResponse, request: RequestInfo, tokens: FreshBooksTokens): unknown {
    const body = parseJson(res.text);
    if (res.status >= 200 && res.status < 300) {
      if (res.status === 204 || res.text.trim() === '') return undefined;
      if (body === undefined) throw new FreshBooksResponseError(`HTTP ${res.status} with a body that is not JSON`, request);
      // The old accounting shape may report errors with HTTP 200.
      const response = (body as { response?: { errors?: unknown } }).response;
      if (response && Array.isArray(response.errors) && response.errors.length > 0) {
        const parsed = parseErrorBody(body);
        const notFound = parsed?.details.some((d) => d.errno === 1012);
        throw notFound
          ? new FreshBooksNotFoundError({ status: res.status, request, parsed })
          : new FreshBooksValidationError({ status: res.status, request, parsed });
      }
      return body;
    }
    throw errorFor(res.status, request, parseErrorBody(body), res, this.clock.now(), tokens, res.text);
  }
}

function errorFor(
  status: number,
  request: RequestInfo,
  parsed: ParsedErrorBody | undefined,
  res: HttpResponse,
  now: number,
  tokens: FreshBooksTokens,
  text: string,
): FreshBooksApiError {
  const init = { status, request, parsed };
  const errno = parsed?.details.find((d) => d.errno !== undefined)?.errno;
  if (status === 401) return new FreshBooksUnauthorizedError(init);
  if (status === 403) {
    return new FreshBooksScopeError({
      ...init,
      missingScopes: missingScopesFrom(parseJson(text), text, tokens.scope.split(/\s+/).filter(Boolean)),
    });
  }
  if (status === 429) return new FreshBooksRateLimitedError({ ...init, retryAfterMs: retryAfterOf(res.headers, now) });
  if (status === 404 || errno === 1012) {
    return new FreshBooksNotFoundError(
      parsed
        ? init
        : {
            ...init,
            hint: 'FreshBooks did not say why: it may have been deleted, belong to another business, or --api-url may not point at the FreshBooks API.',
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
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (!headers.get('x-ratelimit-reset') || !Number.isFinite(reset)) return undefined;
  return Math.max(0, reset > 1e9 ? reset * 1000 - now : reset * 1000);
}

function classify(error: unknown, idempotent: boolean, policy: RetryPolicy): RetryDecision {
  if (error instanceof FreshBooksRateLimitedError) {
    // Honour the server: when it asks for longer than our cap, stop and let the caller come back later.
    if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxDelayMs) return { retry: false };
    return { retry: true, retryAfterMs: error.retryAfterMs };
  }
  if (error instanceof FreshBooksServerError || error instanceof TimeoutError) return { retry: idempotent };
  if (error instanceof NetworkError) {
    // Refused or unknown host: the request never left, so even a POST is safe to repeat.
    return { retry: idempotent || error.reason === 'connection refused' || error.reason === 'unknown host' };
  }
  return { retry: false };
}

function resultOf(body: unknown, method: string, path: string): Record<string, unknown> {
  const result = (body as { response?: { result?: unknown } } | undefined)?.response?.result;
  if (!result || typeof result !== 'object' || Array.isArray(result)) {
    throw new FreshBooksResponseError('no response.result object in the body', { method, path });
  }
  return result as Record<string, unknown>;
}

export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function redactedPath(url: string): string {
  const u = new URL(url);
  let path = u.pathname + u.search;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it encoded
  }
  return redactText(path);
}
