/**
 * `reconcile` through the real binary, on a month with one of each kind of difference made
 * behind the connector's back (test/helpers/reconcile-month.ts): the report finds exactly those,
 * the same in table, JSON and CSV; `--fix` repairs what the engine can and explains the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRESHBOOKS_DEMO } from '../../src/sandbox/freshbooks/config.js';
import { startSandboxes, type Sandboxes } from '../../src/sandbox/index.js';
import { connectToSandboxes, expectOneLineFailure, runCli } from '../helpers/cli.js';
import {
  beforeSecondSync,
  behindTheBack,
  EXPECTED_AGREEMENTS,
  EXPECTED_DIFFERENCES,
  monthPeriod,
  monthStart,
  seedMonth,
  type MonthSides,
} from '../helpers/reconcile-month.js';
import { tempDir } from '../helpers/stores.js';

const T = { timeout: 240_000 };

interface Line {
  status: string;
  label: string;
  message: string;
  action: { kind: string; text: string; command?: string };
}

const differences = (lines: Line[]) =>
  lines
    .filter((l) => l.status !== 'agreement')
    .map((l) => [l.status, l.label] as const)
    .sort();

function expectExactly(lines: Line[]): void {
  const found = differences(lines);
  expect(found, JSON.stringify(found)).toHaveLength(EXPECTED_DIFFERENCES.length);
  for (const [status, label] of EXPECTED_DIFFERENCES) {
    expect(
      found.filter(([s, l]) => s === status && label.test(l)),
      `${status} ${label}`,
    ).toHaveLength(1);
  }
  expect(
    lines
      .filter((l) => l.status === 'agreement')
      .map((l) => l.label)
      .sort(),
  ).toEqual([...EXPECTED_AGREEMENTS].sort());
}

describe('reconcile through the real binary', () => {
  let sandboxes: Sandboxes;
  let sides: MonthSides;
  const dataDir = tempDir();
  const cli = (...args: string[]) => runCli(['--data-dir', dataDir, ...args], { timeoutMs: 120_000 });
  const { from, to } = monthPeriod();
  const period = ['--from', from, '--to', to];

  beforeAll(async () => {
    sandboxes = await startSandboxes();
    sides = {
      coupa: sandboxes.coupa.control,
      freshbooks: sandboxes.freshbooks.control,
      freshbooksUrl: sandboxes.freshbooks.url,
      accountId: FRESHBOOKS_DEMO.accountId,
    };
  });
  afterAll(async () => sandboxes.close());

  it('finds exactly the differences made behind its back, in all three formats, and --fix repairs what it can', T, async () => {
    expect((await cli('tenant', 'add', 'acme', '--start-date', monthStart())).code).toBe(0);
    await connectToSandboxes(cli, sandboxes, 'acme');
    expectOneLineFailure(await cli('reconcile', '--tenant', 'acme', '--from', '2026-13-01'), 2, /--from must be a date/);
    expectOneLineFailure(await cli('reconcile', '--tenant', 'acme', '--from', '2026-11-30', '--to', '2026-11-01'), 2, /after --to/);
    seedMonth(sides);
    expect((await cli('sync', '--tenant', 'acme')).code).toBe(0);
    beforeSecondSync(sides);
    expect((await cli('sync', '--tenant', 'acme')).code).toBe(0);
    expect((await cli('sync', '--tenant', 'acme')).code).toBe(0);

    const clean = await cli('reconcile', '--tenant', 'acme', ...period, '--json');
    expect(clean.code, clean.stderr).toBe(0);
    const first = JSON.parse(clean.stdout) as { agreed: boolean; lines: Line[] };
    expect(differences(first.lines)).toEqual([['needs-person', 'invoice H-7 (Hartley Facilities Ltd)']]);

    await behindTheBack(sides);
    expect((await cli('tenant', 'settings', 'acme', '--cost-centre-segment', '3')).code).toBe(0);

    const json = await cli('reconcile', '--tenant', 'acme', ...period, '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { agreed: boolean; lines: Line[]; totals: { byCurrency: Array<Record<string, unknown>> } };
    expect(report.agreed).toBe(false);
    expectExactly(report.lines);
    // Every difference says what to do, with the command when there is one.
    for (const l of report.lines.filter((x) => x.status !== 'agreement')) expect(l.action.text.length, l.label).toBeGreaterThan(10);
    expect(report.lines.find((l) => l.status === 'missing-in-freshbooks')?.action.command).toBe(
      'ml-connector reconcile --tenant acme --fix',
    );
    expect(report.lines.find((l) => l.status === 'needs-person')?.action.command).toBe('ml-connector attention list --tenant acme');
    expect(report.totals.byCurrency).toEqual([
      {
        currency: 'USD',
        // H-4 (voided) and H-7 (disputed) count on FreshBooks' side only; H-3's bill was retyped.
        invoiced: { coupa: '2340.00', freshbooks: '2415.00' },
        committed: { coupa: '500.00', freshbooks: '500.00' },
        paid: { coupa: '840.00', freshbooks: '920.00' },
        unclaimedBills: '120.00',
        differences: 8,
      },
    ]);

    const csv = await cli('reconcile', '--tenant', 'acme', ...period, '--format', 'csv');
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^status,record,label,vendor,currency,/);
    expect(rows).toHaveLength(report.lines.length + 1);
    for (const [status] of EXPECTED_DIFFERENCES) expect(rows.filter((r) => r.startsWith(`${status},`)).length).toBeGreaterThan(0);

    const table = await cli('reconcile', '--tenant', 'acme', ...period);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/4 in agreement, 1 missing in FreshBooks, 1 missing in Coupa, 1 amount differs/);
    expect(table.stdout).toMatch(/^AMOUNT DIFFERS {2}invoice H-3 \(Hartley Facilities Ltd\) {2}\[USD\]$/m);
    expect(table.stdout).toMatch(/^UNLINKED {2}FreshBooks bill \d+ \(RENT-DEC\)/m);
    expect(table.stdout).toMatch(/Totals per vendor:\n.*\nHartley Facilities Ltd \(USD\)/);

    const fixed = await cli('reconcile', '--tenant', 'acme', ...period, '--fix', '--json');
    expect(fixed.code, fixed.stderr).toBe(0);
    const result = JSON.parse(fixed.stdout) as {
      fixed: Array<{ label: string; before: string; after: string }>;
      written: Array<{ action: string; label: string }>;
      report: { lines: Line[] };
    };
    // What the engine can repair is repaired: the retyped bill rewritten, the voided invoice's
    // unpaid bill removed, the new invoice billed, each lone payment carried across.
    expect(result.fixed.map((f) => [f.before, f.after]).sort()).toEqual(
      [
        ['amount-differs', 'agreement'],
        ['missing-in-coupa', 'agreement'],
        ['missing-in-freshbooks', 'agreement'],
        ['payment-missing-in-coupa', 'agreement'],
        ['payment-missing-in-freshbooks', 'agreement'],
      ].sort(),
    );
    expect(result.written.map((w) => w.action).sort()).toEqual(['create', 'create', 'create', 'delete', 'update']);
    // The rest is explained, each with the step a person takes; the bill a person keyed is still there.
    const rest = result.report.lines.filter((l) => l.status !== 'agreement');
    expect(rest.map((l) => [l.status, l.action.kind]).sort()).toEqual([
      ['allocation-differs', 'manual'],
      ['needs-person', 'attention'],
      ['paid-differs', 'manual'],
      ['unlinked', 'manual'],
    ]);
    expect(sides.freshbooks.snapshot(sides.accountId).bills.filter((b) => b.bill_number === 'RENT-DEC' && b.vis_state === 0)).toHaveLength(
      1,
    );

    const again = await cli('reconcile', '--tenant', 'acme', ...period, '--fix');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Nothing the connector can repair/);
    expect(again.stdout).toMatch(/^PAID AMOUNTS DIFFER {2}payment \d+ on invoice Q-3/m);
  });
});
