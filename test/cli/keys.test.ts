/** `keys rotate` through the real binary: credentials sealed before still open after, under the new key only. */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxes, type Sandboxes } from '../../src/sandbox/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const T = { timeout: 120_000 };

describe('keys rotate (real binary)', () => {
  let sandboxes: Sandboxes;
  beforeAll(async () => {
    sandboxes = await startSandboxes();
  });
  afterAll(async () => sandboxes.close());

  const connect = (run: (...a: string[]) => ReturnType<typeof runCli>) => {
    const c = sandboxes.credentials.coupa;
    return run(
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
  };

  it('with the key file: a new key is generated and the file replaced; the credentials still open', T, async () => {
    const dir = tempDir();
    const run = (...a: string[]) => runCli(['--data-dir', dir, ...a], { timeoutMs: 90_000 });
    await run('tenant', 'add', 'acme');
    expect((await connect(run)).code).toBe(0);
    const before = readFileSync(join(dir, 'master.key'), 'utf8');
    const rotated = await run('keys', 'rotate', '--json');
    expect(rotated.code).toBe(0);
    expect(JSON.parse(rotated.stdout)).toMatchObject({ rotated: 1, source: 'file' });
    expect(readFileSync(join(dir, 'master.key'), 'utf8')).not.toBe(before);
    expect(existsSync(join(dir, 'master.key.next'))).toBe(false);
    const ping = await run('ping', '--tenant', 'acme');
    expect(ping.stdout).toMatch(/^Coupa: ready/m);
  });

  it('with ML_CONNECTOR_MASTER_KEY: the new key comes from ML_CONNECTOR_NEW_MASTER_KEY; afterwards only it opens anything', T, async () => {
    const dir = tempDir();
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const run = (env: Record<string, string>, ...a: string[]) => runCli(['--data-dir', dir, ...a], { env, timeoutMs: 90_000 });
    await run({ ML_CONNECTOR_MASTER_KEY: oldKey }, 'tenant', 'add', 'acme');
    expect((await connect((...a) => run({ ML_CONNECTOR_MASTER_KEY: oldKey }, ...a))).code).toBe(0);

    const refused = await run({ ML_CONNECTOR_MASTER_KEY: oldKey }, 'keys', 'rotate');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: ML_CONNECTOR_MASTER_KEY is set, so the new key must come from ML_CONNECTOR_NEW_MASTER_KEY/);

    const rotated = await run({ ML_CONNECTOR_MASTER_KEY: oldKey, ML_CONNECTOR_NEW_MASTER_KEY: newKey }, 'keys', 'rotate');
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/Now set ML_CONNECTOR_MASTER_KEY/);
    expect(rotated.stdout + rotated.stderr).not.toContain(newKey);

    const stale = await run({ ML_CONNECTOR_MASTER_KEY: oldKey }, 'ping', '--tenant', 'acme');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^error: The master key \(id \w+\) is not the one these credentials were sealed with/);
    const fresh = await run({ ML_CONNECTOR_MASTER_KEY: newKey }, 'ping', '--tenant', 'acme');
    expect(fresh.stdout).toMatch(/^Coupa: ready/m);
  });
});
