/**
 * The one HTTP transport under both provider clients, written once: pacing, credentials with
 * one renewal on a 401, which failures are worth another try and how long to wait, bounded
 * tries, and (through `send`) timeouts and the redacted call records of the audit trail.
 * Each provider supplies only its data: how to authenticate (an `Authenticator`), how to read
 * its answers into its typed errors (each call's `settle`), its pacing, timeout and policy.
 *
 * Which failures are tried again (`retryDecision`):
 * - 429: the request was refused, not applied, so it is always tried again, after the wait
 *   the server asked for (never more than the policy's cap; a provider may choose to give up
 *   instead when the server asks for longer than the cap);
 * - 5xx, timeouts and connection resets: only when the request may be repeated
 *   (`retry: 'all'`), since a write may have landed before its answer was lost;
 * - a refused connection or an unknown host: nothing was sent, so always;
 * - anything else — other 4xx, answers that cannot be read, failures of the credentials
 *   themselves (a token request has its own tries) — never.
 */
import { systemClock, type Clock } from '../lib/clock.js';
import { redactText } from '../lib/redact.js';
import { ProviderApiError } from './errors.js';
import { CallAbortedError, NetworkError, send, TimeoutError, type CallRecorder, type HttpResponse, type ProviderName } from './http.js';
import { DEFAULT_RETRY, withRetry, type RetryDecision, type RetryPolicy } from './retry.js';

/**
 * How a request may be tried again:
 * - 'all': after any retryable failure (reads, and writes that are idempotent);
 * - 'unsent': only after failures that prove it was not applied (429, connection refused,
 *   unknown host); after a 5xx, a timeout or a reset the caller checks what landed first;
 * - 'none': one try, whatever happens.
 */
export type RetryMode = 'all' | 'unsent' | 'none';

/**
 * When the server asks to wait longer than the policy's cap: 'wait-cap' waits the cap and
 * tries again; 'give-up' stops at once so the caller comes back later.
 */
export type LongWait = 'wait-cap' | 'give-up';

/** The request as messages show it: method and redacted path. */
export interface CallLabel {
  method: string;
  path: string;
}

/** How a provider proves who is calling; the transport renews at most once per request. */
export interface Authenticator<C> {
  /** Credentials to send now (renewed first when they are about to expire). */
  current(): Promise<C>;
  /** After a 401 with `rejected`: new credentials, or those another caller already obtained. */
  renew(rejected: C): Promise<C>;
  headers(credentials: C): Record<string, string>;
}

/** A final answer, handed to the call's `settle`. */
export interface Answer {
  res: HttpResponse;
  label: CallLabel;
  /** The transport clock's time when the answer was read (for Retry-After dates). */
  now: number;
}

interface BaseCall {
  method: string;
  /** Path and query as sent, e.g. `/api/suppliers?limit=1`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  retry: RetryMode;
}

interface Call<T> extends BaseCall {
  /** The answer → the result, or the provider's typed error, thrown. */
  settle(answer: Answer): T;
}

interface AuthenticatedCall<T, C> extends BaseCall {
  auth: Authenticator<C>;
  /** The answer (after the one renewal on a 401, if any) → the result, or a typed error, thrown. */
  settle(answer: Answer, credentials: C): T;
}

interface TransportOptions {
  provider: ProviderName;
  /** No trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  retry?: RetryPolicy;
  longWait: LongWait;
  /** Waits for this try's turn (a token bucket); no pacing when absent. */
  pace?: () => Promise<void>;
  /** The path as messages show it; redacted as sent when absent. */
  showPath?: (path: string) => string;
  /** What a retryable failure becomes once the tries ran out; thrown as it is when absent. */
  exhausted?: (last: unknown, tries: number, label: CallLabel) => Error;
  fetch?: typeof fetch;
  clock?: Clock;
  /** For the backoff jitter; Math.random by default. */
  random?: () => number;
  recorder?: CallRecorder;
  /** Told about each wait before a retry. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  /** Stops every call of this transport (and its waits between tries) once aborted. */
  signal?: AbortSignal | undefined;
}

const NO: RetryDecision = { retry: false };

