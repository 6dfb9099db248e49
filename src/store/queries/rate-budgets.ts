/**
 * Request budgets shared by every process on the store, as GCRA (the generic cell rate
 * algorithm): a budget is one number, its theoretical arrival time `tat`. A request reserves
 * the next slot by moving `tat` one interval on from `max(tat, now)`, and may be sent at
 * `tat − burst·interval` (at once when that is already past). Over any window of w ms the
 * slots handed out number at most `burst + floor(w / interval)`, however many callers share
 * the row, because each reservation is one atomic upsert: no read-then-write, no lock held
 * across a round trip, no polling.
 */
import type { RawBuilder } from 'kysely';
import { sql } from '../kysely.js';
import type { Store } from '../db.js';
import type { Provider } from '../schema.js';

/** Whose budget: e.g. `{ provider: 'coupa', subject: 'https://acme.coupahost.com' }`. */
export interface RateBudgetKey {
  provider: Provider;
  subject: string;
}

/** A rate as whole milliseconds between requests (exact arithmetic), and how many may go at once. */
export interface RatePace {
  intervalMs: number;
  burst: number;
}

export interface RateSlot {
  /** When the request may be sent (epoch ms, on the clock that reserved it); never before `now`. */
  at: number;
  /** The time the reservation was made at, on the same clock. */
  now: number;
}

/**
 * Reserves the next slot of `key`'s budget in one round trip. `now` is the time to reserve
 * at; absent, the store's clock: PostgreSQL's, so workers on hosts whose clocks disagree still
 * share one timeline; SQLite's store is on this machine, so its clock is this machine's.
 * The caller waits `at − now`.
 */
export async function reserveRateSlot(store: Store, key: RateBudgetKey, pace: RatePace, now?: number): Promise<RateSlot> {
  const at: RawBuilder<number> =
    now !== undefined
      ? sql<number>`cast(${now} as bigint)`
      : store.dialect === 'postgres'
        ? // One value for the whole statement (statement_timestamp, not clock_timestamp), so the
          // time written and the time returned agree.
          sql<number>`cast(extract(epoch from statement_timestamp()) * 1000 as bigint)`
        : sql<number>`cast(${Date.now()} as bigint)`;
  const interval = sql<number>`cast(${pace.intervalMs} as bigint)`;
  const row = await store.db
    .insertInto('rate_budgets')
    .values({ provider: key.provider, subject: key.subject, tat: sql<number>`${at} + ${interval}` })
    .onConflict((oc) =>
      oc.columns(['provider', 'subject']).doUpdateSet({
        tat: sql<number>`case when rate_budgets.tat > ${at} then rate_budgets.tat else ${at} end + ${interval}`,
      }),
    )
    .returning(['tat', at.as('now')])
    .executeTakeFirstOrThrow();
  // Both are numbers on PostgreSQL too: openStore parses int8 as a number.
  return { at: Math.max(row.now, row.tat - pace.burst * pace.intervalMs), now: row.now };
}
