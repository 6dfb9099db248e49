/**
 * The shared request budget (GCRA in `rate_budgets`): two limiters on one store — two
 * connections, standing in for two processes — together never hand out more slots than the
 * pace allows over any window; a burst goes at once and then the pace holds; an aborted wait
 * rejects at once. Counted from the slot times the store hands out: nothing here is timed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreRateLimiter } from '../../src/app/rate-budget.js';
import { systemClock, type Clock } from '../../src/lib/clock.js';
import { openStore, type Store } from '../../src/store/db.js';
import { reserveRateSlot, type RateBudgetKey, type RatePace } from '../../src/store/queries/rate-budgets.js';
import { storeTargets } from '../helpers/stores.js';

const COUPA: RateBudgetKey = { provider: 'coupa', subject: 'https://acme.coupahost.com' };
const PACE: RatePace = { intervalMs: 50, burst: 18 };

/** The most slots that fall in any window [s, s + windowMs) starting at a slot. */
function busiestWindow(slots: number[], windowMs: number): number {
  const sorted = [...slots].sort((a, b) => a - b);
  let most = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + windowMs) end++;
    most = Math.max(most, end - start);
  }
  return most;
}

/** The real time, but a sleep returns at once: the slots still say when each request would go. */
const noWaiting: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };

describe.each(storeTargets)('rate budgets on $name', (target) => {
  let one: Store;
  let two: Store;
  let made: Awaited<ReturnType<typeof target.create>>;

  beforeEach(async () => {
    made = await target.create();
    one = await openStore(made.target);
    two = await openStore(made.target);
  });
  afterEach(async () => {
    await one.close();
    await two.close();
    await made.cleanup();
  });

  it('two limiters on one store together keep to the pace over every window: a burst, then one slot per interval', async () => {
    const limiters = [new StoreRateLimiter(one, COUPA, PACE, noWaiting), new StoreRateLimiter(two, COUPA, PACE, noWaiting)];
    const slots: number[] = [];
    // Three jobs per "process", 20 requests each: 120 reservations racing on one row.
    await Promise.all(
      limiters.flatMap((limiter) =>
        [1, 2, 3].map(async () => {
          for (let i = 0; i < 20; i++) slots.push((await limiter.take()).at);
        }),
      ),
    );
    expect(slots).toHaveLength(120);
    const perSecond = PACE.burst + 1000 / PACE.intervalMs;
    expect(busiestWindow(slots, 1000)).toBeLessThanOrEqual(perSecond);
    expect(busiestWindow(slots, 200)).toBeLessThanOrEqual(PACE.burst + 200 / PACE.intervalMs);
    // …and the budget is used, not wasted: the 120 reservations span no more than the pace needs
    // (plus however long the reservations themselves took, which is far less than the span).
    const span = Math.max(...slots) - Math.min(...slots);
    expect(span).toBeGreaterThanOrEqual((120 - PACE.burst) * PACE.intervalMs);
  });

  it('a burst goes at once, then one slot per interval; an idle budget fills up again to the burst, no further', async () => {
    const t = 1_800_000_000_000;
    const at = async (now: number, n: number, db: Store) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await reserveRateSlot(db, COUPA, PACE, now)).at - t);
      return out;
    };
    const first = [...(await at(t, 10, one)), ...(await at(t, 15, two))];
    expect(first.slice(0, 18)).toEqual(Array<number>(18).fill(0));
    expect(first.slice(18)).toEqual([50, 100, 150, 200, 250, 300, 350]);
    // 100 ms after the last slot two intervals have come back: two go at once, the next waits.
    expect(await at(t + 450, 3, one)).toEqual([450, 450, 500]);
    // Idle for a minute: a full burst again, and not one more.
    const later = await at(t + 60_000, 19, two);
    expect(later.slice(0, 18)).toEqual(Array<number>(18).fill(60_000));
    expect(later[18]).toBe(60_050);
    // Another budget is another row.
    expect((await reserveRateSlot(one, { provider: 'freshbooks', subject: 'acme' }, PACE, t + 450)).at).toBe(t + 450);
  });

  it('an aborted wait rejects at once with the reason; an already aborted signal reserves nothing', async () => {
    const slow: RatePace = { intervalMs: 60_000, burst: 1 };
    const controller = new AbortController();
    // A real sleep (it would take a minute), aborted as soon as the limiter starts waiting.
    const abortingClock: Clock = {
      now: () => Date.now(),
      sleep: (ms, signal) => {
        controller.abort(new Error('lease lost'));
        return systemClock.sleep(ms, signal);
      },
    };
    const limiter = new StoreRateLimiter(one, COUPA, slow, abortingClock);
    await limiter.acquire(controller.signal);
    await expect(limiter.acquire(controller.signal)).rejects.toThrow('lease lost');
    expect(controller.signal.aborted).toBe(true);

    const other = new StoreRateLimiter(two, { provider: 'coupa', subject: 'https://other.coupahost.com' }, slow, noWaiting);
    await expect(other.acquire(controller.signal)).rejects.toThrow('lease lost');
    // Nothing was reserved: the first slot of that budget is still free.
    const slot = await other.take();
    expect(slot.at).toBe(slot.now);
  });
});
