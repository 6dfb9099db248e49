/** `npm start` runs `ml-connector demo`: sandboxes, tenant "demo" connected through the real paths, a first sync. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

describe('demo (real binary)', () => {
  it('connects tenant "demo" to both sandboxes and shows the first sync; a second demo starts clean', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    const first = await runCli(['--data-dir', dataDir, 'demo', '--exit-after-sync'], { timeoutMs: 90_000 });
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/master key was generated/);
    expect(first.stderr).toMatch(/OAuth authorization code/);
    expect(first.stderr).toMatch(/Dry run — what the first sync will do/);
    expect(first.stderr).toMatch(/^suppliers\s+would create\s+10$/m);
    expect(first.stdout).toMatch(/^suppliers\s+10\s+0\s+1\s+0\s+0\s+1\s+0$/m);
    expect(first.stdout).toMatch(/^purchase-orders\s+6\s/m);
    expect(first.stdout).toMatch(/Coupa sandbox\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(first.stdout).toMatch(/1 supplier\(s\) wait for review/);

    const again = await runCli(['--data-dir', dataDir, 'demo', '--exit-after-sync', '--json'], { timeoutMs: 90_000 });
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report).toMatchObject({ tenant: 'demo', failures: 0 });
    // Created again, not "unchanged": the earlier demo's tenant was reset with the sandboxes.
    expect(report.report.suppliers.created).toBe(10);
    const tenants = await runCli(['--data-dir', dataDir, 'tenant', 'list', '--json']);
    expect(JSON.parse(tenants.stdout).tenants).toEqual([
      expect.objectContaining({ tenant: 'demo', coupa: 'connected', freshbooks: 'connected' }),
    ]);
  });
});
