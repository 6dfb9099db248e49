/**
 * `migrate-store` through the real binary, as an operator runs it: an embedded install made with
 * the CLI (key file in the data dir) is moved to PostgreSQL, the output says what to do next
 * and never prints the key, and the same CLI then reads the tenant's credentials from the new
 * store. Refusals are one line on stderr with the password masked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxes, type Sandboxes } from '../../src/sandbox/index.js';
import { expectOneLineFailure, runCli } from '../helpers/cli.js';
import { storeTargets, tempDir } from '../helpers/stores.js';

const postgres = storeTargets.find((t) => t.name === 'postgres');
const T = { timeout: 120_000 };

describe('migrate-store (real binary)', () => {
  it('refuses a URL that is not postgres://, masking its password', T, async () => {
    const dir = tempDir();
    const result = await runCli(['--data-dir', dir, 'migrate-store', '--to', 'mysql://ml:s3cret@db.internal/app']);
    expectOneLineFailure(result, 2, /--to must be a postgres:\/\/ URL; got mysql:\/\/ml:\*\*\*@db\.internal\/app/, ['s3cret']);
  });

  it('refuses a PostgreSQL source: it copies the embedded store only', T, async () => {
    const result = await runCli(['migrate-store', '--to', 'postgres://ml@127.0.0.1:1/db'], {
      env: { DATABASE_URL: 'postgres://ml:s3cret@db.internal/app' },
    });
    expectOneLineFailure(result, 2, /copies the embedded SQLite store, but this command points at PostgreSQL/, ['s3cret']);
  });

  it('reports an unreachable target with the password masked', T, async () => {
    const dir = tempDir();
    expect((await runCli(['--data-dir', dir, 'tenant', 'add', 'acme'])).code).toBe(0);
    const result = await runCli(['--data-dir', dir, 'migrate-store', '--to', 'postgres://ml:s3cret@127.0.0.1:1/app']);
    expectOneLineFailure(result, 1, /Cannot reach PostgreSQL at postgres:\/\/ml:\*\*\*@127\.0\.0\.1:1\/app/, ['s3cret']);
  });
});

describe.skipIf(!postgres)('migrate-store into PostgreSQL (real binary)', () => {
  let sandboxes: Sandboxes;
  beforeAll(async () => {
    sandboxes = await startSandboxes();
  });
  afterAll(async () => sandboxes.close());

  it('moves an install made with the CLI; the same CLI then reads its credentials from PostgreSQL', T, async () => {
    const dir = tempDir();
    const run = (...a: string[]) => runCli(['--data-dir', dir, ...a], { timeoutMs: 90_000 });
    expect((await run('tenant', 'add', 'acme')).code).toBe(0);
    const c = sandboxes.credentials.coupa;
    const connected = await run(
      'connect',
      'coupa',
      '--tenant',
      'acme',
      '--instance-url',
      c.instanceUrl,
      '--client-id',
      c.clientId,
      '--client-secret',
      c.clientSecret,
    );
    expect(connected.code, connected.stderr).toBe(0);
    const key = readFileSync(join(dir, 'master.key'), 'utf8').trim();
    const first = await postgres!.create();
    const second = await postgres!.create();
    try {
      const url = first.databaseUrl!;
      const password = new URL(url).password;
      const moved = await run('migrate-store', '--to', url);
      expect(moved.code, moved.stderr).toBe(0);
      expect(moved.stderr).toMatch(/^Copying the embedded store into PostgreSQL/);
      expect(moved.stderr).toMatch(/^ {2}tenants: 1 row$/m);
      expect(moved.stderr).toMatch(/^ {2}credentials: 1 row$/m);
      expect(moved.stdout).toMatch(/the row counts of every table match on both sides/);
      expect(moved.stdout).toMatch(/Point every process \(serve, workers, CLI\) at the new store: DATABASE_URL=postgres/);
      expect(moved.stdout).toContain(`the master key in the key file ${join(dir, 'master.key')}`);
      expect(moved.stdout).toContain(`--data-dir ${dir}`);
      for (const secret of [key, c.clientSecret, ...(password ? [password] : [])])
        expect(moved.stdout + moved.stderr).not.toContain(secret);

      // The same data dir (for its key file), the new store: the sealed Coupa connection opens.
      const ping = await run('--database-url', url, 'ping', '--tenant', 'acme');
      expect(ping.stdout, ping.stderr).toMatch(/^Coupa: ready/m);

      // Once more into the same database: refused, one line, naming the tenant there.
      const again = await run('migrate-store', '--to', url);
      expectOneLineFailure(again, 1, /already holds 1 tenant \(acme\), so nothing was copied/, password ? [password] : []);

      // --json: counts per table and where the key comes from, as data.
      const json = await run('--json', 'migrate-store', '--to', second.databaseUrl!);
      expect(json.code, json.stderr).toBe(0);
      expect(json.stderr).toBe('');
      const data = JSON.parse(json.stdout) as {
        tables: Record<string, number>;
        rows: number;
        countsMatch: boolean;
        masterKey: { source: string };
      };
      expect(data.tables).toMatchObject({ tenants: 1, credentials: 1, data_keys: 1 });
      expect(data.rows).toBe(Object.values(data.tables).reduce((a, b) => a + b, 0));
      expect(data.countsMatch).toBe(true);
      expect(data.masterKey.source).toBe('file');
      expect(json.stdout).not.toContain(key);
    } finally {
      await first.cleanup();
      await second.cleanup();
    }
  });
});
