/**
 * The FreshBooks wire, as data for the shared transport (../transport.ts): paced by the
 * `limiter` when one is given (FRESHBOOKS_PACE, a budget every process of the tenant shares),
 * a 30 s timeout, a few bounded tries with each wait capped at 30 s — and when FreshBooks asks
 * to wait longer than that, no try at all: the caller comes back later. Answers become typed
 * errors in answers.ts.
 */
import type { Clock } from '../../lib/clock.js';
import { redactText } from '../../lib/redact.js';
import type { CallRecorder } from '../http.js';
import type { RateLimiter } from '../rate-limiter.js';
import type { RetryPolicy } from '../retry.js';
import { Transport } from '../transport.js';

/** A few bounded tries, each wait capped at 30 s. */
const FRESHBOOKS_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The pace a shared limiter keeps FreshBooks calls to. FreshBooks documents no limit; captured
 * headers read as 600 requests per 60 s window (docs/api-notes.md, UNCONFIRMED). 8/s with a
 * burst of 100 lets through at most 100 + 480 = 580 requests in any 60 s, so even a window
 * aligned to the clock never sees 600, while a job's short bursts go at once.
 */
export const FRESHBOOKS_PACE = { ratePerSecond: 8, burst: 100 } as const;

export interface FreshBooksTransportOptions {
  /** API base, e.g. https://api.freshbooks.com (also hosts the token endpoint). */
  apiUrl: string;
  fetch?: typeof fetch | undefined;
  clock?: Clock | undefined;
  recorder?: CallRecorder | undefined;
  /** Jitter source for backoff (tests pin it). */
  random?: (() => number) | undefined;
  retry?: RetryPolicy | undefined;
  timeoutMs?: number | undefined;
  /** Awaited before each request: a budget shared with the tenant's other processes. */
  limiter?: RateLimiter | undefined;
  /** Stops the client's calls once aborted (a job that lost its lease): the wait for a slot and a request in flight. */
  signal?: AbortSignal | undefined;
}

/** Strips trailing slashes so `${base}/path` never doubles them. */
export function baseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The path as messages show it: decoded (`search[updated_min]`, not `%5B…`) and redacted. */
function shownPath(path: string): string {
  try {
    return redactText(decodeURIComponent(path));
  } catch {
    return redactText(path);
  }
}

export function freshbooksTransport(options: FreshBooksTransportOptions): Transport {
  const { limiter, signal } = options;
  return new Transport({
    provider: 'freshbooks',
    baseUrl: baseUrl(options.apiUrl),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: options.retry ?? FRESHBOOKS_RETRY,
    longWait: 'give-up',
    showPath: shownPath,
    pace: limiter ? () => limiter.acquire(signal) : undefined,
    fetch: options.fetch,
    clock: options.clock,
    random: options.random,
    recorder: options.recorder,
    signal: options.signal,
  });
}

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

/** `?a=1&b=x` from named values; undefined values are left out, lists repeat their key. */
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
