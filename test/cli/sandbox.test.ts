/** `ml-connector sandbox` through the real binary: both simulators up with demo data, faults from flags. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../helpers/cli.js';

describe('sandbox command', () => {
  it(
    'prints both URLs and the demo credentials, serves the demo data, injects the faults given, and stops on SIGINT',
    { timeout: 90_000 },
    async () => {
      const child = spawn(process.execPath, [BIN, 'sandbox', '--json', '--coupa-fault', 'kind=rate_limit,times=1,path=/api/suppliers'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const info = await new Promise<any>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          try {
            resolve(JSON.parse(out));
          } catch {
            // not complete yet
          }
        });
        child.on('exit', (code) => {
          reject(new Error(`sandbox exited early (${code})`));
        });
      });
      try {
        expect(info.coupa).toMatchObject({ clientId: 'demo-coupa-client', clientSecret: 'demo-coupa-secret' });
        expect(info.company).toBe('Northwind Consulting');
        const token = (await (
          await fetch(`${info.coupa.url}/oauth2/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              grant_type: 'client_credentials',
              client_id: info.coupa.clientId,
              client_secret: info.coupa.clientSecret,
              scope: 'core.supplier.read',
            }),
          })
        ).json()) as { access_token: string };
        const get = () =>
          fetch(`${info.coupa.url}/api/suppliers?limit=50`, {
            headers: { authorization: `Bearer ${token.access_token}`, accept: 'application/json' },
          });
        expect((await get()).status).toBe(429);
        const suppliers = await (await get()).json();
        expect(suppliers).toHaveLength(12);
        expect((await fetch(`${info.freshbooks.url}/_sandbox/accounts`)).status).toBe(200);
      } finally {
        const exited = new Promise((r) => child.on('exit', r));
        child.kill('SIGINT');
        expect(await exited).toBe(0);
      }
    },
  );

  it('refuses a bad fault spec with a message saying what is expected', { timeout: 60_000 }, async () => {
    const result = await runCli(['sandbox', '--coupa-fault', 'kind=explode']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^error: --coupa-fault: Bad fault spec 'kind=explode': kind must be one of latency, error, rate_limit, timeout, reset, expired_token/,
    );
  });
});
