import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoupaAuthError, CoupaScopeError } from '../../../src/providers/coupa/errors.js';
import { findRefusedScopes } from '../../../src/providers/coupa/auth.js';
import { DEFAULT_COUPA_SCOPES } from '../../../src/providers/coupa/scopes.js';
import { memoryTokenCache } from '../../../src/providers/coupa/token-cache.js';
import type { CoupaSandbox } from '../../../src/sandbox/coupa/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { addSuppliers, clientOf, COUPA_DEMO, NO_INVOICE_WRITE, sandbox, tapFetch } from './sandbox.js';

let sb: CoupaSandbox;
beforeAll(async () => {
  sb = await sandbox({ rateLimit: false });
  addSuppliers(sb, 3);
});
afterAll(() => sb.close());

const tokenCalls = (calls: { path: string }[]) => calls.filter((c) => c.path === '/oauth2/token').length;

describe('Coupa token (client credentials)', () => {
  it('posts the documented form: id and secret in the body, grant_type, space-separated scope; Accept JSON on every call', async () => {
    const tap = tapFetch();
    const { client, calls } = clientOf(sb, { fetch: tap.fetch });
    await client.suppliers.probe();
    // The audit records carry neither the secret nor the token.
    expect(calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual(['POST /oauth2/token 200', 'GET /api/suppliers?limit=1 200']);
    expect(JSON.stringify(calls)).not.toContain(COUPA_DEMO.clientSecret);
    expect(JSON.stringify(calls)).not.toContain('eyJ');
    const [tokenReq, apiReq] = tap.seen;
    expect(tokenReq!.url).toBe(`${sb.url}/oauth2/token`);
    expect(tokenReq!.method).toBe('POST');
    expect(tokenReq!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenReq!.headers.authorization).toBeUndefined();
    const form = new URLSearchParams(tokenReq!.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe(COUPA_DEMO.clientId);
    expect(form.get('client_secret')).toBe(COUPA_DEMO.clientSecret);
    expect(form.get('scope')).toBe(DEFAULT_COUPA_SCOPES.join(' '));
    expect(apiReq!.headers.accept).toBe('application/json');
    expect(apiReq!.headers.authorization).toMatch(/^Bearer ey/);
  });

  it('also works with HTTP Basic client authentication', async () => {
    const tap = tapFetch();
    const { client } = clientOf(sb, { fetch: tap.fetch, clientAuth: 'basic' });
    expect(await client.suppliers.probe()).toHaveLength(1);
    expect(tap.seen[0]!.headers.authorization).toMatch(/^Basic /);
    expect(new URLSearchParams(tap.seen[0]!.body).get('client_secret')).toBeNull();
  });

  it('keeps the token for its life: many calls, one token request; concurrent callers share it', async () => {
    const { client, calls } = clientOf(sb);
    await Promise.all(Array.from({ length: 10 }, () => client.suppliers.probe()));
    const pages: unknown[] = [];
    for await (const page of client.suppliers.list()) pages.push(page);
    expect(pages).not.toHaveLength(0);
    expect(tokenCalls(calls)).toBe(1);
    expect(client.auth.requests).toBe(1);
  });

  it('shares the token through the cache: a second client (another process) asks for none', async () => {
    const cache = memoryTokenCache();
    const first = clientOf(sb, { cache });
    await first.client.suppliers.probe();
    const second = clientOf(sb, { cache });
    await second.client.suppliers.probe();
    expect(tokenCalls(first.calls)).toBe(1);
    expect(tokenCalls(second.calls)).toBe(0);
    const cached = await cache.get();
    expect(cached!.expiresAt - cached!.issuedAt!).toBe(86_399_000);
  });

  it('renews 5 minutes before expiry, not after', async () => {
    const clock = new FakeClock(Date.now());
    const { client, calls } = clientOf(sb, { clock });
    await client.suppliers.probe();
    clock.advance(86_399_000 - 5 * 60_000 - 1_000); // 5 min 1 s before expiry: still fresh
    await client.suppliers.probe();
    expect(tokenCalls(calls)).toBe(1);
    clock.advance(2_000); // now inside the 5-minute margin
    await client.suppliers.probe();
    expect(tokenCalls(calls)).toBe(2);
    expect(calls.filter((c) => c.status === 401)).toHaveLength(0);
  });

  it('renews once on a 401 (token expired early) and the call succeeds', async () => {
    const { client, calls } = clientOf(sb);
    await client.suppliers.probe();
    sb.faults.add({ kind: 'expired_token', path: '/api/suppliers', times: 1 });
    expect(await client.suppliers.probe()).toHaveLength(1);
    expect(calls.map((c) => `${c.method} ${c.path.split('?')[0]} ${c.status}`)).toEqual([
      'POST /oauth2/token 200',
      'GET /api/suppliers 200',
      'GET /api/suppliers 401',
      'POST /oauth2/token 200',
      'GET /api/suppliers 200',
    ]);
  });

  it('renews after the sandbox expires every token', async () => {
    const { client, calls } = clientOf(sb);
    await client.suppliers.probe();
    sb.control.expireTokens();
    expect(await client.suppliers.probe()).toHaveLength(1);
    expect(tokenCalls(calls)).toBe(2);
  });

  it('renews only once per call: a second 401 is a typed error, not a loop', async () => {
    const { client, calls } = clientOf(sb);
    sb.faults.add({ kind: 'expired_token', path: '/api/suppliers', times: 2 });
    const err = await client.suppliers.probe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoupaAuthError);
    expect((err as CoupaAuthError).reason).toBe('token_refused');
    expect(tokenCalls(calls)).toBe(2);
    expect(calls.filter((c) => c.status === 401)).toHaveLength(2);
  });

  it('a bad secret is an AuthError naming the client, never the secret, and is not retried', async () => {
    const { client, calls } = clientOf(sb, { clientSecret: 'wrong-secret-XYZ' });
    const err = await client.suppliers.probe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoupaAuthError);
    const e = err as CoupaAuthError;
    expect(e.reason).toBe('invalid_client');
    expect(e.message).toContain('Coupa refused the client id/secret');
    expect(e.message).toContain(COUPA_DEMO.clientId);
    expect(e.oneLine()).not.toContain('wrong-secret-XYZ');
    expect(calls).toHaveLength(1);
  });

  it('a scope the OAuth client lacks is a ScopeError; probing names exactly the missing one', async () => {
    const { client } = clientOf(sb, { clientId: NO_INVOICE_WRITE.clientId, clientSecret: NO_INVOICE_WRITE.clientSecret });
    const err = await client.suppliers.probe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoupaScopeError);
    expect(await findRefusedScopes(client.auth, DEFAULT_COUPA_SCOPES)).toEqual(['core.invoice.write']);
  });

  it('a call the token has no scope for is a ScopeError naming the scope (403)', async () => {
    const { client } = clientOf(sb, { scopes: ['core.supplier.read'] });
    expect(await client.suppliers.probe()).toHaveLength(1);
    const err = await client.invoices.probe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoupaScopeError);
    expect((err as CoupaScopeError).scopes).toEqual(['core.invoice.read']);
    expect((err as CoupaScopeError).message).toContain('needs scope core.invoice.read');
  });
});

describe('Coupa token under concurrency', () => {
  it('20 concurrent calls meeting a revoked token renew it once', async () => {
    const { client, calls } = clientOf(sb);
    await client.suppliers.probe();
    sb.control.expireTokens();
    const results = await Promise.all(Array.from({ length: 20 }, () => client.suppliers.probe()));
    expect(results.every((r) => r.length === 1)).toBe(true);
    expect(tokenCalls(calls)).toBe(2);
  });

  it('a cached token the server has revoked is replaced, not handed out again', async () => {
    const cache = memoryTokenCache();
    await clientOf(sb, { cache }).client.suppliers.probe();
    sb.control.expireTokens();
    const { client, calls } = clientOf(sb, { cache });
    const results = await Promise.all(Array.from({ length: 5 }, () => client.suppliers.probe()));
    expect(results.every((r) => r.length === 1)).toBe(true);
    expect(tokenCalls(calls)).toBe(1);
    expect((await cache.get())!.accessToken).not.toBe(undefined);
  });
});
