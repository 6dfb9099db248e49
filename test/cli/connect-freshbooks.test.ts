/**
 * `ml-connector connect freshbooks` through the REAL binary against the sandbox: the authorize
 * URL, --code, --refresh-token (the NEW pair is kept), several businesses, and every bad input
 * failing with one line on stderr, a non-zero exit and never a token on screen.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFreshBooks } from '../../src/app/credentials.js';
import { authorizeUrl } from '../../src/providers/freshbooks/auth.js';
import type { FreshBooksSandbox } from '../../src/sandbox/freshbooks/index.js';
import { openStore, type Store } from '../../src/store/db.js';
import { getCredential } from '../../src/store/queries/credentials.js';
import { addTenant } from '../../src/store/queries/tenants.js';
import { Vault } from '../../src/vault/vault.js';
import { expectOneLineFailure, runCli } from '../helpers/cli.js';
import { deadUrl, FRESHBOOKS_DEMO, startSandbox } from '../helpers/freshbooks.js';
import { storeTargets } from '../helpers/stores.js';

const REDIRECT = 'http://127.0.0.1:8080/oauth/freshbooks/callback';

/** What a browser does: follow the authorize URL to the redirect, and read the code off it. */
async function authorizationCode(sandbox: FreshBooksSandbox, state = 'test-state'): Promise<string> {
  const res = await fetch(authorizeUrl({ authUrl: sandbox.url, clientId: FRESHBOOKS_DEMO.clientId, redirectUri: REDIRECT, state }), {
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(location.searchParams.get('state')).toBe(state);
  return location.searchParams.get('code')!;
}

describe.each(storeTargets)('connect freshbooks (real binary) on $name', (target) => {
  let sandbox: FreshBooksSandbox;
  let multi: FreshBooksSandbox;
  let made: Awaited<ReturnType<typeof target.create>>;
  let store: Store;
  let vault: Vault;
  const masterKey = randomBytes(32);
  const env = { ML_CONNECTOR_MASTER_KEY: masterKey.toString('base64') };

  beforeAll(async () => {
    sandbox = await startSandbox();
    multi = await startSandbox({
      businesses: [
        { accountId: 'NWCo01', businessId: 7310442, name: 'Northwind Consulting' },
        { accountId: 'Zed02', businessId: 7310999, name: 'Zed Holdings Ltd' },
      ],
    });
    made = await target.create();
    store = await openStore(made.target);
    vault = await Vault.open(store, { dataDir: made.dataDir, masterKey }, () => undefined);
    for (const t of ['acme', 'beta', 'multi']) await addTenant(store.db, t);
  });
  afterAll(async () => {
    await store.close();
    await made.cleanup();
    await sandbox.close();
    await multi.close();
  });

  const cli = (args: string[]) =>
    runCli(['--data-dir', made.dataDir, ...(made.databaseUrl ? ['--database-url', made.databaseUrl] : []), ...args], { env });
  const connect = (tenant: string, over: { url?: string; secret?: string } = {}, extra: string[] = []) =>
    cli([
      'connect',
      'freshbooks',
      '--tenant',
      tenant,
      '--client-id',
      FRESHBOOKS_DEMO.clientId,
      '--client-secret',
      over.secret ?? FRESHBOOKS_DEMO.clientSecret,
      '--redirect-uri',
      REDIRECT,
      '--auth-url',
      over.url ?? sandbox.url,
      '--api-url',
      over.url ?? sandbox.url,
      ...extra,
    ]);

  it('without --code prints the authorize URL, its state stored server-side with the secret sealed', async () => {
    const result = await connect('acme', {}, ['--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout) as { authorizeUrl: string; status: string; expiresAt: string };
    expect(out.status).toBe('authorization_pending');
    const url = new URL(out.authorizeUrl);
    expect(url.origin + url.pathname).toBe(`${sandbox.url}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: FRESHBOOKS_DEMO.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
    });
    expect(url.searchParams.get('scope')!.split(' ')).toContain('user:bills:write');
    const state = url.searchParams.get('state')!;
    expect(state.length).toBeGreaterThanOrEqual(32);
    const row = await store.db.selectFrom('oauth_states').selectAll().where('state', '=', state).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ tenant_id: 'acme', client_id: FRESHBOOKS_DEMO.clientId, redirect_uri: REDIRECT, used_at: null });
    expect(row.expires_at - row.created_at).toBe(10 * 60_000);
    expect(row.sealed).not.toContain(FRESHBOOKS_DEMO.clientSecret);

    const text = await connect('acme');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Open this URL in a browser/);
    expect(text.stdout).toContain(`${sandbox.url}/oauth/authorize?client_id=${FRESHBOOKS_DEMO.clientId}`);
    expect(text.stdout).toMatch(/`ml-connector serve` must be running/);
  }, 90_000);

  it('--code: exchanges at once, reads the identity, stores the tokens encrypted, prints what was connected (no token)', async () => {
    const code = await authorizationCode(sandbox);
    const result = await connect('acme', {}, ['--code', code]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Connected tenant 'acme' to FreshBooks business 'Northwind Consulting' \(account id NWCo01\)\./);
    expect(result.stdout).toMatch(/scopes: +user:profile:read/);
    expect(result.stdout).toMatch(/token expires: +\d{4}-\d\d-\d\dT/);
    const creds = await loadFreshBooks({ store, vault, tenantId: 'acme' });
    expect(creds).toMatchObject({
      accountId: 'NWCo01',
      businessId: 7310442,
      businessName: 'Northwind Consulting',
      apiUrl: sandbox.url,
      clientId: FRESHBOOKS_DEMO.clientId,
      redirectUri: REDIRECT,
    });
    for (const secret of [creds.tokens.accessToken, creds.tokens.refreshToken, creds.clientSecret, code])
      expect(result.stdout + result.stderr).not.toContain(secret);
    expect((await getCredential(store.db, 'acme', 'freshbooks'))!.status).toBe('connected');

    // The code was single-use.
    expectOneLineFailure(await connect('acme', {}, ['--code', code]), 1, /invalid_grant.*single-use/, [code]);
  }, 90_000);

  it('--refresh-token: spends it at once and stores the NEW pair; --json gives the same as data', async () => {
    const issued = sandbox.control.issueTokens();
    const result = await connect('beta', {}, ['--refresh-token', issued.refresh_token, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      tenant: 'beta',
      provider: 'freshbooks',
      status: 'connected',
      businessName: 'Northwind Consulting',
      accountId: 'NWCo01',
      missingScopes: [],
      replaced: false,
    });
    expect(result.stdout).not.toContain(issued.refresh_token);
    const creds = await loadFreshBooks({ store, vault, tenantId: 'beta' });
    expect(creds.tokens.refreshToken).not.toBe(issued.refresh_token);
    expect(creds.tokens.accessToken).not.toBe(issued.access_token);

    // Using the spent token again: one clear line, and it says what to do.
    expectOneLineFailure(
      await connect('beta', {}, ['--refresh-token', issued.refresh_token]),
      1,
      /invalid_grant.*Refresh tokens work once.*issue a new one/,
      [issued.refresh_token],
    );
  }, 90_000);

  it('several businesses: the error lists them; --account-id then finishes without a new grant', async () => {
    const issued = multi.control.issueTokens();
    const first = await connect('multi', { url: multi.url }, ['--refresh-token', issued.refresh_token]);
    expectOneLineFailure(
      first,
      1,
      /reaches 2 businesses: 'Northwind Consulting' \(account id NWCo01\), 'Zed Holdings Ltd' \(account id Zed02\); choose one with --account-id\. — Run .*--account-id <account id>/,
      [issued.refresh_token],
    );
    expect(await getCredential(store.db, 'multi', 'freshbooks')).toBeUndefined();

    const unknown = await connect('multi', { url: multi.url }, ['--account-id', 'Nope99']);
    expectOneLineFailure(
      unknown,
      1,
      /no business with account id 'Nope99'; they reach 'Northwind Consulting' \(account id NWCo01\), 'Zed Holdings Ltd' \(account id Zed02\)/,
    );

    const chosen = await connect('multi', { url: multi.url }, ['--account-id', 'Zed02']);
    // The tenant was made without a start date: the first successful connect gives it the default, and says so.
    expect(chosen.stderr).toMatch(/^Start date of tenant 'multi' set to \d{4}-\d{2}-01 \(the default.*--start-date DATE`\.\n$/);
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toMatch(/business 'Zed Holdings Ltd' \(account id Zed02\)/);
    expect((await loadFreshBooks({ store, vault, tenantId: 'multi' })).accountId).toBe('Zed02');

    // With --account-id up front, --refresh-token connects at once.
    const direct = await connect('multi', { url: multi.url }, [
      '--refresh-token',
      multi.control.issueTokens().refresh_token,
      '--account-id',
      'NWCo01',
    ]);
    expect(direct.code).toBe(0);
    expect(direct.stdout).toMatch(/business 'Northwind Consulting' \(account id NWCo01\), replacing the previous FreshBooks connection/);
  }, 90_000);

  it('unknown tenant', async () => {
    expectOneLineFailure(
      await connect('nope', {}, ['--code', 'abc']),
      1,
      /Unknown tenant 'nope'\. — Create it with `ml-connector tenant add nope`/,
    );
  });

  it('missing option', async () => {
    const result = await cli(['connect', 'freshbooks', '--tenant', 'acme', '--client-id', 'x', '--redirect-uri', REDIRECT]);
    expectOneLineFailure(
      result,
      2,
      /required option '--client-secret <secret>' not specified \(see `ml-connector connect freshbooks --help`\)/,
    );
  });

  it('unreachable --api-url', async () => {
    const url = await deadUrl();
    expectOneLineFailure(
      await connect('acme', { url }, ['--code', 'abc']),
      1,
      new RegExp(`Cannot reach FreshBooks at ${url.replace(/\./g, '\\.')}: connection refused\\. — Check --api-url`),
    );
  });

  it('bad client secret: what FreshBooks said and what to do, never the secret', async () => {
    const code = await authorizationCode(sandbox);
    const result = await connect('acme', { secret: 'not-the-secret-at-all' }, ['--code', code]);
    expectOneLineFailure(
      result,
      1,
      /FreshBooks refused the token request \(HTTP 40\d\): invalid_client.* — Check --client-id and --client-secret/,
      ['not-the-secret-at-all', code],
    );
  });

  it('bad combinations and values are usage errors', async () => {
    expectOneLineFailure(
      await connect('acme', {}, ['--code', 'a', '--refresh-token', 'b']),
      2,
      /--code and --refresh-token cannot be used together/,
    );
    const badRedirect = await cli([
      'connect',
      'freshbooks',
      '--tenant',
      'acme',
      '--client-id',
      'x',
      '--client-secret',
      'y',
      '--redirect-uri',
      'https://sync.example.com/cb?tenant=acme',
    ]);
    expectOneLineFailure(badRedirect, 2, /--redirect-uri must not have a query.*FreshBooks refuses/);
    expectOneLineFailure(await connect('acme', { url: 'ftp://example.com' }), 2, /--auth-url must be an http\(s\) URL/);
  }, 90_000);
});
