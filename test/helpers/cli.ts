/**
 * Runs the REAL binary (`node bin/ml-connector.js …`) as a user would, asynchronously (so a
 * sandbox served by the test process keeps answering while it runs). The inherited environment
 * is stripped of the connector's own variables, so a developer's settings never leak in.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import type { Sandboxes } from '../../src/sandbox/index.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = resolve(ROOT, 'bin/ml-connector.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const OWN_VARS = ['DATABASE_URL', 'ML_CONNECTOR_DATA_DIR', 'ML_CONNECTOR_MASTER_KEY', 'LOG_LEVEL', 'ML_CONNECTOR_DEBUG'];

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !OWN_VARS.includes(name)));
  Object.assign(env, options.env);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 25_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/**
 * The CLI contract for a failure: nothing on stdout, exactly one line on stderr starting
 * "error: " that matches `pattern`, the given exit code (any non-zero when absent), and none
 * of `secrets` anywhere in what was printed.
 */
export function expectOneLineFailure(result: CliResult, code: number | undefined, pattern: RegExp, secrets: string[] = []): void {
  if (code === undefined) expect(result.code).not.toBe(0);
  else expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(pattern);
  for (const s of secrets) expect(result.stderr).not.toContain(s);
}

/** Connects `tenant` (already added) to both simulators through the real binary, as a person would. */
export async function connectToSandboxes(
  cli: (...args: string[]) => Promise<CliResult>,
  sandboxes: { credentials: Sandboxes['credentials']; freshbooks: Sandboxes['freshbooks'] },
  tenant: string,
): Promise<void> {
  const c = sandboxes.credentials;
  const coupa = await cli(
    'connect',
    'coupa',
    '--tenant',
    tenant,
    '--instance-url',
    c.coupa.instanceUrl,
    '--client-id',
    c.coupa.clientId,
    '--client-secret',
    c.coupa.clientSecret,
  );
  expect(coupa.code, coupa.stderr).toBe(0);
  const freshbooks = await cli(
    'connect',
    'freshbooks',
    '--tenant',
    tenant,
    '--client-id',
    c.freshbooks.clientId,
    '--client-secret',
    c.freshbooks.clientSecret,
    '--redirect-uri',
    'http://127.0.0.1:8080/oauth/freshbooks/callback',
    '--auth-url',
    c.freshbooks.authUrl,
    '--api-url',
    c.freshbooks.apiUrl,
    '--refresh-token',
    sandboxes.freshbooks.control.issueTokens().refresh_token,
  );
  expect(freshbooks.code, freshbooks.stderr).toBe(0);
}
