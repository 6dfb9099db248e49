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
  /** Stops a wait for the limiter's slot (a job whose lease was lost); requests in flight are not cut. */
  signal?: AbortSignal;
}
