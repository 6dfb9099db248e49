/**
 * When a failed job runs again: seconds first, then minutes, then hours — about 4.5 h in all
 * by default — with ±20 % jitter so a burst of failures does not come back as one burst.
 */
import { UsageError } from '../lib/errors.js';

export const DEFAULT_RETRY_SCHEDULE_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000];

/**
 * The wait after failed try `attempt` (1-based), or undefined when the job is out of tries:
 * past the job's own limit, or past the end of the schedule.
 */
export function retryDelay(
  schedule: readonly number[],
  attempt: number,
  maxAttempts: number,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= maxAttempts) return undefined;
  const base = schedule[attempt - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (0.8 + 0.4 * random()));
}

const UNITS = new Map([
  ['ms', 1],
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
]);

/** Parses "5s,30s,2m,10m,1h" (the --retry-schedule flag). */
export function parseRetrySchedule(text: string): number[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new UsageError('--retry-schedule is empty.', 'Give waits like "5s,30s,2m,10m,1h".');
  return parts.map((part) => {
    const [, amount, unit = ''] = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(part) ?? [];
    const factor = UNITS.get(unit);
    if (amount === undefined || factor === undefined)
      throw new UsageError(`--retry-schedule: '${part}' is not a duration.`, 'Use a number with ms, s, m or h, e.g. "5s,30s,2m,10m,1h".');
    return Math.round(Number(amount) * factor);
  });
}