/** Which failures are worth another try, and how long the server asked to wait. */
export function retryDecision(error: unknown, mode: RetryMode, longWait: LongWait = 'wait-cap', capMs = Infinity): RetryDecision {
  if (mode === 'none') return NO;
  if (error instanceof NetworkError) return { retry: mode === 'all' || error.unsent };
  if (error instanceof TimeoutError) return { retry: mode === 'all' };
  if (!(error instanceof ProviderApiError)) return NO;
  if (error.status === 429) {
    if (longWait === 'give-up' && error.retryAfterMs !== undefined && error.retryAfterMs > capMs) return NO;
    return { retry: true, retryAfterMs: error.retryAfterMs };
  }
  if (error.status >= 500) return { retry: mode === 'all', retryAfterMs: error.retryAfterMs };
  return NO;
}

/** A failure of the credentials inside a try: thrown as it is, never tried again by the request it served. */
class CredentialsFailure extends Error {
  constructor(readonly failure: unknown) {
    super('credentials failed');
  }
}

async function credentials<C>(obtain: Promise<C>): Promise<C> {
  try {
    return await obtain;
  } catch (err) {
    throw new CredentialsFailure(err);
  }
}

export class Transport {
  readonly baseUrl: string;
  readonly clock: Clock;
  readonly policy: RetryPolicy;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = options.baseUrl;
    this.clock = options.clock ?? systemClock;
    this.policy = options.retry ?? DEFAULT_RETRY;
  }

  label(method: string, path: string): CallLabel {
    return { method, path: this.options.showPath ? this.options.showPath(path) : redactText(path) };
  }

  /** A request without credentials (token endpoints). */
  async request<T>(call: Call<T>): Promise<T> {
    const label = this.label(call.method, call.path);
    let sent = 0;
    return this.retrying(label, call.retry, async () => {
      const res = await this.sendOnce(call, {}, ++sent);
      return call.settle({ res, label, now: this.clock.now() });
    });
  }

  /** A request carrying credentials, renewed once (and sent again at once) when refused with a 401. */
  async authenticated<T, C>(call: AuthenticatedCall<T, C>): Promise<T> {
    const label = this.label(call.method, call.path);
    let sent = 0;
    let renewed = false;
    return this.retrying(label, call.retry, async () => {
      let current = await credentials(call.auth.current());
      let res = await this.sendOnce(call, call.auth.headers(current), ++sent);
      if (res.status === 401 && !renewed) {
        // Expired or revoked early: renewed once per request, and tried again at once (not a backoff).
        renewed = true;
        current = await credentials(call.auth.renew(current));
        res = await this.sendOnce(call, call.auth.headers(current), ++sent);
      }
      return call.settle({ res, label, now: this.clock.now() }, current);
    });
  }

  /**
   * Runs `fn` (one try per call) under the policy, retrying what `retryDecision` allows for
   * `mode`. Also for an operation of several requests that is safe to repeat as a whole (e.g.
   * read, then write only what is missing).
   */
  async retrying<T>(label: CallLabel, mode: RetryMode, fn: () => Promise<T>): Promise<T> {
    let tries = 0;
    const decide = (error: unknown): RetryDecision =>
      error instanceof CredentialsFailure ? NO : retryDecision(error, mode, this.options.longWait, this.policy.maxDelayMs);
    try {
      return await withRetry(
        () => {
          tries += 1;
          return fn();
        },
        decide,
        { policy: this.policy, clock: this.clock, random: this.options.random, onRetry: this.options.onRetry },
      );
    } catch (error) {
      if (error instanceof CredentialsFailure) throw error.failure;
      if (this.options.exhausted && tries > 1 && decide(error).retry) throw this.options.exhausted(error, tries, label);
      throw error;
    }
  }

  /** One try: waits its turn, sends, records. Any status comes back. */
  private async sendOnce(call: BaseCall, auth: Record<string, string>, attempt: number): Promise<HttpResponse> {
    await this.options.pace?.();
    if (this.options.signal?.aborted) throw new CallAbortedError(this.options.provider, this.baseUrl + call.path);
    return send(
      {
        provider: this.options.provider,
        fetch: this.options.fetch,
        clock: this.clock,
        recorder: this.options.recorder,
        timeoutMs: this.options.timeoutMs,
        signal: this.options.signal,
      },
      {
        method: call.method,
        url: this.baseUrl + call.path,
        headers: { 'user-agent': 'ml-connector', ...call.headers, ...auth },
        body: call.body,
        attempt,
      },
    );
  }
}
