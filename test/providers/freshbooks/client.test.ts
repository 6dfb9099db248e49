/**
 * The FreshBooks client against the sandbox over HTTP: tokens refreshed ahead of expiry and
 * once on a 401, invalid_grant ending in "needs re-authorisation" without a loop, 429 and 5xx
 * handling on a fake clock, paging, and the typed errors of each error shape.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpCall } from '../../../src/providers/http.js';
import { explain } from '../../../src/app/hints.js';
import { retryAfterOf } from '../../../src/providers/freshbooks/answers.js';
import { FreshBooksClient } from '../../../src/providers/freshbooks/client.js';
import {
  FreshBooksNotFoundError,
  FreshBooksRateLimitedError,
  FreshBooksReauthRequiredError,
  FreshBooksScopeError,
  FreshBooksServerError,
  FreshBooksUnauthorizedError,
  FreshBooksValidationError,
} from '../../../src/providers/freshbooks/errors.js';
import { memoryTokenStore, type FreshBooksTokens } from '../../../src/providers/freshbooks/tokens.js';
import type { FreshBooksSandbox } from '../../../src/sandbox/freshbooks/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { FRESHBOOKS_DEMO, issueTokens, startSandbox } from '../../helpers/freshbooks.js';

const APP = { clientId: FRESHBOOKS_DEMO.clientId, clientSecret: FRESHBOOKS_DEMO.clientSecret, redirectUri: FRESHBOOKS_DEMO.redirectUri };
const ACCOUNT = FRESHBOOKS_DEMO.accountId;

function makeClient(
  sandbox: FreshBooksSandbox,
  tokens: FreshBooksTokens,
  extra: Partial<ConstructorParameters<typeof FreshBooksClient>[0]> = {},
) {
  const calls: HttpCall[] = [];
  const store = memoryTokenStore(tokens);
  const client = new FreshBooksClient({
    apiUrl: sandbox.url,
    accountId: ACCOUNT,
    app: APP,
    tokens: store,
    recorder: (c) => calls.push(c),
    random: () => 0.5,
    ...extra,
  });
  const tokenCalls = () => calls.filter((c) => c.path === '/auth/oauth/token');
  return { client, store, calls, tokenCalls };
}

describe('FreshBooks client: tokens', () => {
  let now = Date.now();
  let sandbox: FreshBooksSandbox;
  beforeEach(async () => {
    now = Date.now();
    sandbox = await startSandbox({ now: () => now });
  });
  afterEach(() => sandbox.close());

  it('refreshes ahead of expiry (created_at + expires_in, minus the margin) before sending anything', async () => {
    const tokens = issueTokens(sandbox);
    const clock = new FakeClock(now);
    const { client, store, calls } = makeClient(sandbox, tokens, { clock });
    await client.bills.list()[Symbol.asyncIterator]().next();
    expect(calls.map((c) => `${c.method} ${c.path.split('?')[0]} ${c.status}`)).toEqual([
      `GET /accounting/account/${ACCOUNT}/bills/bills 200`,
    ]);

    // 12 h minus one minute later: inside the 5-minute margin, on both clocks.
    const later = (tokens.createdAt + tokens.expiresIn - 60) * 1000;
    now = later;
    clock.time = later;
    calls.length = 0;
    await client.bills.list()[Symbol.asyncIterator]().next();
    expect(calls.map((c) => `${c.method} ${c.path.split('?')[0]} ${c.status}`)).toEqual([
      'POST /auth/oauth/token 200',
      `GET /accounting/account/${ACCOUNT}/bills/bills 200`,
    ]);
    expect(store.current().accessToken).not.toBe(tokens.accessToken);
    expect(store.current().refreshToken).not.toBe(tokens.refreshToken);
    expect(store.current().createdAt).toBe(Math.floor(later / 1000));
  });

  it('refreshes once on a 401 (expired_token fault) and replays the call', async () => {
    const tokens = issueTokens(sandbox);
    const { client, store, calls } = makeClient(sandbox, tokens);
    sandbox.faults.add({ kind: 'expired_token', path: '/accounting', times: 1 });
    const me = await client.vendors.list()[Symbol.asyncIterator]().next();
    expect(me.done).toBe(true); // no vendors yet, but the call went through
    expect(calls.map((c) => `${c.method} ${c.path.split('?')[0]} ${c.status}`)).toEqual([
      `GET /accounting/account/${ACCOUNT}/bill_vendors/bill_vendors 401`,
      'POST /auth/oauth/token 200',
      `GET /accounting/account/${ACCOUNT}/bill_vendors/bill_vendors 200`,
    ]);
    expect(store.current().accessToken).not.toBe(tokens.accessToken);
  });

  it('refreshes on a 401 after every access token was expired by the control API, for every API family', async () => {
    const { client, tokenCalls } = makeClient(sandbox, issueTokens(sandbox));
    sandbox.control.expireAccessTokens();
    expect((await client.identity.me()).businesses[0]!.accountId).toBe(ACCOUNT);
    expect(await client.callbacks.list()).toEqual([]);
    expect(await client.categories.list()).not.toHaveLength(0);
    expect(tokenCalls()).toHaveLength(1);
  });

  it('concurrent calls on one expired token share one refresh', async () => {
    const { client, tokenCalls } = makeClient(sandbox, issueTokens(sandbox));
    sandbox.control.expireAccessTokens();
    const results = await Promise.all(Array.from({ length: 10 }, () => client.identity.me()));
    expect(results).toHaveLength(10);
    expect(tokenCalls()).toHaveLength(1);
  });

  it('a second 401 after the refresh is final: FreshBooksUnauthorizedError, one refresh, no loop', async () => {
    const { client, tokenCalls, calls } = makeClient(sandbox, issueTokens(sandbox));
    sandbox.faults.add({ kind: 'expired_token', path: '/accounting' });
    const err = await client.bills.get('1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FreshBooksUnauthorizedError);
    // The client says what happened; the edge names the command that fixes it.
    expect((err as FreshBooksUnauthorizedError).oneLine()).toMatch(/refused the access token.* — .*authorised again/);
    expect((err as FreshBooksUnauthorizedError).oneLine()).not.toContain('ml-connector');
    expect(explain(err, 'acme')).toMatch(
      /refused the access token.* — .*authorise again with `ml-connector connect freshbooks --tenant acme …`/,
    );
    expect(tokenCalls()).toHaveLength(1);
    expect(calls).toHaveLength(3);
  });

  it('invalid_grant marks the connection as needing re-authorisation, throws a clear error, and never retries', async () => {
    const tokens = issueTokens(sandbox);
    // Someone else spends the refresh token (e.g. a copy of the connection elsewhere).
    const spent = await fetch(`${sandbox.url}/auth/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'refresh_token',
        refresh_token: tokens.refreshToken,
        client_id: APP.clientId,
        client_secret: APP.clientSecret,
        redirect_uri: APP.redirectUri,
      }),
    });
    expect(spent.status).toBe(200);
    sandbox.control.expireAccessTokens();

    const { client, store, calls, tokenCalls } = makeClient(sandbox, tokens, { tenantId: 'acme' });
    const errors = await Promise.all(Array.from({ length: 5 }, () => client.identity.me().catch((e: unknown) => e)));
    for (const err of errors) expect(err).toBeInstanceOf(FreshBooksReauthRequiredError);
    const err = errors[0] as FreshBooksReauthRequiredError;
    expect(err.oneLine()).toMatch(/invalid_grant/);
    expect(err.oneLine()).not.toContain('ml-connector');
    expect(explain(err, 'acme')).toMatch(/invalid_grant.* — Authorise again: `ml-connector connect freshbooks --tenant acme …`/);
    expect(explain(err, 'acme')).not.toContain(tokens.refreshToken);
    expect(store.needsReauth).toMatch(/invalid_grant/);
    expect(tokenCalls()).toHaveLength(1);
    expect(tokenCalls()[0]!.status).toBe(400);

    // Later calls fail at once: nothing is sent.
    const before = calls.length;
    await expect(client.bills.get('1')).rejects.toBeInstanceOf(FreshBooksReauthRequiredError);
    expect(calls.length).toBe(before);
  });

  it('a client made for a connection already marked needs_reauth sends nothing', async () => {
    const { client, calls } = makeClient(sandbox, issueTokens(sandbox), { tenantId: 'acme', needsReauth: 'invalid_grant at 10:02' });
    const err = await client.identity.me().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FreshBooksReauthRequiredError);
    expect((err as FreshBooksReauthRequiredError).message).toMatch(/tenant 'acme' needs re-authorisation \(invalid_grant at 10:02\)/);
    expect(calls).toHaveLength(0);
  });

  it('no token or secret appears in the call records', async () => {
    const tokens = issueTokens(sandbox);
    const { client, store, calls } = makeClient(sandbox, tokens);
    sandbox.control.expireAccessTokens();
    await client.identity.me();
    const text = JSON.stringify(calls);
    for (const secret of [
      tokens.accessToken,
      tokens.refreshToken,
      store.current().accessToken,
      store.current().refreshToken,
      APP.clientSecret,
    ])
      expect(text).not.toContain(secret);
  });
});

describe('FreshBooks client: throttling, retries, paging, errors', () => {
  let sandbox: FreshBooksSandbox;
  const vendors = Array.from({ length: 150 }, (_, i) => ({
    vendor_name: `Vendor ${String(i + 1).padStart(3, '0')}`,
    currency_code: 'USD',
  }));
  beforeEach(async () => {
    sandbox = await startSandbox({ data: { vendors } });
  });
  afterEach(() => sandbox.close());

  it('honours Retry-After on 429 (on a fake clock) and then succeeds', async () => {
    const clock = new FakeClock(Date.now());
    const { client, calls } = makeClient(sandbox, issueTokens(sandbox), { clock });
    sandbox.faults.add({ kind: 'rate_limit', retryAfterSeconds: 3, times: 2 });
    const first = await client.vendors.list()[Symbol.asyncIterator]().next();
    expect(first.value).toHaveLength(100);
    expect(calls.map((c) => [c.status, c.attempt])).toEqual([
      [429, 1],
      [429, 2],
      [200, 3],
    ]);
    expect(clock.sleeps).toEqual([3000, 3000]);
  });

  it('gives up at once with FreshBooksRateLimitedError when FreshBooks asks for longer than the 30 s cap', async () => {
    const clock = new FakeClock(Date.now());
    const { client, calls } = makeClient(sandbox, issueTokens(sandbox), { clock });
    sandbox.faults.add({ kind: 'rate_limit', retryAfterSeconds: 60, times: 1 });
    const err = await client.identity.me().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FreshBooksRateLimitedError);
    expect((err as FreshBooksRateLimitedError).retryAfterMs).toBe(60_000);
    expect((err as FreshBooksRateLimitedError).message).toMatch(/wait for 60 s/);
    expect(calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('reads the wait from Retry-After, else X-RateLimit-Reset', () => {
    const now = 1_795_000_000_000;
    expect(retryAfterOf(new Headers({ 'retry-after': '7' }), now)).toBe(7000);
    expect(retryAfterOf(new Headers({ 'x-ratelimit-reset': String(now / 1000 + 12) }), now)).toBe(12_000);
    expect(retryAfterOf(new Headers({}), now)).toBeUndefined();
  });

  it('retries 5xx with backoff for reads, bounded, but never repeats a POST', async () => {
    const clock = new FakeClock(Date.now());
    const { client, calls } = makeClient(sandbox, issueTokens(sandbox), { clock });
    sandbox.faults.add({ kind: 'error', status: 503, path: '/accounting', times: 2 });
    expect(await client.categories.list()).not.toHaveLength(0);
    expect(calls.slice(0, 3).map((c) => c.status)).toEqual([503, 503, 200]);
    expect(clock.sleeps).toEqual([250, 500]); // full jitter at 0.5 of 500 ms·2^(n-1)

    calls.length = 0;
    sandbox.faults.add({ kind: 'error', status: 503, path: '/accounting', method: 'POST', times: 1 });
    const draft = {
      vendorName: 'Once Only',
      primaryContactFirstName: null,
      primaryContactLastName: null,
      primaryContactEmail: null,
      street: null,
      street2: null,
      city: null,
      province: null,
      postalCode: null,
      country: null,
      phone: null,
      website: null,
      currencyCode: 'USD',
    };
    await expect(client.vendors.create(draft)).rejects.toBeInstanceOf(FreshBooksServerError);
    expect(calls).toHaveLength(1);

    calls.length = 0;
    sandbox.faults.add({ kind: 'error', status: 500, path: '/accounting' });
    await expect(client.bills.get('1')).rejects.toBeInstanceOf(FreshBooksServerError);
    expect(calls).toHaveLength(5); // bounded
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(30_000);
  });

  it('pages with per_page=100 over page/pages', async () => {
    const { client, calls } = makeClient(sandbox, issueTokens(sandbox));
    const pages: number[] = [];
    const names: string[] = [];
    for await (const page of client.vendors.list()) {
      pages.push(page.length);
      names.push(...page.map((v) => v.name));
    }
    expect(pages).toEqual([100, 50]);
    expect(new Set(names).size).toBe(150);
    expect(calls.map((c) => new URL(c.path, 'http://x').searchParams.get('per_page'))).toEqual(['100', '100']);
    expect(calls.map((c) => new URL(c.path, 'http://x').searchParams.get('page'))).toEqual(['1', '2']);
  });

  it('turns the sandbox\u2019s error answers into typed errors', async () => {
    const { client } = makeClient(sandbox, issueTokens(sandbox));
    const notFound = await client.bills.get('424242').catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(FreshBooksNotFoundError);
    expect((notFound as FreshBooksNotFoundError).status).toBe(404);
    expect((notFound as FreshBooksNotFoundError).errno).toBe(1012);

    const invalid = await client.accounting('POST', 'bills/bills', { body: { bill: { currency_code: 'USD' } } }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(FreshBooksValidationError);
    expect((invalid as FreshBooksValidationError).errno).toBeTypeOf('number');
    expect((invalid as FreshBooksValidationError).field).toBeTypeOf('string');
    expect((invalid as FreshBooksValidationError).message).toMatch(/vendorid/);

    const noCallback = await client.callbacks.get('999').catch((e: unknown) => e);
    expect(noCallback).toBeInstanceOf(FreshBooksNotFoundError);
  });

  it('names the missing scope of a 403', async () => {
    const tokens = issueTokens(sandbox, ['user:profile:read', 'user:bills:read', 'user:bill_vendors:read']);
    const { client } = makeClient(sandbox, tokens);
    const err = await client.bills
      .create({ vendorId: '1', billNumber: 'X', issueDate: '2024-01-01', dueOffsetDays: 0, currency: 'USD', lines: [] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FreshBooksScopeError);
    expect((err as FreshBooksScopeError).missingScopes).toEqual(['user:bills:write']);
    expect((err as FreshBooksScopeError).oneLine()).toMatch(/^FreshBooks token lacks scope user:bills:write .* — re-authorise with it/);
    const read = await client.billPayments
      .list()
      [Symbol.asyncIterator]()
      .next()
      .catch((e: unknown) => e);
    expect((read as FreshBooksScopeError).missingScopes).toEqual(['user:bill_payments:read']);
  });
});
