/**
 * Ctrl-C on `sync` through the REAL binary: it stops after the record under way, says how many
 * records were done and how to continue, exits 130; the same command then finishes the job.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxes, type Sandboxes } from '../../src/sandbox/index.js';
import { BIN, ROOT, connectToSandboxes, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const POS = 200;

describe('sync stopped by SIGINT', () => {
  let sandboxes: Sandboxes;
  const dataDir = tempDir();
  const cli = (...args: string[]) => runCli(['--data-dir', dataDir, ...args], { timeoutMs: 90_000 });

  beforeAll(async () => {
    sandboxes = await startSandboxes();
  });
  afterAll(async () => sandboxes.close());

  it('saves its place, exits 130 with what to do, and the same command continues', { timeout: 120_000 }, async () => {
    const c = sandboxes.coupa.control;
    const supplierId = Number(c.createSupplier({ name: 'Interrupt Testing Ltd' }).id);
    for (let n = 1; n <= POS; n++) {
      c.createPurchaseOrder({
        supplierId,
        poNumber: `INT-${n}`,
        currency: 'USD',
        status: 'issued',
        lines: [{ description: 'Work', price: '10.00' }],
      });
    }
    expect((await cli('tenant', 'add', 'acme', '--start-date', '2000-01-01')).code).toBe(0);
    await connectToSandboxes(cli, sandboxes, 'acme');

    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'sync', '--tenant', 'acme'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let signalled = false;
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (!signalled && stderr.includes('purchase-orders: started')) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) =>
      child.on('close', (c) => {
        resolve(c);
      }),
    );
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted after \d+ records; run the same command again to continue where it stopped\.\n$/);
    const ours = () =>
      sandboxes.freshbooks.control.snapshot('NWCo01').bills.filter((b) => String(b.bill_number).startsWith('PO INT-') && b.vis_state === 0);
    expect(ours().length).toBeLessThan(POS);

    const again = await cli('sync', '--tenant', 'acme', '--json');
    expect(again.code).toBe(0);
    expect(ours()).toHaveLength(POS);
  });
});
