import type { Clock } from '../lib/clock.js';
import type { CallRecorder } from './http.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RetryPolicy } from './retry.js';

/** What a caller may inject into either provider client (tests, ping, the audit trail). */
export interface ClientDeps {
  recorder?: CallRecorder;
  clock?: Clock;
  fetch?: typeof fetch;
  random?: () => number;
  /** E.g. QUICK_RETRY for `ping`, where a person waits. */
  retry?: RetryPolicy;
  timeoutMs?: number;
  /** A budget shared beyond this client (every process of a tenant); awaited before each request. */
  limiter?: RateLimiter;
  /** Stops every call once aborted (a job whose lease was lost, a shutdown): the wait for a slot and a request in flight. */
  signal?: AbortSignal;
}
