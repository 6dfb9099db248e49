/**
 * Kysely, loaded through its CommonJS build. Node loads its ~260 modules faster through
 * `require` than as ES modules: about 40 ms of every CLI command that opens the store, on a
 * 0.4 s budget (BENCHMARKS.md). Everything in src/ takes Kysely's values from here, so one
 * copy is loaded; type-only imports from 'kysely' cost nothing and stay as they are.
 */
import { createRequire } from 'node:module';

// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the CommonJS build exports exactly what the ES build's types describe
const kysely = createRequire(import.meta.url)('kysely') as typeof import('kysely');

export const { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql } = kysely;
export type Kysely<DB> = import('kysely').Kysely<DB>;
