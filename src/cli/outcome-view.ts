/**
 * A plan (`sync --dry-run`) or a pass's report as a person reads it: totals per flow, action
 * and currency first (currencies are never added together), then each record, held ones
 * with what a person must do. The same columns go to CSV for a controller's working papers.
 */
import type { Outcome, OutcomeAction, OutcomeItem } from '../sync/outcome.js';
import { csvLines } from './csv.js';

const PLANNED: Record<OutcomeAction, string> = {
  create: 'would create',
  update: 'would update',
  delete: 'would delete',
  adopt: 'would adopt',
  'mark-exported': 'would mark exported',
  hold: 'would hold for a person',
  'skip-before-start': 'would skip (before start date)',
};

const DONE: Record<OutcomeAction, string> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  adopt: 'adopted',
  'mark-exported': 'marked exported',
  hold: 'held for a person',
  'skip-before-start': 'skipped (before start date)',
};

/** A table lists this many records; the CSV has them all. */
const TABLE_ROWS = 200;

export type OutcomeMode = 'plan' | 'report';

function verb(mode: OutcomeMode, action: OutcomeAction): string {
  return (mode === 'plan' ? PLANNED : DONE)[action];
}

function money(item: Pick<OutcomeItem, 'amount' | 'currency'>): string {
  return item.amount === null ? '' : `${item.amount} ${item.currency ?? ''}`.trim();
}

function columns(rows: string[][]): string {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Totals per flow, action and currency, one line each. */
export function outcomeTotals(outcome: Outcome, mode: OutcomeMode): string {
  return columns([
    ['flow', 'action', 'records', 'amount'],
    ...outcome.totals.map((t) => [
      t.flow,
      verb(mode, t.action),
      String(t.count),
      t.amount === null ? '' : `${t.amount} ${t.currency ?? ''}`,
    ]),
  ]);
}

export function outcomeTable(outcome: Outcome, mode: OutcomeMode, heading: string): string {
  if (outcome.items.length === 0) return `${heading}\nNothing to ${mode === 'plan' ? 'do' : 'report'}: both sides already agree.`;
  const totals = outcomeTotals(outcome, mode);
  const shown = outcome.items.slice(0, TABLE_ROWS);
  const records = columns(
    shown.map((i) => [
      i.flow,
      verb(mode, i.action),
      i.label,
      money(i),
      i.freshbooksId ? `FreshBooks ${i.freshbooksId}` : '',
      i.detail ?? '',
    ]),
  );
  const more = outcome.items.length - shown.length;
  return [heading, '', totals, '', records, ...(more > 0 ? [`… and ${more} more record(s); \`--format csv\` lists them all.`] : [])].join(
    '\n',
  );
}

export function outcomeCsv(outcome: Outcome, mode: OutcomeMode): string {
  return csvLines(
    ['flow', 'action', 'record', 'coupa_id', 'freshbooks_id', 'label', 'amount', 'currency', 'detail'],
    outcome.items.map((i) => [
      i.flow,
      verb(mode, i.action),
      i.record,
      i.coupaId,
      i.freshbooksId ?? '',
      i.label,
      i.amount ?? '',
      i.currency ?? '',
      i.detail ?? '',
    ]),
  );
}
