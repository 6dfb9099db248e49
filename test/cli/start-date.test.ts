/**
 * The start date through the real binary: `tenant add` sets the default or the given date,
 * `tenant settings --start-date` shows the change and resets the Coupa cursors when it moves
 * earlier, and `connect` without a terminal picks the default and says how to change it.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUPA_DEMO, startCoupaSandbox, type CoupaSandbox } from '../../src/sandbox/coupa/index.js';
import { PassThrough } from 'node:stream';
import { chooseStartDate, defaultStartDate, parseStartDate } from '../../src/cli/start-date.js';
import { UsageError } from '../../src/lib/errors.js';
import { openStore } from '../../src/store/db.js';
import { addTenant } from '../../src/store/queries/tenants.js';
import { getCursor, setCursor } from '../../src/store/queries/cursors.js';
import { expectOneLineFailure, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

let dataDir: string;
let sb: CoupaSandbox;
const env = { ML_CONNECTOR_MASTER_KEY: randomBytes(32).toString('base64') };
const cli = (...args: string[]) => runCli(['--data-dir', dataDir, ...args], { env });
const withStore = async <T>(fn: (db: Awaited<ReturnType<typeof openStore>>['db']) => Promise<T>): Promise<T> => {
  const store = await openStore({ kind: 'sqlite', file: join(dataDir, 'ml-connector.db') });
  try {
    return await fn(store.db);
  } finally {
    await store.close();
  }
};

beforeAll(async () => {
  dataDir = tempDir('mlc-start-date-');
  sb = await startCoupaSandbox({ clients: [COUPA_DEMO] });
}, 60_000);
afterAll(async () => {
  await sb.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('start date', () => {
  it('parses dates and refuses anything else with what was expected', () => {
    expect(parseStartDate('2026-01-31')).toBe('2026-01-31');
    expect(() => parseStartDate('x')).toThrow(UsageError);
    expect(() => parseStartDate('2026-02-30')).toThrow("--start-date must be a date like 2026-01-31; got '2026-02-30'.");
    expect(defaultStartDate(Date.parse('2026-12-07T21:00:00Z'))).toBe('2026-12-01');
  });

  it('asks on a terminal (Enter takes the default), and takes the default without one', async () => {
    const now = Date.parse('2026-12-07T21:00:00Z');
    const terminal = (answer: string) => {
      const stdin = Object.assign(new PassThrough(), { isTTY: true });
      const stderr = new PassThrough();
      let asked = '';
      stderr.on('data', (d: Buffer) => {
        asked += String(d);
        if (asked.includes('[2026-12-01]: ')) stdin.write(`${answer}\n`);
      });
      return { stdin, stderr, asked: () => asked };
    };
    const enter = terminal('');
    expect(await chooseStartDate(undefined, enter, now)).toEqual({ date: '2026-12-01', how: 'asked' });
    expect(enter.asked()).toContain('Start date: POs and invoices dated from this day on become bills [2026-12-01]: ');
    expect(await chooseStartDate(undefined, terminal('2025-04-01'), now)).toEqual({ date: '2025-04-01', how: 'asked' });
    await expect(chooseStartDate(undefined, terminal('April'), now)).rejects.toThrow("got 'April'");
    const pipe = { stdin: new PassThrough(), stderr: new PassThrough() };
    expect(await chooseStartDate(undefined, pipe, now)).toEqual({ date: '2026-12-01', how: 'default' });
    expect(await chooseStartDate('2024-02-29', pipe, now)).toEqual({ date: '2024-02-29', how: 'given' });
  });

  it('tenant add sets the first day of this month by default, or the date given', async () => {
    const plain = await cli('tenant', 'add', 'acme');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(`start date ${defaultStartDate()}`);
    const given = await cli('--json', 'tenant', 'add', 'globex', '--start-date', '2025-07-01');
    expect(given.code).toBe(0);
    expect(JSON.parse(given.stdout)).toMatchObject({ tenant: 'globex', startDate: '2025-07-01' });
    expectOneLineFailure(
      await cli('tenant', 'add', 'initech', '--start-date', 'soon'),
      undefined,
      /--start-date must be a date like 2026-01-31; got 'soon'/,
    );
  });

  it('tenant settings --start-date: later keeps the cursors, earlier resets those of POs, invoices and payments', async () => {
    await withStore(async (db) => {
      for (const r of ['suppliers', 'purchase_orders', 'invoices', 'invoice_payments'])
        await setCursor(db, 'globex', 'coupa', r, '2026-11-01T00:00:00.000Z');
    });
    const later = await cli('tenant', 'settings', 'globex', '--start-date', '2025-09-01');
    expect(later.code).toBe(0);
    expect(later.stdout).toContain('start date 2025-07-01 → 2025-09-01');
    expect(later.stdout).toContain('bills already written for older documents are kept');
    expect(await withStore((db) => getCursor(db, 'globex', 'coupa', 'invoices'))).toBe('2026-11-01T00:00:00.000Z');

    const earlier = await cli('tenant', 'settings', 'globex', '--start-date', '2025-01-01');
    expect(earlier.code).toBe(0);
    expect(earlier.stdout).toContain('start date 2025-09-01 → 2025-01-01');
    expect(earlier.stdout).toContain('reads purchase orders, invoices and payments from the start again');
    const cursors = await withStore(async (db) =>
      Promise.all(['suppliers', 'purchase_orders', 'invoices', 'invoice_payments'].map((r) => getCursor(db, 'globex', 'coupa', r))),
    );
    expect(cursors).toEqual(['2026-11-01T00:00:00.000Z', undefined, undefined, undefined]);
    expectOneLineFailure(await cli('tenant', 'settings', 'globex', '--start-date', '31/01/2026'), undefined, /got '31\/01\/2026'/);
  });

  it('connect on a tenant with no start date picks the default without a terminal and says how to change it', async () => {
    // A tenant made before the setting existed (no start date, never synced).
    await withStore((db) => addTenant(db, 'legacy'));
    // A connect that fails changes nothing, and keeps its one-line error.
    const refused = await cli(
      'connect',
      'coupa',
      '--tenant',
      'legacy',
      '--instance-url',
      sb.url,
      '--client-id',
      COUPA_DEMO.clientId,
      '--client-secret',
      'wrong',
    );
    expectOneLineFailure(refused, undefined, /./);
    const before = JSON.parse((await cli('--json', 'tenant', 'settings', 'legacy')).stdout) as { settings: { startDate?: string } };
    expect(before.settings.startDate).toBeUndefined();
    const connected = await cli(
      'connect',
      'coupa',
      '--tenant',
      'legacy',
      '--instance-url',
      sb.url,
      '--client-id',
      COUPA_DEMO.clientId,
      '--client-secret',
      COUPA_DEMO.clientSecret,
    );
    expect(connected.code).toBe(0);
    expect(connected.stderr).toContain(`Start date of tenant 'legacy' set to ${defaultStartDate()}`);
    expect(connected.stderr).toContain('ml-connector tenant settings legacy --start-date DATE');
    const shown = JSON.parse((await cli('--json', 'tenant', 'settings', 'legacy')).stdout) as { settings: { startDate?: string } };
    expect(shown.settings.startDate).toBe(defaultStartDate());
  });
});
