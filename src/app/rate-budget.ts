/**
 * Request budgets shared by every process on the store (`serve`, any number of `worker`s, a
 * `sync` run from the command line beside them): each request reserves its slot in the
 * store (queries/rate-budgets.ts, one round trip) and sleeps until it. Used on SQLite too:
 * the embedded store is not one process only (`ml-connector sync` while `serve` runs, a
 * `worker` beside `serve`), so an in-process bucket alone would let two processes send twice
 * the pace; one upsert on a local file (tens of microseconds) per API call costs nothing that
 * matters at 20 requests a second.
 */
import { systemClock, type Clock } from '../lib/clock.js';
import type { RateLimiter } from '../providers/rate-limiter.js';
import type { Store } from '../store/db.js';
import { reserveRateSlot, type RateBudgetKey, type RatePace, type RateSlot } from '../store/queries/rate-budgets.js';

/**
 * A provider's pace (requests per second, burst) as the store keeps it: whole milliseconds
 * between requests, rounded up (a slower pace is the safe side).
 */
export function sharedPace(pace: { ratePerSecond: number; burst: number }): RatePace {
  return { intervalMs: Math.ceil(1000 / pace.ratePerSecond), burst: pace.burst };
}

/** Waits for the next slot of one budget in the store. */
export class StoreRateLimiter implements RateLimiter {
  constructor(
    private readonly store: Store,
    readonly key: RateBudgetKey,
    readonly pace: RatePace,
    private readonly clock: Clock = systemClock,
  ) {}

  async acquire(signal?: AbortSignal): Promise<void> {
    await this.take(signal);
  }

  /** Waits for the next slot and returns it (on the clock it was reserved by). */
  async take(signal?: AbortSignal): Promise<RateSlot> {
    signal?.throwIfAborted();
    // SQLite's clock is this machine's: the injected one, so tests with a fake clock stay in
    // its time. PostgreSQL's is the server's (one timeline for every host).
    const slot = await reserveRateSlot(this.store, this.key, this.pace, this.store.dialect === 'sqlite' ? this.clock.now() : undefined);
    // A slot reserved and then abandoned is simply not used: the budget errs on the slow side.
    signal?.throwIfAborted();
    const wait = slot.at - slot.now;
    if (wait > 0) await this.clock.sleep(wait, signal);
    return slot;
  }
}
