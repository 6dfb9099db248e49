import type { Clock } from '../lib/clock.js';
import type { CallRecorder } from './http.js';
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
  /** Stops every call once aborted: a job whose lease was lost, a shutdown. */
  signal?: AbortSignal;
}
