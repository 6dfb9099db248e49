/**
 * The stored plans and reports as people ask for them: the last dry run's plan, the last
 * sync's report, or the first sync's — every pass of it up to the one that finished, as one
 * report (a first sync stopped by Ctrl-C and continued is still one day-one report).
 */
import type { Db } from '../store/db.js';
import { firstSyncRuns, latestSyncRun } from '../store/queries/sync-runs.js';
import { mergeOutcomes, parseOutcome, type Outcome } from '../sync/outcome.js';
import { AppError } from '../lib/errors.js';
import { CorruptRowError } from '../store/errors.js';

export type StoredReportKind = 'plan' | 'first' | 'last';

export interface StoredReport {
  /** When it was made (the first sync: when its last pass ended). */
  at: number;
  /** False while the first sync, or the last pass, stopped before it finished. */
  complete: boolean;
  /** How many passes it covers. */
  passes: number;
  outcome: Outcome;
}

export async function storedReport(db: Db, tenantId: string, which: StoredReportKind): Promise<StoredReport | undefined> {
  const runs =
    which === 'first' ? await firstSyncRuns(db, tenantId) : [await latestSyncRun(db, tenantId, which === 'plan' ? 'plan' : 'sync')];
  const present = runs.filter((r) => r !== undefined);
  const last = present.at(-1);
  if (!last) return undefined;
  const outcomes = present.map((r) => {
    const outcome = parseOutcome(r.outcome);
    if (!outcome) throw new CorruptRowError('sync_runs', 'outcome', 'not a sync outcome');
    return outcome;
  });
  return { at: last.createdAt, complete: last.complete, passes: present.length, outcome: mergeOutcomes(outcomes) };
}

export class NoStoredReportError extends AppError {
  constructor(tenantId: string, which: StoredReportKind) {
    super(
      'no_report',
      which === 'plan' ? `Tenant '${tenantId}' has no dry run yet.` : `Tenant '${tenantId}' has no sync report yet.`,
      which === 'plan' ? `Run \`ml-connector sync --tenant ${tenantId} --dry-run\`.` : `Run \`ml-connector sync --tenant ${tenantId}\`.`,
    );
  }
}

export async function requireStoredReport(db: Db, tenantId: string, which: StoredReportKind): Promise<StoredReport> {
  const stored = await storedReport(db, tenantId, which);
  if (!stored) throw new NoStoredReportError(tenantId, which);
  return stored;
}
