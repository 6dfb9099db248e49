/**
 * The walking skeleton through the REAL binary: tenant add, connect both sides, sync, a
 * second sync writing nothing, ping, the review queue, and the messages for bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxes, type Sandboxes } from '../../src/sandbox/index.js';
import { connectToSandboxes, expectOneLineFailure, runCli, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const T = { timeout: 120_000 };

function json(result: CliResult): any {
  expect(result.stderr.split('\n').filter((l) => l.startsWith('error:'))).toEqual([]);
  return JSON.parse(result.stdout);
}

describe('sync through the real binary', () => {
  let sandboxes: Sandboxes;
  const dataDir = tempDir();
  const cli = (...args: string[]) => runCli(['--data-dir', dataDir, ...args], { timeoutMs: 90_000 });

  beforeAll(async () => {
    sandboxes = await startSandboxes();
  });
  afterAll(async () => sandboxes.close());

  it('connects a tenant, syncs everything once, and a second sync writes nothing', T, async () => {
    expect((await cli('tenant', 'add', 'acme')).code).toBe(0);
    await connectToSandboxes(cli, sandboxes, 'acme');

    const ping = await cli('ping', '--tenant', 'acme', '--json');
    expect(ping.code).toBe(0);
    expect(json(ping)).toMatchObject({ ready: true, coupa: { ready: true }, freshbooks: { ready: true } });

    const suppliers = await cli('sync', '--tenant', 'acme', '--only', 'suppliers', '--json');
    expect(suppliers.code).toBe(0);
    expect(json(suppliers).flows.suppliers).toMatchObject({ created: 10, linked: 1, queued: 1 });
    expect(sandboxes.freshbooks.control.snapshot('NWCo01').bill_vendors).toHaveLength(13);

    const first = await cli('sync', '--tenant', 'acme');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^flow\s+created\s+updated\s+linked/m);
    expect(first.stdout).toMatch(/wait for review/);
    const second = await cli('sync', '--tenant', 'acme', '--json');
    expect(second.code).toBe(0);
    expect(json(second)).toMatchObject({ writes: 0, failures: 0 });

    const reviews = json(await cli('review', 'list', '--tenant', 'acme', '--json')).reviews;
    expect(reviews).toHaveLength(1);
    const resolved = await cli('review', 'resolve', reviews[0].id, '--link', reviews[0].candidates[0].vendorId);
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toMatch(/is linked to vendor/);
    const audit = await cli('audit', '--tenant', 'acme');
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/sync \(all\) finished/);
  });

  it('says what is wrong with bad input, on one line, with a non-zero exit', T, async () => {
    expectOneLineFailure(await cli('sync', '--tenant', 'nobody'), 1, /Unknown tenant 'nobody'.*tenant add nobody/);
    expectOneLineFailure(await cli('sync'), 2, /required option '--tenant <tenant>' not specified \(see `ml-connector sync --help`\)/);
    expectOneLineFailure(
      await cli('sync', '--tenant', 'acme', '--only', 'everything'),
      2,
      /--only must be one of suppliers, purchase-orders, invoices, payments/,
    );
    await cli('tenant', 'add', 'lonely');
    expectOneLineFailure(
      await cli('sync', '--tenant', 'lonely'),
      1,
      /Tenant 'lonely' has no Coupa connection.*connect coupa --tenant lonely/,
    );
    expectOneLineFailure(await cli('review', 'resolve', 'rev_nope', '--create'), 1, /No review with id 'rev_nope'/);
    expectOneLineFailure(await cli('review', 'resolve', 'rev_nope'), 2, /exactly one of --link VENDOR_ID or --create/);
    const help = await cli('sync', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:\n\s+\$ ml-connector sync --tenant acme/);
  });

  it('ping says which side is unreachable and exits non-zero', T, async () => {
    const elsewhere = tempDir();
    const run = (...args: string[]) => runCli(['--data-dir', elsewhere, ...args], { timeoutMs: 90_000 });
    const temp = await startSandboxes();
    const c = temp.credentials;
    await run('tenant', 'add', 'gone');
    expect(
      (
        await run(
          'connect',
          'coupa',
          '--tenant',
          'gone',
          '--instance-url',
          c.coupa.instanceUrl,
          '--client-id',
          c.coupa.clientId,
          '--client-secret',
          c.coupa.clientSecret,
        )
      ).code,
    ).toBe(0);
    await temp.close();
    const ping = await run('ping', '--tenant', 'gone');
    expect(ping.code).toBe(1);
    expect(ping.stdout).toMatch(/Coupa: NOT ready/);
    expect(ping.stdout).toMatch(/Cannot reach Coupa/);
    expect(ping.stdout).toMatch(/FreshBooks: NOT ready \(not connected\)/);
    expect(ping.stderr).toMatch(/^error: tenant 'gone' is not ready/);
  });
});
