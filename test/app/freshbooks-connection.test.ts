/**
 * A tenant's FreshBooks connection over the real store (SQLite, and PostgreSQL when
 * TEST_DATABASE_URL is set) and the sandbox: refreshes saved before use, `invalid_grant`
 * ending in `needs_reauth`, and — the point of the cross-process lock — 20 concurrent calls
 * from 2 processes on an expired token causing exactly one refresh and no invalid_grant.
 * Refreshes are counted on the wire by a proxy in front of the sandbox.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explain } from '../../src/app/hints.js';
import { loadFreshBooks } from '../../src/app/credentials.js';
import { freshbooksClientFor } from '../../src/app/freshbooks-client.js';
import { connectFreshBooks } from '../../src/app/freshbooks-connect.js';
import type { TenantScope } from '../../src/app/tenant-scope.js';
import type { HttpCall } from '../../src/providers/http.js';
import { FreshBooksReauthRequiredError } from '../../src/providers/freshbooks/errors.js';
import type { FreshBooksSandbox } from '../../src/sandbox/freshbooks/index.js';
import { getCredential } from '../../src/store/queries/credentials.js';
import {
  countingProxy,
  demoApp,
  FRESHBOOKS_DEMO,
  issueTokens,
  openTestStore,
  saveDemoConnection,
  startSandbox,
  type ConnectedStore,
} from '../helpers/freshbooks.js';
import { ROOT } from '../helpers/cli.js';
import { storeTargets } from '../helpers/stores.js';

type Proxy = Awaited<ReturnType<typeof countingProxy>>;

/** Starts one burst process; resolves once it is ready, with a way to fire and collect. */
async function burstProcess(env: NodeJS.ProcessEnv): Promise<{ go(): void; done: Promise<{ ok: number; errors: string[] }> }> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [resolve(ROOT, 'bin/run-ts.js'), 'test/fixtures/freshbooks-burst.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', ML_CONNECTOR_DATA_DIR: '', ...env },
    },
  );
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const ready = new Promise<void>((resolveReady, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.startsWith('ready\n')) resolveReady();
    });
    child.on('close', (code) => {
      reject(new Error(`burst process exited ${code} before it was ready: ${err}`));
    });
  });
  const done = new Promise<{ ok: number; errors: string[] }>((resolveDone, reject) => {
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`burst process exited ${code}: ${err}`));
      else resolveDone(JSON.parse(line) as { ok: number; errors: string[] });
    });
  });
  await ready;
  return { go: () => child.stdin.end('go\n'), done };
}

