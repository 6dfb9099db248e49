/** The daily reconciliation's calendar: parsing HH:MM, the next run, and the period a run covers (all UTC). */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/lib/errors.js';
import { formatDailyTime, nextRunAt, parseDailyTime, periodFor } from '../../src/worker/reconcile-schedule.js';

const at = (iso: string) => new Date(iso);

describe('parseDailyTime', () => {
  it('reads HH:MM from 00:00 to 23:59', () => {
    expect(parseDailyTime('00:00')).toEqual({ hour: 0, minute: 0 });
    expect(parseDailyTime('02:30')).toEqual({ hour: 2, minute: 30 });
    expect(parseDailyTime(' 23:59 ')).toEqual({ hour: 23, minute: 59 });
    expect(formatDailyTime(parseDailyTime('07:05'))).toBe('07:05');
  });

  it.each(['24:00', '25:00', '23:60', '2:30', '02:3', '0230', '02:30:00', 'noon', '', '-1:00', '１２:００'])(
    "refuses '%s' with a UsageError that gives the format",
    (text) => {
      expect(() => parseDailyTime(text)).toThrow(UsageError);
      expect(() => parseDailyTime(text)).toThrow(/--reconcile-daily must be a time of day HH:MM \(UTC\), from 00:00 to 23:59/);
    },
  );
});

describe('nextRunAt', () => {
  it('is later today when the time has not come yet, else tomorrow', () => {
    expect(nextRunAt(at('2026-05-14T01:00:00Z'), '02:30')).toEqual(at('2026-05-14T02:30:00Z'));
    expect(nextRunAt(at('2026-05-14T02:29:59.999Z'), '02:30')).toEqual(at('2026-05-14T02:30:00Z'));
    expect(nextRunAt(at('2026-05-14T02:31:00Z'), '02:30')).toEqual(at('2026-05-15T02:30:00Z'));
  });

  it('is strictly after now: at the very instant, the next run is tomorrow (a timer firing on time runs once)', () => {
    expect(nextRunAt(at('2026-05-14T02:30:00Z'), '02:30')).toEqual(at('2026-05-15T02:30:00Z'));
    expect(nextRunAt(at('2026-05-14T02:30:00.001Z'), { hour: 2, minute: 30 })).toEqual(at('2026-05-15T02:30:00Z'));
  });

  it('crosses month ends, year ends and leap days', () => {
    expect(nextRunAt(at('2026-05-31T23:00:00Z'), '00:00')).toEqual(at('2026-06-01T00:00:00Z'));
    expect(nextRunAt(at('2026-12-31T23:59:30Z'), '23:59')).toEqual(at('2027-01-01T23:59:00Z'));
    expect(nextRunAt(at('2028-02-28T12:00:00Z'), '06:00')).toEqual(at('2028-02-29T06:00:00Z'));
    expect(nextRunAt(at('2027-02-28T12:00:00Z'), '06:00')).toEqual(at('2027-03-01T06:00:00Z'));
  });

  it('is UTC whatever the instant was written in', () => {
    // 2026-05-14 23:30 in New York is 03:30 UTC on the 15th: 02:30 UTC has passed there.
    expect(nextRunAt(at('2026-05-14T23:30:00-04:00'), '02:30')).toEqual(at('2026-05-16T02:30:00Z'));
  });
});

describe('periodFor', () => {
  it('is the month to date on any day but the 1st', () => {
    expect(periodFor(at('2026-05-14T02:30:00Z'))).toEqual({ from: '2026-05-01', to: '2026-05-14' });
    expect(periodFor(at('2026-05-02T00:00:00Z'))).toEqual({ from: '2026-05-01', to: '2026-05-02' });
    expect(periodFor(at('2026-05-31T23:59:00Z'))).toEqual({ from: '2026-05-01', to: '2026-05-31' });
  });

  it('is the whole previous month on the 1st: the month-end close', () => {
    expect(periodFor(at('2026-06-01T02:30:00Z'))).toEqual({ from: '2026-05-01', to: '2026-05-31' });
    expect(periodFor(at('2026-05-01T00:00:00Z'))).toEqual({ from: '2026-04-01', to: '2026-04-30' });
    expect(periodFor(at('2027-01-01T23:59:00Z'))).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(periodFor(at('2028-03-01T06:00:00Z'))).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodFor(at('2027-03-01T06:00:00Z'))).toEqual({ from: '2027-02-01', to: '2027-02-28' });
  });
});
