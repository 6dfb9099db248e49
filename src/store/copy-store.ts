/**
 * Copies every row of an embedded (SQLite) store into an empty PostgreSQL store.
 *
 * - The source is read inside one read transaction, so a process still writing to it cannot
 *   make the copy see half of a change (WAL gives the reader a fixed snapshot).
 * - The target is written inside one transaction that first locks every table: either the
 *   whole store arrives, row counts checked, or nothing does and the target stays empty.
 * - Rows are read by rowid in batches and inserted many to a statement, so an audit table of
 *   millions of rows never sits in memory at once. (Every table the migrations make is a rowid
 *   table; a WITHOUT ROWID one would need its primary key here instead.)
 * - Rows keep their ids (sealed credentials, links and jobs refer to each other by them), and
 *   each sequence is moved past the highest copied id so the next insert does not collide.
 */
import { AppError, errorMessage } from '../lib/errors.js';
import { sql } from './kysely.js';
import { planCopy, type CopyPlan, type TablePlan } from './copy-plan.js';
import type { Db, Store } from './db.js';
import { StoreError } from './errors.js';

export interface CopyProgress {
  table: string;
  /** Rows copied so far into this table. */
  copied: number;
  /** Rows the source holds in this table. */
  total: number;
}

export interface CopiedTable {
  table: string;
  rows: number;
}

export interface MovedSequence {
  table: string;
  column: string;
  /** The id the next row inserted on PostgreSQL gets. */
  next: number;
}

interface CopyResult {
  /** In the order they were copied (parents first). */
  tables: CopiedTable[];
  sequences: MovedSequence[];
}

interface CopyOptions {
  /** Most rows per INSERT (fewer for wide tables, to stay under the bound-parameter limit). */
  batchRows?: number;
  onProgress?: (progress: CopyProgress) => void;
}

/** The target already holds data: copying into it would mix two installations. */
export class TargetNotEmptyError extends AppError {
  constructor(
    readonly where: string,
    readonly tenants: string[],
    readonly tenantCount: number,
    readonly otherRows: CopiedTable[],
  ) {
    const named = tenants.join(', ') + (tenantCount > tenants.length ? `, … (${tenantCount} in all)` : '');
    const others = otherRows.map((t) => `${t.table} ${t.rows}`).join(', ');
    super(
      'target_not_empty',
      tenantCount > 0
        ? `The PostgreSQL store at ${where} already holds ${tenantCount} tenant${tenantCount === 1 ? '' : 's'} (${named}), so nothing was copied.`
        : `The PostgreSQL store at ${where} holds no tenant but is not empty (${others}), so nothing was copied.`,
      'migrate-store copies into an empty database only: create a new one (e.g. `createdb ml_connector`) and pass its URL to --to; ' +
        'if that database is a leftover of an earlier attempt that nothing uses, drop and recreate it first.',
    );
  }
}

/** The row counts of the two sides differ after the copy: the target transaction was rolled back. */
export class CopyMismatchError extends StoreError {
  constructor(
    where: string,
    readonly differences: Array<{ table: string; source: number; target: number }>,
  ) {
    super(
      `After copying, the row counts differ (${differences.map((d) => `${d.table}: ${d.source} in the source, ${d.target} in the target`).join('; ')}), so the copy into ${where} was rolled back.`,
      'Nothing was kept: stop every process using either store and run migrate-store again; if it happens again, report it with these numbers.',
    );
  }
}

/** The PostgreSQL bound-parameter limit is 65 535 per statement; stay well below it. */
const MAX_PARAMETERS = 30_000;
const ROWID = 'mlc_copy_rowid';

async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

async function refuseUnlessEmpty(tx: Db, plan: CopyPlan, where: string): Promise<void> {
  const counts = await Promise.all(plan.tables.map(async (t) => ({ table: t.name, rows: await countRows(tx, t.name) })));
  const filled = counts.filter((c) => c.rows > 0);
  if (filled.length === 0) return;
  const tenantCount = filled.find((c) => c.table === 'tenants')?.rows ?? 0;
  const tenants =
    tenantCount > 0 ? (await sql<{ id: string }>`select id from tenants order by id limit 5`.execute(tx)).rows.map((r) => r.id) : [];
  throw new TargetNotEmptyError(
    where,
    tenants,
    tenantCount,
    filled.filter((c) => c.table !== 'tenants'),
  );
}

