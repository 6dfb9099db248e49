/**
 * The full authorization-code flow through `serve`: the server runs in-process (createServer
 * with the real route modules), the sandbox's authorize step answers 302 to the callback, and
 * the test follows it as a browser would. Also: state unknown / expired / reused, the person
 * declining, several businesses (chosen when the URL was made, or listed on the page).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadFreshBooks } from '../../src/app/credentials.js';
import { completePendingFreshBooks, startFreshBooksAuthorization } from '../../src/app/freshbooks-connect.js';
import { createLogger } from '../../src/log.js';
import type { FreshBooksSandbox } from '../../src/sandbox/freshbooks/index.js';
import { createServer } from '../../src/server/app.js';
import { routes } from '../../src/server/routes/index.js';
import { openStore, type Store } from '../../src/store/db.js';
import { getCredential } from '../../src/store/queries/credentials.js';
import { addTenant } from '../../src/store/queries/tenants.js';
import { Vault } from '../../src/vault/vault.js';
import { runCli } from '../helpers/cli.js';
import { demoApp, FRESHBOOKS_DEMO, startSandbox } from '../helpers/freshbooks.js';
import { storeTargets } from '../helpers/stores.js';

describe.each(storeTargets)('serve: GET /oauth/freshbooks/callback on $name', (target) => {
  let sandbox: FreshBooksSandbox;
  let multi: FreshBooksSandbox;
  let made: Awaited<ReturnType<typeof target.create>>;
  let store: Store;
  let vault: Vault;
  let server: FastifyInstance;
  let base: string;
  let redirectUri: string;
  let masterKey: Buffer;

  beforeAll(async () => {
    sandbox = await startSandbox();
    multi = await startSandbox({
      businesses: [
        { accountId: 'NWCo01', businessId: 7310442, name: 'Northwind Consulting' },
        { accountId: 'Zed02', businessId: 7310999, name: 'Zed <Holdings> & Co' },
      ],
    });
  });
  afterAll(async () => {
    await sandbox.close();
    await multi.close();
  });

  beforeEach(async () => {
    made = await target.create();
    store = await openStore(made.target);
    masterKey = randomBytes(32);
    vault = await Vault.open(store, { dataDir: made.dataDir, masterKey }, () => undefined);
    await addTenant(store.db, 'acme');
    server = await createServer({ store, vault, logger: createLogger({ level: 'silent' }), publicUrl: 'http://127.0.0.1' }, routes());
    await server.listen({ host: '127.0.0.1', port: 0 });
    const address = server.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    redirectUri = `${base}/oauth/freshbooks/callback`;
  });
  afterEach(async () => {
    await server.close();
    await store.close();
    await made.cleanup();
  });

  /** A browser: open the authorize URL, follow FreshBooks' 302 to our callback, read the page. */
  async function approve(url: string): Promise<{ status: number; html: string; callbackUrl: string }> {
    const consent = await fetch(url, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const callbackUrl = consent.headers.get('location')!;
    expect(callbackUrl.startsWith(redirectUri + '?')).toBe(true);
    const page = await fetch(callbackUrl);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    return { status: page.status, html: await page.text(), callbackUrl };
  }

  it('connects: state checked, code exchanged, identity read, tokens stored encrypted, a page says what was connected', async () => {
    const { url, state } = await startFreshBooksAuthorization({ store, vault, tenantId: 'acme' }, demoApp(sandbox.url, redirectUri));
    const { status, html, callbackUrl } = await approve(url);
    expect(status).toBe(200);
    expect(html).toContain('FreshBooks connected');
    expect(html).toContain(
      'Tenant &#39;acme&#39; is now connected to the FreshBooks business &#39;Northwind Consulting&#39; (account id NWCo01)',
    );
    expect(html).toContain('ml-connector ping --tenant acme');

    const creds = await loadFreshBooks({ store, vault, tenantId: 'acme' });
    expect(creds).toMatchObject({ accountId: 'NWCo01', businessName: 'Northwind Consulting', apiUrl: sandbox.url, redirectUri });
    const code = new URL(callbackUrl).searchParams.get('code')!;
    for (const secret of [creds.tokens.accessToken, creds.tokens.refreshToken, creds.clientSecret, code, state])
      expect(html).not.toContain(secret);
    expect((await getCredential(store.db, 'acme', 'freshbooks'))!.status).toBe('connected');

    // The same callback again (reload, or replay): refused, the state is spent.
    const again = await fetch(callbackUrl);
    expect(again.status).toBe(400);
    const text = await again.text();
    expect(text).toContain('already been used');
    expect(text).toContain(
      `ml-connector connect freshbooks --tenant acme --client-id demo-freshbooks-client --client-secret &lt;client secret&gt; --redirect-uri ${redirectUri}`,
    );
  });

  it('end to end: the URL printed by the real `connect freshbooks` binary, approved, finished by serve', async () => {
    const result = await runCli(
      [
        '--data-dir',
        made.dataDir,
        ...(made.databaseUrl ? ['--database-url', made.databaseUrl] : []),
        'connect',
        'freshbooks',
        '--tenant',
        'acme',
        '--client-id',
        FRESHBOOKS_DEMO.clientId,
        '--client-secret',
        FRESHBOOKS_DEMO.clientSecret,
        '--redirect-uri',
        redirectUri,
        '--auth-url',
        sandbox.url,
        '--api-url',
        sandbox.url,
        '--json',
      ],
      { env: { ML_CONNECTOR_MASTER_KEY: masterKey.toString('base64') } },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { status, html } = await approve((JSON.parse(result.stdout) as { authorizeUrl: string }).authorizeUrl);
    expect(status).toBe(200);
    expect(html).toContain('FreshBooks connected');
    expect((await loadFreshBooks({ store, vault, tenantId: 'acme' })).accountId).toBe('NWCo01');
  }, 60_000);

  it('refuses an unknown or missing state with a page saying how to start again', async () => {
    const unknown = await fetch(`${redirectUri}?code=abc&state=never-issued`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(/not known to this ml-connector[\s\S]*ml-connector connect freshbooks --tenant/);
    const missing = await fetch(`${redirectUri}?code=abc`);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('Missing state');
  });

  it('refuses an expired state (older than 10 minutes)', async () => {
    const { url } = await startFreshBooksAuthorization({ store, vault, tenantId: 'acme' }, demoApp(sandbox.url, redirectUri), {
      now: Date.now() - 11 * 60_000,
    });
    const { status, html } = await approve(url);
    expect(status).toBe(400);
    expect(html).toContain('has expired (links are valid for 10 minutes)');
    expect(await getCredential(store.db, 'acme', 'freshbooks')).toBeUndefined();
  });

  it('says so when the person declines (error=access_denied), and stores nothing', async () => {
    const { state } = await startFreshBooksAuthorization({ store, vault, tenantId: 'acme' }, demoApp(sandbox.url, redirectUri));
    const res = await fetch(`${redirectUri}?error=access_denied&state=${encodeURIComponent(state)}`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Access declined');
    expect(html).toContain('Access to FreshBooks was declined, so tenant &#39;acme&#39; was not connected');
    expect(await getCredential(store.db, 'acme', 'freshbooks')).toBeUndefined();
  });

  it('several businesses: the account id given when the URL was made chooses', async () => {
    const { url } = await startFreshBooksAuthorization({ store, vault, tenantId: 'acme' }, demoApp(multi.url, redirectUri), {
      accountId: 'Zed02',
    });
    const { status, html } = await approve(url);
    expect(status).toBe(200);
    expect(html).toContain('Zed &lt;Holdings&gt; &amp; Co'); // escaped
    expect((await loadFreshBooks({ store, vault, tenantId: 'acme' })).accountId).toBe('Zed02');
  });

  it('several businesses and no choice: a page lists them with the command to run, which then finishes', async () => {
    const app = demoApp(multi.url, redirectUri);
    const { url } = await startFreshBooksAuthorization({ store, vault, tenantId: 'acme' }, app);
    const { status, html } = await approve(url);
    expect(status).toBe(409);
    expect(html).toContain('Choose a FreshBooks business');
    expect(html).toContain('Northwind Consulting — account id NWCo01');
    expect(html).toContain('Zed &lt;Holdings&gt; &amp; Co — account id Zed02');
    expect(html).toContain(`--api-url ${multi.url} --account-id &lt;account id&gt;`);
    expect(await getCredential(store.db, 'acme', 'freshbooks')).toBeUndefined();

    const done = await completePendingFreshBooks({ store, vault, tenantId: 'acme' }, app, 'NWCo01');
    expect(done).toMatchObject({ accountId: 'NWCo01', businessName: 'Northwind Consulting' });
    expect((await getCredential(store.db, 'acme', 'freshbooks'))!.status).toBe('connected');
    // The waiting grant was single-use too.
    expect(await completePendingFreshBooks({ store, vault, tenantId: 'acme' }, app, 'NWCo01')).toBeUndefined();
  });
});
