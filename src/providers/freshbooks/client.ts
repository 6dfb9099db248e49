/**
 * The FreshBooks client: every request goes through the shared transport with FreshBooks'
 * data (http.ts), carrying a bearer token that the TokenKeeper refreshes ahead of its expiry
 * and once on a 401, through the token store's cross-process lock. 429 waits as FreshBooks asks
 * (Retry-After or X-RateLimit-Reset); 5xx, timeouts and resets are retried for idempotent
 * requests only; every try is recorded through the CallRecorder. Resources hang off the
 * client: `client.vendors.list()`, `client.bills.create(…)`, …
 */
import { systemClock, type Clock } from '../../lib/clock.js';
import type { CallRecorder } from '../http.js';
import type { RateLimiter } from '../rate-limiter.js';
import type { RetryPolicy } from '../retry.js';
import type { Transport } from '../transport.js';
import { readAnswer, resultOf } from './answers.js';
import type { OAuthApp } from './auth.js';
import { BillPaymentsResource } from './bill-payments.js';
import { BillsResource } from './bills.js';
import { CallbacksResource } from './callbacks.js';
import { CategoriesResource } from './categories.js';
import type { FreshBooksReauthRequiredError } from './errors.js';
import { baseUrl, freshbooksTransport, queryString, type QueryValue } from './http.js';
import { IdentityResource } from './identity.js';
import { TaxesResource } from './taxes.js';
import { TokenKeeper } from './token-keeper.js';
import type { FreshBooksTokens, FreshBooksTokenStore } from './tokens.js';
import { VendorsResource } from './vendors.js';

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
  /**
   * Awaited before each API request: the tenant's shared budget. Not before token requests:
   * a refresh runs inside the store's write transaction, where a limiter kept in that store
   * would wait for the connection the refresh holds.
   */
  limiter?: RateLimiter;
  /** Stops the client's calls once aborted (not a token refresh: a refresh cut half-way could lose the new token). */
  signal?: AbortSignal;
  /** Whose connection this is, named in messages ("the FreshBooks connection of tenant …"). */
  tenantId?: string;
  /** The connection is already known to need re-authorisation: every call fails at once. */
  needsReauth?: string;
}

interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  /** May this request be repeated after a 5xx, a timeout or a reset? Default: true except for POST. */
  idempotent?: boolean;
}

export class FreshBooksClient {
  readonly identity: IdentityResource;
  readonly vendors: VendorsResource;
  readonly bills: BillsResource;
  readonly billPayments: BillPaymentsResource;
  readonly categories: CategoriesResource;
  readonly taxes: TaxesResource;
  readonly callbacks: CallbacksResource;

  private readonly transport: Transport;
  private readonly keeper: TokenKeeper;

  constructor(
    private readonly options: FreshBooksClientOptions,
    keeper?: TokenKeeper,
  ) {
    const clock = options.clock ?? systemClock;
    this.transport = freshbooksTransport({ ...options, clock });
    this.keeper =
      keeper ??
      new TokenKeeper(
        {
          app: options.app,
          tokens: options.tokens,
          http: { apiUrl: options.apiUrl, fetch: options.fetch, clock, recorder: options.recorder, timeoutMs: options.timeoutMs },
          tenantId: options.tenantId,
          needsReauth: options.needsReauth,
        },
        clock,
      );
    this.identity = new IdentityResource(this);
    this.vendors = new VendorsResource(this);
    this.bills = new BillsResource(this);
    this.billPayments = new BillPaymentsResource(this);
    this.categories = new CategoriesResource(this);
    this.taxes = new TaxesResource(this);
    this.callbacks = new CallbacksResource(this);
  }

  get apiUrl(): string {
    return baseUrl(this.options.apiUrl);
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

  /** The JSON body of any path (the identity family has no `result` level); undefined when there is none. */
  request(method: string, path: string, options: RequestOptions = {}): Promise<unknown> {
    const body = options.body !== undefined ? JSON.stringify(options.body) : undefined;
    return this.transport.authenticated({
      method,
      path: path + queryString(options.query),
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body,
      retry: (options.idempotent ?? method !== 'POST') ? 'all' : 'unsent',
      auth: this.keeper,
      settle: ({ res, label, now }, tokens) => readAnswer(res, label, tokens, now),
    });
  }

  /** `response.result` of an accounting path: `/accounting/account/{accountId}/{subpath}`. */
  async accounting(method: string, subpath: string, options?: RequestOptions): Promise<Record<string, unknown>> {
    const path = `/accounting/account/${encodeURIComponent(this.accountId)}/${subpath}`;
    return resultOf(await this.request(method, path, options), this.transport.label(method, path));
  }

  /** `response.result` of an events path: `/events/account/{accountId}/events/{subpath}`. */
  async events(method: string, subpath: string, options?: RequestOptions): Promise<Record<string, unknown>> {
    const path = `/events/account/${encodeURIComponent(this.accountId)}/events/${subpath}`;
    return resultOf(await this.request(method, path, options), this.transport.label(method, path));
  }

  /** An events path answered with no body (DELETE: 204). */
  async eventsNoContent(method: string, subpath: string): Promise<void> {
    await this.request(method, `/events/account/${encodeURIComponent(this.accountId)}/events/${subpath}`);
  }
}