async function copyTable(reader: Db, tx: Db, table: TablePlan, total: number, options: CopyOptions, where: string): Promise<number> {
  const perBatch = Math.max(1, Math.min(options.batchRows ?? 500, Math.floor(MAX_PARAMETERS / table.columns.length)));
  const columns = sql.join(table.columns.map((c) => sql.ref(c)));
  let after = Number.MIN_SAFE_INTEGER;
  let copied = 0;
  for (;;) {
    const { rows } = await sql<Record<string, unknown>>`
      select rowid as ${sql.ref(ROWID)}, ${columns} from ${sql.table(table.name)}
      where rowid > ${after} order by rowid limit ${perBatch}`.execute(reader);
    if (rows.length === 0) break;
    const values = rows.map((row) => sql`(${sql.join(table.columns.map((c) => row[c] ?? null))})`);
    try {
      await sql`insert into ${sql.table(table.name)} (${columns}) values ${sql.join(values)}`.execute(tx);
    } catch (err) {
      // The driver's message names the constraint, never the row's values (which may be sealed secrets).
      throw new StoreError(
        `Copying ${table.name} into ${where} failed after ${copied} of its ${total} rows: ${errorMessage(err)}.`,
        'Nothing was kept (the copy is one transaction): fix the cause and run migrate-store again.',
        err,
      );
    }
    copied += rows.length;
    after = Number(rows[rows.length - 1]?.[ROWID]);
    options.onProgress?.({ table: table.name, copied, total });
  }
  return copied;
}

/** Moves each serial column's sequence past the highest id copied (to 1 for an empty table). */
async function moveSequences(tx: Db, plan: CopyPlan): Promise<MovedSequence[]> {
  const moved: MovedSequence[] = [];
  for (const table of plan.tables) {
    if (!table.serial) continue;
    const { column, sequence } = table.serial;
    const { rows } = await sql<{ next: number | string }>`
      select setval(${sequence}::regclass, coalesce(max(${sql.ref(column)}), 0) + 1, false) as next
      from ${sql.table(table.name)}`.execute(tx);
    moved.push({ table: table.name, column, next: Number(rows[0]?.next) });
  }
  return moved;
}

async function verifyCounts(reader: Db, tx: Db, plan: CopyPlan, where: string): Promise<void> {
  const differences: Array<{ table: string; source: number; target: number }> = [];
  for (const table of plan.tables) {
    const [source, target] = [await countRows(reader, table.name), await countRows(tx, table.name)];
    if (source !== target) differences.push({ table: table.name, source, target });
  }
  if (differences.length > 0) throw new CopyMismatchError(where, differences);
}

/**
 * Copies every table of `source` (SQLite) into `target` (PostgreSQL, migrated and empty).
 * Returns the rows copied per table and where each sequence now starts.
 */
export async function copyStore(source: Store, target: Store, options: CopyOptions = {}): Promise<CopyResult> {
  if (source.dialect !== 'sqlite' || target.dialect !== 'postgres') {
    throw new StoreError(
      `A store is copied from SQLite into PostgreSQL only, not from ${source.dialect} into ${target.dialect}.`,
      'Point the source at the embedded store and --to at a postgres:// URL.',
    );
  }
  const plan = await planCopy(source.db, target.db);
  return source.db.connection().execute(async (reader) => {
    // A deferred read transaction: the snapshot is fixed by the first read and kept to the end.
    await sql`begin`.execute(reader);
    try {
      return await target.db.transaction().execute(async (tx) => {
        // Nothing else writes to the target while it is filled; a second copy waits, then finds it full.
        await sql`lock table ${sql.join(plan.tables.map((t) => sql.table(t.name)))} in exclusive mode`.execute(tx);
        await refuseUnlessEmpty(tx, plan, target.describe);
        const tables: CopiedTable[] = [];
        for (const table of plan.tables) {
          const total = await countRows(reader, table.name);
          options.onProgress?.({ table: table.name, copied: 0, total });
          tables.push({ table: table.name, rows: await copyTable(reader, tx, table, total, options, target.describe) });
        }
        const sequences = await moveSequences(tx, plan);
        await verifyCounts(reader, tx, plan, target.describe);
        return { tables, sequences };
      });
    } finally {
      await sql`rollback`.execute(reader).catch(() => undefined);
    }
  });
}
