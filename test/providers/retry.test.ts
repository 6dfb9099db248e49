import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, withRetry } from '../../src/providers/retry.js';
import { TokenBucket } from '../../src/providers/token-bucket.js';
import { FakeClock } from '../helpers/fake-clock.js';

describe('backoff schedule', () => {
  it('grows exponentially with full jitter and never exceeds the 30 s cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 600_000 })),
        (attempt, r, retryAfter) => {
          const delay = backoffDelay(DEFAULT_RETRY, attempt, () => r, retryAfter ?? undefined);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(30_000);
          const ceiling = Math.min(30_000, 500 * 2 ** (attempt - 1));
          if (retryAfter == null) expect(delay).toBeLessThan(Math.max(1, ceiling));
          else expect(delay).toBe(Math.min(30_000, Math.max(Math.floor(r * ceiling), retryAfter)));
        },
      ),
    );
  });

  it('uses the top of each window with the maximal random draw', () => {
    const top = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((a) => backoffDelay(DEFAULT_RETRY, a, () => 0.999999));
    expect(top).toEqual([499, 999, 1999, 3999, 7999, 15999, 29999, 29999, 29999]);
  });

  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});

describe('withRetry', () => {
  it('waits on the fake clock, honours Retry-After, stops after maxAttempts and rethrows the last error', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const err = await withRetry(
      () => {
        calls += 1;
        return Promise.reject(Object.assign(new Error(`try ${calls}`), { retryAfterMs: calls === 2 ? 120_000 : undefined }));
      },
      (e) => ({ retry: true, retryAfterMs: (e as { retryAfterMs?: number }).retryAfterMs }),
      { clock, random: () => 0.5, policy: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 } },
    ).catch((e: unknown) => e);
    expect((err as Error).message).toBe('try 4');
    expect(calls).toBe(4);
    // 0.5 of 1 s, then Retry-After 120 s capped at 30 s, then 0.5 of 4 s.
    expect(clock.sleeps).toEqual([500, 30_000, 2_000]);
  });

  it('does not retry what the classifier refuses', async () => {
    const clock = new FakeClock();
    let calls = 0;
    await expect(
      withRetry(
        () => {
          calls += 1;
          return Promise.reject(new Error('400'));
        },
        () => ({ retry: false }),
        { clock },
      ),
    ).rejects.toThrow('400');
    expect(calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('TokenBucket', () => {
  it('lets a burst through at once, then paces to the rate', async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket(10, 5, clock);
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      await bucket.take();
      times.push(clock.now());
    }
    expect(times.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    // Then one every 100 ms: in any 1 s window no more than capacity + rate pass.
    expect(times[14]).toBe(1000);
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(15);
    }
  });
});
