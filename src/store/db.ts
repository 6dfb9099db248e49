/**
 * Opens the store — one SQLite file in WAL mode by default, PostgreSQL for scale-out — and
 * brings its schema up to date before anything else touches it.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Transaction } from 'kysely';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from './kysely.js';
import type { StoreTarget } from '../config.js';
import { errorMessage } from '../lib/errors.js';
import { StoreError } from './errors.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Db;
  dialect: Dialect;
  /** Where the data lives, for messages (never includes a password). */
  describe: string;
  close(): Promise<void>;
  /**
   * PostgreSQL only: calls `onNotify` on each NOTIFY of `channel` (another process queued work),
   * on a connection of its own; resolves to the unsubscribe. The embedded store has no other
   * processes to hear from: its workers' short idle poll is enough.
   */
  listen?(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
}

function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}

export async function openStore(target: StoreTarget): Promise<Store> {
  let store: Store;
  if (target.kind === 'sqlite') {
    try {
      mkdirSync(dirname(target.file), { recursive: true });
    } catch (err) {
      throw new StoreError(`Cannot create the data directory ${dirname(target.file)}.`, 'Choose a writable --data-dir.', err);
    }
    let database: BetterSqlite3.Database;
    try {
      database = new BetterSqlite3(target.file, { timeout: 10_000 });
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('foreign_keys = ON');
    } catch (err) {
      throw new StoreError(
        `Cannot open the SQLite store at ${target.file}: ${errorMessage(err)}.`,
        'Check the path and its permissions.',
        err,
      );
    }
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    store = { db, dialect: 'sqlite', describe: target.file, close: () => db.destroy() };
  } else {
    // Loaded only here: the embedded store (and every CLI command using it) never pays for pg.
    const { default: pg } = await import('pg');
    // int8 (counts, serial ids, epoch ms) fits a JS number for every value this project stores.
    pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
    const pool = new pg.Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 10_000 });
    // An idle client's network error must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const listen = async (channel: string, onNotify: () => void) => {
      const client = await pool.connect();
      client.on('notification', (n) => {
        if (n.channel === channel) onNotify();
      });
      // A lost listening connection only delays work until the next idle poll.
      client.on('error', () => undefined);
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
      return async () => {
        try {
          await client.query(`UNLISTEN ${client.escapeIdentifier(channel)}`);
        } finally {
          client.release();
        }
      };
    };
    store = { db, dialect: 'postgres', describe: safeUrl(target.url), close: () => db.destroy(), listen };
    try {
      await sql`select 1`.execute(db);
    } catch (err) {
      await db.destroy();
      throw new StoreError(
        `Cannot reach PostgreSQL at ${safeUrl(target.url)}: ${errorMessage(err)}.`,
        'Check that the server is running and the URL (host, port, user, database) is right.',
        err,
      );
    }
  }
  await migrate(store);
  return store;
}

async function migrate(store: Store): Promise<void> {
  const migrator = new Migrator({ db: store.db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    await store.close();
    throw new StoreError(
      `Migration ${failed} failed on ${store.describe}: ${errorMessage(error)}.`,
      'The store was left at the last good migration; fix the cause and start again.',
      error,
    );
  }
}

/**
 * Runs `fn` in a transaction that holds the store's write lock from its first statement:
 * `BEGIN IMMEDIATE` on SQLite (so two processes serialise), a plain transaction on
 * PostgreSQL (callers lock rows with FOR UPDATE). SQLite waits for the lock without
 * blocking the event loop.
 */
export async function withWriteTransaction<T>(store: Store, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (store.dialect === 'postgres') return store.db.transaction().execute(fn);
  return store.db.connection().execute(async (conn) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await sql`pragma busy_timeout = 0`.execute(conn);
        await sql`begin immediate`.execute(conn);
        break;
      } catch (err) {
        if (!/SQLITE_BUSY|database is locked/i.test(errorMessage(err)) || attempt > 3000) throw err;
        await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 20)));
      } finally {
        await sql`pragma busy_timeout = 10000`.execute(conn);
      }
    }
    try {
      // The connection is pinned and inside BEGIN IMMEDIATE, so a Transaction-typed view of it
      // is what it is; Kysely has no type for "a connection in a transaction begun by hand".
      // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- see above
      const result = await fn(conn as unknown as Tx);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}
