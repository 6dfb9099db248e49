/**
 * `sync --dry-run` through the real binary: the plan is printed (table, JSON, CSV), neither
 * sandbox changes, and the sync that follows does exactly what the plan said, record by
 * record; its report is kept and printed again with `--report first`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRESHBOOKS_DEMO } from '../../src/sandbox/freshbooks/config.js';
import { startSandboxes, type Sandboxes } from '../../src/sandbox/index.js';
import { connectToSandboxes, expectOneLineFailure, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const T = { timeout: 180_000 };

interface PlanRecord {
  flow: string;
  action: string;
  record: string;
  coupaId: string;
  amount: string | null;
  currency: string | null;
}

const key = (r: PlanRecord) => [r.flow, r.action, r.record, r.coupaId, r.amount ?? '', r.currency ?? ''].join('|');

describe('sync --dry-run through the real binary', () => {
  let sandboxes: Sandboxes;
  const dataDir = tempDir();
  const cli = (...args: string[]) => runCli(['--data-dir', dataDir, ...args], { timeoutMs: 120_000 });
  const both = () =>
    JSON.stringify({
      freshbooks: sandboxes.freshbooks.control.snapshot(FRESHBOOKS_DEMO.accountId),
      coupa: (['suppliers', 'purchase_orders', 'invoices'] as const).map((r) => sandboxes.coupa.control.records(r)),
    });

  beforeAll(async () => {
    sandboxes = await startSandboxes();
  });
  afterAll(async () => sandboxes.close());

  it('plans without writing anywhere, and the sync then does exactly the plan', T, async () => {
    expect((await cli('tenant', 'add', 'acme', '--start-date', '2024-01-01')).code).toBe(0);
    await connectToSandboxes(cli, sandboxes, 'acme');
    expectOneLineFailure(await cli('sync', '--tenant', 'acme', '--report', 'plan'), 1, /has no dry run yet.*--dry-run/);

    const before = both();
    const table = await cli('sync', '--tenant', 'acme', '--dry-run');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/nothing has been written/);
    expect(table.stdout).toMatch(/^suppliers\s+would create\s+\d+/m);
    expect(table.stdout).toMatch(/^invoices\s+would create\s+\d+\s+[\d.]+ USD/m);
    const json = await cli('sync', '--tenant', 'acme', '--dry-run', '--json');
    expect(json.code, json.stderr).toBe(0);
    const plan = JSON.parse(json.stdout) as { dryRun: boolean; records: PlanRecord[]; totals: unknown[] };
    expect(plan.dryRun).toBe(true);
    expect(plan.records.length).toBeGreaterThan(20);
    const csv = await cli('sync', '--tenant', 'acme', '--dry-run', '--format', 'csv');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('flow,action,record,coupa_id,freshbooks_id,label,amount,currency,detail');
    expect(lines).toHaveLength(plan.records.length + 1);
    // Three dry runs later, neither system has changed in any way.
    expect(both()).toBe(before);

    const stored = await cli('sync', '--tenant', 'acme', '--report', 'plan', '--json');
    expect((JSON.parse(stored.stdout) as { records: PlanRecord[] }).records.map(key)).toEqual(plan.records.map(key));

    const synced = await cli('sync', '--tenant', 'acme', '--json');
    expect(synced.code, synced.stderr).toBe(0);
    const done = JSON.parse(synced.stdout) as { records: PlanRecord[] };
    expect(done.records.map(key).sort()).toEqual(plan.records.map(key).sort());
    expect(both()).not.toBe(before);

    const report = await cli('sync', '--tenant', 'acme', '--report', 'first', '--format', 'csv');
    expect(report.code).toBe(0);
    expect(report.stdout.trim().split('\n')).toHaveLength(done.records.length + 1);
    expect(report.stdout).toMatch(/^invoices,created,invoice,/m);

    // Once in step, a plan has nothing to do.
    const again = await cli('sync', '--tenant', 'acme', '--dry-run');
    expect(again.stdout).toMatch(/Nothing to do: both sides already agree/);
    expectOneLineFailure(
      await cli('sync', '--tenant', 'acme', '--dry-run', '--format', 'xml'),
      2,
      /--format must be one of table, json, csv; got 'xml'/,
    );
  });
});
