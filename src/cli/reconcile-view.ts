/**
 * A reconciliation for people: the table lists what differs, each with what to do, then the
 * totals (per currency, per vendor, per cost centre; currencies never added together); records
 * in agreement are counted, not listed. CSV has one row per record, agreements included, for a
 * spreadsheet.
 */
import type { FixResult } from '../app/reconcile-fix.js';
import type { ReconciliationReport } from '../app/reconcile.js';
import type { AmountTotals } from '../core/reconcile-totals.js';
import { isDifference, LINE_STATUSES, type ReconLine } from '../core/reconciliation.js';
import { csvLines } from './csv.js';

const STATUS_TEXT: Record<ReconLine['status'], string> = {
  agreement: 'in agreement',
  'missing-in-freshbooks': 'missing in FreshBooks',
  'missing-in-coupa': 'missing in Coupa',
  'amount-differs': 'amount differs',
  'payment-missing-in-freshbooks': 'payment missing in FreshBooks',
  'payment-missing-in-coupa': 'payment missing in Coupa',
  'paid-differs': 'paid amounts differ',
  'allocation-differs': 'allocation differs',
  unlinked: 'unlinked',
  'needs-person': 'needs a person',
};

const row = (cells: readonly string[], widths: readonly number[]) =>
  cells
    .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
    .join('  ')
    .trimEnd();

function statusCounts(report: ReconciliationReport): string {
  const counts = new Map(report.totals.byStatus.map((s) => [s.status, s.count]));
  return LINE_STATUSES.filter((s) => counts.has(s))
    .map((s) => `${counts.get(s) ?? 0} ${STATUS_TEXT[s]}`)
    .join(', ');
}

function difference(line: ReconLine): string[] {
  const sides = [
    line.coupa
      ? `Coupa ${line.coupa.ref || line.coupa.id}: ${line.coupa.amount}${line.coupa.paid !== undefined ? ` (paid ${line.coupa.paid})` : ''}`
      : 'Coupa: —',
    line.freshbooks
      ? `FreshBooks ${line.record === 'payment' ? 'payment' : 'bill'} ${line.freshbooks.id}: ${line.freshbooks.amount}${line.freshbooks.paid !== undefined ? ` (paid ${line.freshbooks.paid})` : ''}`
      : 'FreshBooks: —',
  ];
  return [
    `${STATUS_TEXT[line.status].toUpperCase()}  ${line.label}  [${line.currency}]`,
    `  ${line.message}`,
    `  ${sides.join('   ')}`,
    `  → ${line.action.text}${line.action.command ? `\n    ${line.action.command}` : ''}`,
  ];
}

export function reconciliationTable(report: ReconciliationReport): string {
  const out = [
    `Reconciliation of tenant '${report.tenant}', ${report.period.from} to ${report.period.to} (read live from Coupa and FreshBooks at ${report.generatedAt}):`,
    report.lines.length === 0 ? 'No document in this period on either side.' : statusCounts(report),
    '',
  ];
  const differing = report.lines.filter((l) => isDifference(l.status));
  if (differing.length === 0 && report.lines.length > 0) out.push('Both sides agree on every record, down to the cent.', '');
  for (const line of differing) out.push(...difference(line), '');
  const unlinked = report.lines.filter((l) => l.status === 'unlinked');
  if (unlinked.length > 0) out.push('In FreshBooks only, never written by the connector (nothing to do if it is spend outside Coupa):', '');
  for (const line of unlinked) out.push(...difference(line), '');
  const w = [16, 14, 14, 14, 14, 14, 14, 6];
  const head = ['', 'invoiced Coupa', 'billed FB', 'committed Coupa', 'committed FB', 'paid Coupa', 'paid FB', 'diff'];
  out.push('Totals per currency:', row(['currency', ...head.slice(1)], w));
  const amounts = (t: AmountTotals) => [
    t.invoiced.coupa,
    t.invoiced.freshbooks,
    t.committed.coupa,
    t.committed.freshbooks,
    t.paid.coupa,
    t.paid.freshbooks,
    String(t.differences),
  ];
  for (const t of report.totals.byCurrency) out.push(row([t.currency, ...amounts(t)], w));
  const vw = [28, ...w.slice(1)];
  out.push('', 'Totals per vendor:', row(['vendor', ...head.slice(1)], vw));
  for (const t of report.totals.byVendor) out.push(row([`${t.vendor} (${t.currency})`, ...amounts(t)], vw));
  if (report.totals.byCostCentre.length > 0) {
    out.push('', 'Paid per cost centre:', row(['cost centre', 'currency', 'paid'], [16, 8, 14]));
    for (const c of report.totals.byCostCentre) out.push(row([c.costCentre, c.currency, c.paid], [16, 8, 14]));
  }
  return out.join('\n');
}

export function reconciliationCsv(report: ReconciliationReport): string {
  const header = [
    'status',
    'record',
    'label',
    'vendor',
    'currency',
    'coupa_id',
    'coupa_ref',
    'coupa_amount',
    'coupa_paid',
    'freshbooks_id',
    'freshbooks_ref',
    'freshbooks_amount',
    'freshbooks_paid',
    'differs',
    'message',
    'action',
    'command',
  ];
  return csvLines(
    header,
    report.lines.map((l) => [
      l.status,
      l.record,
      l.label,
      l.vendor,
      l.currency,
      l.coupa?.id ?? '',
      l.coupa?.ref ?? '',
      l.coupa?.amount ?? '',
      l.coupa?.paid ?? '',
      l.freshbooks?.id ?? '',
      l.freshbooks?.ref ?? '',
      l.freshbooks?.amount ?? '',
      l.freshbooks?.paid ?? '',
      l.fields.join(' '),
      l.message,
      l.action.text,
      l.action.command ?? '',
    ]),
  );
}

/** What --fix did: each line it tried, before and after, what the engine wrote, then the report as it is now. */
export function fixTable(result: FixResult): string {
  const out: string[] = [];
  if (result.fixed.length === 0) out.push('Nothing the connector can repair: what differs needs the steps below.', '');
  else {
    out.push(`Re-synced ${result.fixed.length} record(s):`);
    for (const f of result.fixed) {
      const now = f.after === 'agreement' ? 'now in agreement' : `still ${STATUS_TEXT[f.after]}: ${f.message} → ${f.action.text}`;
      out.push(`  ${f.label}: was ${STATUS_TEXT[f.before]}; ${now}`);
    }
    const wrote = result.outcome.items.filter((i) => i.action !== 'skip-before-start');
    if (wrote.length > 0) {
      out.push('', 'Written:');
      for (const i of wrote) out.push(`  ${i.flow} ${i.action} ${i.label}${i.amount ? ` ${i.amount} ${i.currency ?? ''}` : ''}`);
    }
    for (const f of result.failures) out.push(`  FAILED ${f.record}: ${f.reason}`);
    out.push('');
  }
  out.push(reconciliationTable(result.after));
  return out.join('\n');
}
