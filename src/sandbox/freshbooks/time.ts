/** Date and timestamp formats of the accounting API, all computed in UTC from the injected clock. */

/** "YYYY-MM-DD HH:MM:SS" — bill and bill_vendor timestamps are UTC (Python SDK's ACCOUNTING_UTC_DATE_FIELDS). */
export function sqlTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** The UTC calendar day of an instant, "YYYY-MM-DD". */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in "YYYY-MM-DD", or undefined ("2024-02-30" is not one). */
export function parseDay(text: string): string | undefined {
  const m = DAY.exec(text);
  if (!m) return undefined;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text ? text : undefined;
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
