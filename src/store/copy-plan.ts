/**
 * What copying an embedded store into PostgreSQL has to move, read from the two databases
 * themselves (never from a hand-kept list): every table the migrations created, its columns,
 * the serial columns whose sequences must move past the copied ids, and the order foreign keys
 * allow. Both stores have been migrated by the same code, so their tables must agree; a
 * difference means something outside ml-connector changed one of them, and nothing is copied.
 */
import { sql } from './kysely.js';
import type { Db } from './db.js';
import { StoreError } from './errors.js';

/** Kysely's own bookkeeping (its DEFAULT_MIGRATION_TABLE and DEFAULT_MIGRATION_LOCK_TABLE): each store keeps its own. */
const MIGRATOR_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

export interface TablePlan {
  name: string;
  /** The columns, in the source's order. */
  columns: string[];
  /** A column filled from a sequence on PostgreSQL (`withSerialId`), and that sequence. */
  serial?: { column: string; sequence: string };
}

export interface CopyPlan {
  /** Parents before children: a row's foreign keys point at rows already copied. */
  tables: TablePlan[];
}

/** The tables of an SQLite store and their columns. */
async function sqliteTables(db: Db): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ table: string; column: string }>`
    select m.name as "table", c.name as "column"
    from sqlite_master m join pragma_table_info(m.name) c
    where m.type = 'table' and substr(m.name, 1, 7) <> 'sqlite_'
    order by m.name, c.cid`.execute(db);
  return groupColumns(rows);
}

/** The tables of the PostgreSQL store (its current schema) and their columns. */
async function postgresTables(db: Db): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ table: string; column: string }>`
    select c.table_name as "table", c.column_name as "column"
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  return groupColumns(rows);
}

function groupColumns(rows: Array<{ table: string; column: string }>): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  for (const { table, column } of rows) {
    if (MIGRATOR_TABLES.has(table)) continue;
    const columns = tables.get(table) ?? [];
    columns.push(column);
    tables.set(table, columns);
  }
  return tables;
}

async function postgresSerials(db: Db): Promise<Map<string, { column: string; sequence: string }>> {
  const { rows } = await sql<{ table: string; column: string; sequence: string | null }>`
    select table_name as "table", column_name as "column",
      pg_get_serial_sequence(quote_ident(table_name), column_name) as "sequence"
    from information_schema.columns
    where table_schema = current_schema() and column_default like 'nextval(%'`.execute(db);
  const serials = new Map<string, { column: string; sequence: string }>();
  for (const r of rows) if (r.sequence) serials.set(r.table, { column: r.column, sequence: r.sequence });
  return serials;
}

async function postgresForeignKeys(db: Db): Promise<Array<{ child: string; parent: string }>> {
  const { rows } = await sql<{ child: string; parent: string }>`
    select c.relname as "child", p.relname as "parent"
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_class p on p.oid = k.confrelid
    join pg_namespace n on n.oid = k.connamespace
    where k.contype = 'f' and n.nspname = current_schema()`.execute(db);
  return rows;
}

/**
 * Tables ordered so that every table comes after the tables it references (Kahn's algorithm;
 * ties by name, so the order is the same on every run). Self-references do not constrain it.
 */
export function foreignKeyOrder(tables: readonly string[], references: ReadonlyArray<{ child: string; parent: string }>): string[] {
  const known = new Set(tables);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of references) {
    if (child !== parent && known.has(child) && known.has(parent)) parents.get(child)?.add(parent);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = [...tables].filter((t) => !placed.has(t) && [...(parents.get(t) ?? [])].every((p) => placed.has(p))).sort();
    const next = ready[0];
    if (next === undefined) {
      const stuck = tables.filter((t) => !placed.has(t)).sort();
      throw new StoreError(
        `The foreign keys between ${stuck.join(', ')} form a cycle, so no copy order exists.`,
        'This schema was changed outside ml-connector: restore it from the migrations.',
      );
    }
    ordered.push(next);
    placed.add(next);
  }
  return ordered;
}

function describeDifferences(source: Map<string, string[]>, target: Map<string, string[]>): string[] {
  const problems: string[] = [];
  for (const table of source.keys()) if (!target.has(table)) problems.push(`table ${table} is missing in the target`);
  for (const table of target.keys()) if (!source.has(table)) problems.push(`table ${table} is missing in the source`);
  for (const [table, columns] of source) {
    const other = target.get(table);
    if (!other) continue;
    const missing = columns.filter((c) => !other.includes(c));
    const extra = other.filter((c) => !columns.includes(c));
    if (missing.length > 0) problems.push(`${table} has no column ${missing.join(', ')} in the target`);
    if (extra.length > 0) problems.push(`${table} has no column ${extra.join(', ')} in the source`);
  }
  return problems;
}

/** The plan for copying `source` (SQLite) into `target` (PostgreSQL), both migrated to the latest schema. */
export async function planCopy(source: Db, target: Db): Promise<CopyPlan> {
  const [from, to, serials, references] = await Promise.all([
    sqliteTables(source),
    postgresTables(target),
    postgresSerials(target),
    postgresForeignKeys(target),
  ]);
  const problems = describeDifferences(from, to);
  if (problems.length > 0) {
    throw new StoreError(
      `The two stores do not have the same tables: ${problems.join('; ')}.`,
      'Both were migrated by this ml-connector, so one was changed by hand or by another version: run the same version against both, or start from an empty PostgreSQL database.',
    );
  }
  const order = foreignKeyOrder([...from.keys()], references);
  return {
    tables: order.map((name) => {
      const serial = serials.get(name);
      return { name, columns: from.get(name) ?? [], ...(serial ? { serial } : {}) };
    }),
  };
}
