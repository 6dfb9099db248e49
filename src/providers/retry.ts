/**
 * Retries with exponential backoff and full jitter, honouring Retry-After, every wait capped
 * (30 s by default), for a bounded number of tries. The schedule is a pure function so it is
 * tested with a fake clock instead of by waiting.
 */
import { systemClock, type Clock } from '../lib/clock.js';

export interface RetryPolicy {
  /** Total tries including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

/** What a failed try tells the retry loop. */
export interface RetryDecision {
  retry: boolean;
  /** The server's Retry-After, in ms, when it sent one. */
  retryAfterMs?: number;
}

/**
 * The wait before try `attempt + 1`: full jitter over base·2^(attempt-1), but never less
 * than the server asked for, and never more than the cap.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface RetryContext {
  policy?: RetryPolicy;
  clock?: Clock;
  random?: () => number;
  /** Told about every wait, e.g. to log it. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/**
 * Runs `fn(attempt)` until it succeeds, `classify` says not to retry, or tries run out; the
 * last error is thrown as it is, so callers see the typed error of the final try.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  classify: (error: unknown) => RetryDecision,
  ctx: RetryContext = {},
): Promise<T> {
  const policy = ctx.policy ?? DEFAULT_RETRY;
  const clock = ctx.clock ?? systemClock;
  const random = ctx.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const decision = classify(error);
      if (!decision.retry || attempt >= policy.maxAttempts) throw error;
      const delayMs = backoffDelay(policy, attempt, random, decision.retryAfterMs);
      ctx.onRetry?.({ attempt, delayMs, error });
      await clock.sleep(delayMs);
    }
  }
}
