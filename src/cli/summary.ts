/** The sync summary as a person reads it. */
import { FLOWS, type SyncReport } from '../sync/report.js';

const COLUMNS = ['created', 'updated', 'linked', 'deleted', 'skipped', 'queued', 'failed'] as const;

export function renderSummary(report: SyncReport, tenantId: string, reviewsWaiting: number): string {
  const lines = ['flow'.padEnd(24) + COLUMNS.map((c) => c.padStart(9)).join('')];
  for (const flow of FLOWS) {
    const f = report[flow];
    const values = { ...f, failed: f.failed.length };
    lines.push(flow.padEnd(24) + COLUMNS.map((c) => String(values[c]).padStart(9)).join(''));
  }
  const failures = FLOWS.flatMap((flow) => report[flow].failed.map((x) => `  ${flow}: ${x.record}: ${x.reason}`));
  if (failures.length > 0) lines.push('', 'Failed (retried on the next sync):', ...failures);
  if (reviewsWaiting > 0)
    lines.push(
      '',
      `${reviewsWaiting} supplier(s) wait for review, their POs and invoices held back: see \`ml-connector review list --tenant ${tenantId}\`.`,
    );
  const people = FLOWS.flatMap((flow) => report[flow].needsPerson.map((p) => `  ${p.message}\n    → ${p.action}`));
  if (people.length > 0) lines.push('', `Needs a person (also in \`ml-connector attention list --tenant ${tenantId}\`):`, ...people);
  const notes = FLOWS.flatMap((flow) => report[flow].notes.map((n) => `  ${n}`));
  if (notes.length > 0) lines.push('', 'Notes:', ...notes);
  return lines.join('\n');
}
