/**
 * The Coupa wire, as data for the shared transport (../transport.ts): every request paced by
 * a token bucket shared per instance, a generous timeout, `Accept: application/json` (Coupa
 * answers XML otherwise), Retry-After honoured on 429 and 5xx with each wait capped, and a
 * CoupaRetriesExhaustedError once the tries run out. Answers become typed errors in
 * answers.ts, and nowhere else.
 *
 * Pacing numbers: Coupa allows 25 requests/s with a burst of 20 (docs/api-notes.md#coupa-rate-limits-and-errors). The bucket
 * here refills at 20/s and holds 18, so over any window of t seconds at most 18 + 20·t
 * requests leave this process while Coupa accepts 20 + 25·t: a margin of 2 requests plus 5/s
 * absorbs requests that leave spaced but arrive bunched (connection reuse, GC pauses, the
 * server's own clock), and Coupa's bucket may be counted per instance rather than per client.
 * The bucket is per process; a `limiter` (ClientDeps) at the same pace makes several processes
 * share one budget. The bucket stays as the first gate even then: a process joins the shared
 * queue no faster than the pace, so one busy process cannot reserve seconds of the instance's
 * budget ahead of the others, and an abandoned wait wastes at most a few slots.
 */
import { systemClock, type Clock } from '../../lib/clock.js';
import type { CallRecorder } from '../http.js';
import type { RateLimiter } from '../rate-limiter.js';
import type { RetryPolicy } from '../retry.js';
import { TokenBucket } from '../token-bucket.js';
import { Transport, type Authenticator } from '../transport.js';
import { jsonOf, refusedError, statusError, type Caller } from './answers.js';
import { CoupaRetriesExhaustedError } from './errors.js';
import type { CoupaToken } from './token-cache.js';

/** Requests per second and burst the client allows itself (Coupa: 25/s, burst 20). */
export const COUPA_PACE = { ratePerSecond: 20, burst: 18 } as const;

/** Coupa can be slow on full 50-record pages (docs/api-notes.md#coupa-rate-limits-and-errors): a generous default. */
const DEFAULT_TIMEOUT_MS = 60_000;

const buckets = new WeakMap<Clock, Map<string, TokenBucket>>();

/**
 * The bucket for an instance, shared by every client of this process that uses the same
 * clock (all production clients use the system clock, so they share one per instance URL).
 */
export function sharedBucket(instanceUrl: string, clock: Clock = systemClock): TokenBucket {
  let perClock = buckets.get(clock);
  if (!perClock) buckets.set(clock, (perClock = new Map<string, TokenBucket>()));
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
  /** A budget shared with other processes, awaited after the bucket; it decides. */
  limiter?: RateLimiter;
  /** Told about each wait before a retry. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  /** Stops the client's calls once aborted (a job that lost its lease): the wait for a slot and a request in flight. */
  signal?: AbortSignal;
}

/** The transport of one Coupa instance; `baseUrl` is the instance URL without a trailing slash. */
export function coupaTransport(options: CoupaTransportOptions): Transport {
  const instanceUrl = options.instanceUrl.replace(/\/+$/, '');
  const clock = options.clock ?? systemClock;
  const bucket = options.bucket ?? sharedBucket(instanceUrl, clock);
  return new Transport({
    provider: 'coupa',
    baseUrl: instanceUrl,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: options.retry,
    longWait: 'wait-cap',
    pace: async () => {
      await bucket.take();
      await options.limiter?.acquire(options.signal);
    },
    exhausted: (last, tries, label) => new CoupaRetriesExhaustedError(last, tries, label.method, label.path),
    fetch: options.fetch,
    clock,
    random: options.random,
    recorder: options.recorder,
    onRetry: options.onRetry,
    signal: options.signal,
  });
}

/** Query parameters in order; keys are sent as written (`id[gt]`), values URL-encoded (`+` → %2B, `:` → %3A). */
export type Query = ReadonlyArray<readonly [string, string | number | boolean]>;

function encodeQuery(query: Query | undefined): string {
  if (!query || query.length === 0) return '';
  const key = (k: string) => encodeURIComponent(k).replace(/%5B/g, '[').replace(/%5D/g, ']');
  return '?' + query.map(([k, v]) => `${key(k)}=${encodeURIComponent(String(v))}`).join('&');
}

/** What the authenticated calls need from auth.ts (an interface: no import cycle). */
export type TokenSource = Authenticator<CoupaToken> & Caller;

interface ApiRequest {
  method: 'GET' | 'PUT';
  path: string;
  query?: Query;
  /** JSON body (PUT); omitted for `?exported=true`. */
  body?: unknown;
  /** The scope this call needs, named in the error when Coupa refuses it. */
  scope: string;
  /** For a 404: "invoice 92010". */
  what: string;
  /** 'all' by default; 'unsent' for a write that must not be repeated blindly. */
  retry?: 'all' | 'unsent';
}

/** Authenticated JSON calls: bearer token (renewed once on a 401 by the transport), typed errors. */
export class CoupaApi {
  constructor(
    readonly transport: Transport,
    readonly auth: TokenSource,
  ) {}

  /** The parsed JSON body (undefined when Coupa sends none). */
  call(req: ApiRequest): Promise<unknown> {
    const body = req.body !== undefined ? JSON.stringify(req.body) : undefined;
    return this.transport.authenticated({
      method: req.method,
      path: req.path + encodeQuery(req.query),
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body,
      retry: req.retry ?? 'all',
      auth: this.auth,
      settle: ({ res, label, now }, token) => {
        if (res.status === 401 || res.status === 403) throw refusedError(res, req, token, req.scope, this.auth);
        if (res.status < 200 || res.status > 299) throw statusError(res, label, req.what, now);
        return jsonOf(res, label);
      },
    });
  }
}
