/**
 * What the real binary loads for commands that touch no network: no HTTP server, logger,
 * PostgreSQL driver, HTTP client, sync engine or simulator — only what the command uses. This
 * is what keeps their start-up short (bench/cli-start.ts measures it; no test times anything).
 * Modules are recorded by a module hook (test/helpers/record-loads.mjs) in the spawned process.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const HOOKS = pathToFileURL(resolve(ROOT, 'test/helpers/record-loads.mjs')).href;

/** Runs the binary and returns what it loaded: paths relative to the repository. */
async function loaded(dataDir: string, ...args: string[]): Promise<string[]> {
  const log = join(tempDir('mlc-loads-'), 'loads.txt');
  const result = await runCli(['--data-dir', dataDir, ...args], {
    env: { NODE_OPTIONS: `--import=${HOOKS}`, ML_CONNECTOR_LOAD_LOG: log },
  });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const prefix = pathToFileURL(ROOT).href + '/';
  return [...new Set(readFileSync(log, 'utf8').split('\n'))]
    .filter((url) => url.startsWith(prefix))
    .map((url) => url.slice(prefix.length))
    .sort();
}

// Needed only by serve, worker, demo, sandbox, sync and the commands that call an API.
const NEVER = [
  /^node_modules\/(fastify|pino|pg|undici)\//,
  /^dist\/sandbox\//,
  /^dist\/server\//,
  /^dist\/worker\/pool\.js$/,
  /^dist\/sync\/engine\.js$/,
];

function unexpected(modules: string[], rules: RegExp[]): string[] {
  return modules.filter((m) => rules.some((r) => r.test(m)));
}

describe('start-up: what a command that touches no network loads (real binary)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tempDir();
    expect((await runCli(['--data-dir', dataDir, 'tenant', 'add', 'acme'])).code).toBe(0);
  });

  it('--help: the command tree only, not the store, the vault or the validation library', async () => {
    const modules = await loaded(dataDir, '--help');
    expect(modules).toContain('dist/cli/commands/index.js');
    expect(unexpected(modules, [...NEVER, /^node_modules\/(kysely|better-sqlite3|zod)\//, /^dist\/(store|vault)\//])).toEqual([]);
  });

  it.each([
    ['tenant list', ['tenant', 'list']],
    ['tenant add', ['tenant', 'add', 'beta']],
    ['tenant settings', ['tenant', 'settings', 'acme']],
    ['deliveries list', ['deliveries', 'list', '--tenant', 'acme']],
    ['review list', ['review', 'list', '--tenant', 'acme']],
    ['audit', ['audit', '--tenant', 'acme']],
  ])('%s: the embedded store, nothing of the service, the sync engine or the simulators', async (_name, args) => {
    const modules = await loaded(dataDir, ...args);
    // The recording works: the store and its driver are there.
    expect(modules).toContain('dist/store/db.js');
    expect(modules.some((m) => m.startsWith('node_modules/better-sqlite3/'))).toBe(true);
    expect(unexpected(modules, NEVER)).toEqual([]);
  });
});