describe.each(storeTargets)('FreshBooks connection on $name', (target) => {
  let sandbox: FreshBooksSandbox;
  let proxy: Proxy;
  let s: ConnectedStore;
  const acme = (): TenantScope => ({ store: s.store, vault: s.vault, tenantId: 'acme' });

  beforeEach(async () => {
    sandbox = await startSandbox();
    proxy = await countingProxy(sandbox.url);
    s = await openTestStore(target);
  });
  afterEach(async () => {
    await s.close();
    await proxy.close();
    await sandbox.close();
  });

  const childEnv = () => ({
    ML_CONNECTOR_MASTER_KEY: s.masterKey.toString('base64'),
    ...(s.made.databaseUrl ? { DATABASE_URL: s.made.databaseUrl } : { ML_CONNECTOR_DATA_DIR: s.made.dataDir }),
    BURST_TENANT: 'acme',
    BURST_COUNT: '10',
  });

  it('refreshes on a 401, saves the new pair before use, and another client reuses it', async () => {
    const issued = issueTokens(sandbox);
    await saveDemoConnection(s, proxy.url, issued);
    const before = await getCredential(s.store.db, 'acme', 'freshbooks');
    sandbox.control.expireAccessTokens();

    const client = await freshbooksClientFor(acme());
    expect((await client.identity.me()).businesses.map((b) => b.accountId)).toEqual([FRESHBOOKS_DEMO.accountId]);
    expect(proxy.refreshes()).toBe(1);

    const saved = (await loadFreshBooks(acme())).tokens;
    expect(saved.refreshToken).not.toBe(issued.refreshToken);
    const after = await getCredential(s.store.db, 'acme', 'freshbooks');
    expect(after!.version).toBe(before!.version + 1);
    expect(after!.status).toBe('connected');
    expect(after!.sealed).not.toContain(saved.accessToken);

    const other = await freshbooksClientFor(acme());
    await other.bills.get('1').catch(() => undefined);
    expect(proxy.refreshes()).toBe(1);
  });

  it('invalid_grant: the connection becomes needs_reauth with a clear last_error, and nothing loops', async () => {
    const issued = issueTokens(sandbox);
    await saveDemoConnection(s, proxy.url, issued);
    // The refresh token is spent elsewhere (e.g. a copy of this connection on another install),
    // so the pair this store holds is dead.
    await connectFreshBooks(acme(), demoApp(sandbox.url), { refreshToken: issued.refreshToken });
    await saveDemoConnection(s, proxy.url, issued);
    sandbox.control.expireAccessTokens();

    const calls: HttpCall[] = [];
    const client = await freshbooksClientFor(acme(), { recorder: (c) => calls.push(c) });
    const errors = await Promise.all(Array.from({ length: 4 }, () => client.vendors.get('1').catch((e: unknown) => e)));
    for (const e of errors) expect(e).toBeInstanceOf(FreshBooksReauthRequiredError);
    expect(explain(errors[0], 'acme')).toMatch(/invalid_grant.*connect freshbooks --tenant acme/);
    expect(proxy.tokenCalls).toEqual([{ grantType: 'refresh_token', status: 400 }]);

    const row = await getCredential(s.store.db, 'acme', 'freshbooks');
    expect(row!.status).toBe('needs_reauth');
    expect(row!.lastError).toMatch(/refused the token request \(HTTP 400\): invalid_grant/);
    expect(row!.lastError).not.toContain(issued.refreshToken);

    // A new client (another process, later) sends nothing at all.
    const later: HttpCall[] = [];
    const again = await freshbooksClientFor(acme(), { recorder: (c) => later.push(c) });
    const err = await again.identity.me().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FreshBooksReauthRequiredError);
    expect((err as FreshBooksReauthRequiredError).message).toMatch(/tenant 'acme' needs re-authorisation/);
    expect(later).toEqual([]);
    expect(proxy.tokenCalls).toHaveLength(1);

    // Connecting again clears it.
    await connectFreshBooks(acme(), demoApp(proxy.url), { refreshToken: issueTokens(sandbox).refreshToken });
    expect((await getCredential(s.store.db, 'acme', 'freshbooks'))!.status).toBe('connected');
    await (await freshbooksClientFor(acme())).identity.me();
  });

  for (const how of ['expired by FreshBooks (401)', 'expired by its own created_at + expires_in'] as const) {
    it(`20 concurrent calls from 2 processes on a token ${how}: exactly one refresh, no invalid_grant`, async () => {
      const issued = issueTokens(sandbox);
      if (how === 'expired by FreshBooks (401)') {
        await saveDemoConnection(s, proxy.url, issued);
        sandbox.control.expireAccessTokens();
      } else {
        await saveDemoConnection(s, proxy.url, { ...issued, createdAt: issued.createdAt - issued.expiresIn });
      }
      const [a, b] = await Promise.all([burstProcess(childEnv()), burstProcess(childEnv())]);
      a.go();
      b.go();
      const results = await Promise.all([a.done, b.done]);
      expect(results).toEqual([
        { ok: 10, errors: [] },
        { ok: 10, errors: [] },
      ]);
      expect(proxy.refreshes()).toBe(1);
      expect(proxy.tokenCalls.every((c) => c.status === 200)).toBe(true);
      const saved = (await loadFreshBooks(acme())).tokens;
      expect(saved.refreshToken).not.toBe(issued.refreshToken);
      expect((await getCredential(s.store.db, 'acme', 'freshbooks'))!.status).toBe('connected');
    });
  }
});
