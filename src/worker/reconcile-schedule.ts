/**
 * The calendar of the daily reconciliation, as pure functions of the time: when the next run
 * is, and which period a run covers. Everything is UTC, so a run never moves with a server's
 * time zone or a daylight-saving change.
 */
import { UsageError } from '../lib/errors.js';

/** A time of day, UTC. */
export interface DailyTime {
  hour: number;
  minute: number;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM`, 00:00 to 23:59 (two digits each); `flag` names the option in the error. */
export function parseDailyTime(text: string, flag = '--reconcile-daily'): DailyTime {
  const m = HH_MM.exec(text.trim());
  if (!m) throw new UsageError(`${flag} must be a time of day HH:MM (UTC), from 00:00 to 23:59; got '${text}'.`, `E.g. ${flag} 02:30`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

export function formatDailyTime(at: DailyTime): string {
  return `${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}`;
}

/** The first instant strictly after `now` that is `at` (UTC): later today, or tomorrow. */
export function nextRunAt(now: Date, at: DailyTime | string): Date {
  const { hour, minute } = typeof at === 'string' ? parseDailyTime(at) : at;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour, minute);
  if (today > now.getTime()) return new Date(today);
  // Date.UTC carries day 32 into the next month (and 31 December into the next year).
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, hour, minute));
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The period a run at `now` reconciles: the month to date; on the 1st, the whole previous
 * month instead — its month-end close, once every bill and payment of it has arrived.
 */
export function periodFor(now: Date): { from: string; to: string } {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  if (now.getUTCDate() === 1) {
    // Day 0 of this month is the last day of the previous one; month -1 is December of last year.
    return { from: isoDay(Date.UTC(year, month - 1, 1)), to: isoDay(Date.UTC(year, month, 0)) };
  }
  return { from: isoDay(Date.UTC(year, month, 1)), to: isoDay(now.getTime()) };
}
