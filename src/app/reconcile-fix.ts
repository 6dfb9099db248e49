/**
 * `reconcile --fix`: the records a reconciliation found the connector can repair are run
 * through the engine again, as their webhooks would run them (so every rule holds: a bill a
 * person paid or keyed is never deleted or rewritten, it goes to the attention list instead);
 * then both systems are read again and each line says what it became. What the engine wrote
 * is audited like any sync.
 */
import type { FixTarget, LineStatus, ReconLine } from '../core/reconciliation.js';
import { appendAudit, type NewAuditEvent } from '../store/queries/audit.js';
import { isWrite, type WriteEvent } from '../sync/context.js';
import { runForRecords, type RecordTargets } from '../sync/engine.js';
import { outcomeOf, type Outcome } from '../sync/outcome.js';
import type { SyncReport } from '../sync/report.js';
import { runReconciliation, saveReconciliation, type ReconciliationReport } from './reconcile.js';
import { syncDepsFor } from './tenant-deps.js';
import type { TenantScope } from './tenant-scope.js';

export interface FixedLine {
  label: string;
  before: LineStatus;
  /** 'agreement' also when the record left the report (a voided invoice whose bill is gone). */
  after: LineStatus;
  message: string;
  action: ReconLine['action'];
}

export interface FixResult {
  before: ReconciliationReport;
  after: ReconciliationReport;
  /** What the engine wrote, record by record. */
  outcome: Outcome;
  fixed: FixedLine[];
  /** Records the engine could not run, with why. */
  failures: Array<{ record: string; reason: string }>;
}

function targetsOf(lines: readonly ReconLine[]): RecordTargets {
  const pick = (kind: FixTarget['kind']) => [
    ...new Set(lines.flatMap((l) => (l.fix?.kind === kind && l.action.kind === 'fix' ? [l.fix.id] : []))),
  ];
  const billsOf = lines.flatMap((l) => (l.action.kind === 'fix' && l.fix && 'billId' in l.fix && l.fix.billId ? [l.fix.billId] : []));
  return {
    purchaseOrders: pick('purchase-order'),
    invoices: pick('invoice'),
    invoicePayments: pick('invoice-payments'),
    bills: [...new Set([...pick('bill'), ...billsOf])],
  };
}

const keyOf = (l: Pick<ReconLine, 'record' | 'label'>) => `${l.record}\u0000${l.label}`;

export async function fixReconciliation(scope: TenantScope, options: Parameters<typeof runReconciliation>[1]): Promise<FixResult> {
  const before = await runReconciliation(scope, options);
  const fixable = before.lines.filter((l) => l.fix !== undefined && l.action.kind === 'fix');
  if (fixable.length === 0) {
    await saveReconciliation(scope.store.db, before);
    return { before, after: before, outcome: outcomeOf([]), fixed: [], failures: [] };
  }
  const events: WriteEvent[] = [];
  const deps = await syncDepsFor(scope, { onWrite: (e) => events.push(e) });
  let report: SyncReport;
  try {
    report = await runForRecords(deps, targetsOf(fixable));
  } finally {
    const written: NewAuditEvent[] = events
      .filter(isWrite)
      .map((e) => ({ tenantId: scope.tenantId, kind: 'write', detail: { ...e, source: 'reconcile-fix' } }));
    await appendAudit(scope.store.db, written);
  }
  const after = await runReconciliation(scope, options);
  await saveReconciliation(scope.store.db, after);
  const now = new Map(after.lines.map((l) => [keyOf(l), l]));
  const fixed = fixable.map((l) => {
    const a = now.get(keyOf(l));
    return a
      ? { label: l.label, before: l.status, after: a.status, message: a.message, action: a.action }
      : {
          label: l.label,
          before: l.status,
          after: 'agreement' as const,
          message: 'No longer differs.',
          action: { kind: 'none' as const, text: 'Nothing to do.' },
        };
  });
  return { before, after, outcome: outcomeOf(events), fixed, failures: Object.values(report).flatMap((f) => f.failed) };
}
