/**
 * What FreshBooks takes on a bill, and how a Coupa document that exceeds it is still written
 * whole: a long description is shortened with a pointer to its full text in Coupa, a quantity
 * with too many places becomes one unit of the exact total (bill-mapping.ts), and a document
 * with more lines than a bill holds has its lines of one category gathered into one line.
 * None of these changes an amount: the bill still adds up to exactly what Coupa says.
 *
 * FreshBooks bills have no notes field (none is documented), so the full text stays where it
 * is, in Coupa, and the shortened line says where.
 */
import { Decimal } from '../lib/decimal.js';
import { fromMinorUnits, toMinorUnits } from './money.js';
import type { BillLineDraft } from './records.js';

/** Choice FB-55 (docs/api-notes.md): lines per bill. */
export const FRESHBOOKS_MAX_LINES = 100;
/** Choice FB-56 (docs/api-notes.md): characters in a line description. */
const FRESHBOOKS_MAX_DESCRIPTION = 255;
/** Choice FB-57 (docs/api-notes.md): decimal places of a line quantity. */
const FRESHBOOKS_QUANTITY_SCALE = 2;

/** A bill line and the Coupa lines it came from ("3", or "5" … "40" once gathered). */
export interface SourcedLine {
  line: BillLineDraft;
  from: string[];
}

/**
 * The description as FreshBooks takes it, `detail` (quantity and price) in brackets after it:
 * unchanged when it fits; otherwise the text is cut (by code point, so no character is split)
 * and says where the full text is, keeping the detail.
 */
export function fitDescription(text: string, where: string, detail?: string): string {
  const tail = detail ? ` (${detail})` : '';
  const whole = text ? `${text}${tail}` : tail.trimStart();
  if (Array.from(whole).length <= FRESHBOOKS_MAX_DESCRIPTION) return whole;
  const pointer = ` … (full text: ${where} in Coupa)${tail}`;
  const keep = Math.max(0, FRESHBOOKS_MAX_DESCRIPTION - Array.from(pointer).length);
  return Array.from(`${Array.from(text).slice(0, keep).join('').trimEnd()}${pointer}`)
    .slice(0, FRESHBOOKS_MAX_DESCRIPTION)
    .join('');
}

/** Whether a quantity can be written as it is. */
export function quantityFits(quantity: Decimal): boolean {
  return quantity.normalize().scale <= FRESHBOOKS_QUANTITY_SCALE;
}

export class TooManyLinesError extends Error {
  constructor(
    readonly lines: number,
    readonly groups: number,
  ) {
    super(
      `${lines} lines fall in ${groups} different categories and taxes, more than the ${FRESHBOOKS_MAX_LINES} lines a FreshBooks bill holds even with each category on one line`,
    );
    this.name = 'TooManyLinesError';
  }
}

/**
 * At most `room` lines. When there are more, lines that share a category and tax are gathered
 * into one line each (quantity 1, their summed amount, a description naming the Coupa lines),
 * in the order each group first appears, so the categories FreshBooks reports are unchanged.
 * Only groups of two or more lines are gathered; the rest stay as they are.
 */
export function gatherLines(lines: readonly SourcedLine[], room: number, document: string, currency: string): SourcedLine[] {
  if (lines.length <= room) return [...lines];
  const groups = new Map<string, SourcedLine[]>();
  for (const l of lines) {
    const key = JSON.stringify([l.line.categoryId, l.line.tax?.name ?? null, l.line.tax?.percent.normalize().toString() ?? null]);
    const group = groups.get(key);
    if (group) group.push(l);
    else groups.set(key, [l]);
  }
  if (groups.size > room) throw new TooManyLinesError(lines.length, groups.size);
  return [...groups.values()].map((group) => (group.length === 1 && group[0] ? group[0] : gathered(group, document, currency)));
}

function gathered(group: readonly SourcedLine[], document: string, currency: string): SourcedLine {
  const from = group.flatMap((l) => l.from);
  const [first] = group;
  // Each line's quantity × unit cost is its exact total (bill-mapping.ts), so the sum is exact at the currency's scale.
  const amount = Decimal.sum(group.map((l) => l.line.quantity.mul(l.line.unitCost)));
  const line: BillLineDraft = {
    description: fitDescription(`${group.length} lines of ${document}: lines ${ranges(from)}`, document),
    quantity: Decimal.parse(1),
    unitCost: fromMinorUnits(toMinorUnits(amount, currency), currency),
    categoryId: first?.line.categoryId ?? '',
  };
  if (first?.line.tax) line.tax = first.line.tax;
  return { line, from };
}

/** "1–3, 5, 7–9" for runs of whole line numbers; other labels as they are. */
function ranges(labels: readonly string[]): string {
  const out: string[] = [];
  let start: string | undefined;
  let prev: number | undefined;
  let prevLabel = '';
  const close = () => {
    if (start !== undefined) out.push(start === prevLabel ? start : `${start}–${prevLabel}`);
    start = undefined;
  };
  for (const label of labels) {
    const n = /^\d+$/.test(label) ? Number(label) : undefined;
    if (n !== undefined && prev !== undefined && start !== undefined && n === prev + 1) {
      prev = n;
      prevLabel = label;
      continue;
    }
    close();
    if (n === undefined) {
      out.push(label);
      prev = undefined;
    } else {
      start = label;
      prev = n;
      prevLabel = label;
    }
  }
  close();
  return out.join(', ');
}
