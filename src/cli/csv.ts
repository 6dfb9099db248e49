/**
 * CSV for finance people, who open it in a spreadsheet: quoted where needed, and a cell that a
 * spreadsheet would run as a formula (=, +, @, or - before something not a number) is made text.
 */
const FORMULA = /^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/;

export function csvCell(value: string): string {
  const safe = FORMULA.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLines(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [header, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\n');
}
