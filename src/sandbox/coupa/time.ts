/**
 * Time as a Coupa instance shows it: ISO-8601 with the instance's own UTC offset (which moves
 * with daylight saving, so one record can say -08:00 and the next -07:00), second precision
 * (a MySQL DATETIME column). Filter values follow the documented rules: a date alone is
 * midnight UTC, and `+`/`:` must be URL-encoded.
 */
import { CoupaApiError, type ErrorKey } from './errors.js';

export function truncateToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

const HOUR = 3_600_000;

export class InstanceClock {
  private readonly offsets = new Map<number, number>();
  private readonly offsetFormat: Intl.DateTimeFormat;

  constructor(
    private readonly nowFn: () => number,
    readonly timeZone = 'America/Los_Angeles',
  ) {
    this.offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  }

  /** The current time as stored in a record: truncated to the second. */
  now(): number {
    return truncateToSecond(this.nowFn());
  }

  /** The raw injected clock (token expiry and the rate limiter need sub-second time). */
  nowMs(): number {
    return this.nowFn();
  }

  /** Offset from UTC in minutes at that instant (cached per hour: formatting is hot on big lists). */
  offsetMinutes(ms: number): number {
    const hour = Math.floor(ms / HOUR);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      const name = this.offsetFormat.formatToParts(new Date(hour * HOUR)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
      const m = /GMT([+-])(\d\d):(\d\d)/.exec(name);
      offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
      this.offsets.set(hour, offset);
    }
    return offset;
  }

  /** "2024-04-01T02:16:48-07:00" */
  format(ms: number): string {
    const offset = this.offsetMinutes(ms);
    const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)(Z|[+-]\d{2}:?\d{2})?$/i;
// What an unencoded "+03:00" turns into after form decoding: "+" became a space.
// Choice CP-40 (docs/api-notes.md): refused with a hint, rather than read as some other instant.
const LOST_PLUS = /T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)? \d{2}:?\d{2}$/;

/**
 * Parses a date or datetime given in a filter or a request body. Returns epoch ms.
 * Choice CP-15 (docs/api-notes.md): a datetime without a zone is UTC, like a date alone.
 */
export function parseCoupaTime(value: string, what: string, key: ErrorKey = 'base'): number {
  const text = value.trim();
  if (DATE_ONLY.test(text)) {
    const ms = Date.parse(`${text}T00:00:00Z`);
    if (Number.isFinite(ms)) return ms;
  }
  if (LOST_PLUS.test(text)) {
    throw CoupaApiError.invalid(
      key,
      `Invalid date '${text}' for ${what}: a '+' in a query value must be URL-encoded as %2B (and ':' as %3A).`,
    );
  }
  const m = DATE_TIME.exec(text);
  if (m) {
    let zone = m[3] ?? 'Z';
    if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
    const ms = Date.parse(`${m[1]}T${m[2]}${zone.toUpperCase()}`);
    if (Number.isFinite(ms)) return ms;
  }
  throw CoupaApiError.invalid(key, `Invalid date '${text}' for ${what}. Use ISO-8601, e.g. 2024-04-01 or 2024-04-01T00:00:00%2B03:00.`);
}
