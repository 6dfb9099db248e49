/**
 * The stores a repository test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is
 * set (CI sets it; on a laptop without it those tests skip with a notice). Each Postgres
 * store gets a database of its own, dropped afterwards, so test files never share state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { StoreTarget } from '../../src/config.js';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

// Only under vitest: benchmarks reuse these helpers and have nothing to skip.
if (!TEST_DATABASE_URL && process.env.VITEST) {
  if (process.env.CI === 'true') throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL tests must run in CI.');
  console.log('notice: TEST_DATABASE_URL is not set, so the PostgreSQL variants of the store tests are skipped.');
}

export interface TestTarget {
  name: 'sqlite' | 'postgres';
  create(): Promise<{ target: StoreTarget; dataDir: string; databaseUrl?: string; cleanup(): Promise<void> }>;
}

export function tempDir(prefix = 'mlc-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `mlc_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

export const sqliteTarget: TestTarget = {
  name: 'sqlite',
  create() {
    const dataDir = tempDir();
    return Promise.resolve({
      target: { kind: 'sqlite' as const, file: join(dataDir, 'ml-connector.db') },
      dataDir,
      cleanup: () => {
        rmSync(dataDir, { recursive: true, force: true });
        return Promise.resolve();
      },
    });
  },
};

const postgresTarget: TestTarget = {
  name: 'postgres',
  async create() {
    const dataDir = tempDir();
    const database = await createPostgresDatabase();
    return {
      target: { kind: 'postgres', url: database.url },
      dataDir,
      databaseUrl: database.url,
      cleanup: async () => {
        await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

/** The targets to run on: [sqlite] or [sqlite, postgres]. Use with describe.each. */
export const storeTargets: TestTarget[] = TEST_DATABASE_URL ? [sqliteTarget, postgresTarget] : [sqliteTarget];
