/**
 * `checkFreshBooks` (what `ping` shows for the FreshBooks side) against the sandbox: good
 * credentials, a missing write scope, a missing read scope, an unreachable host and a
 * connection that needs re-authorisation — each with its findings, and the advice `ping` makes of
 * them (connections/readiness-advice.ts), which names what to run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshbooksAdvice } from '../../../src/app/readiness-advice.js';
import { REQUIRED_SCOPES } from '../../../src/providers/freshbooks/auth.js';
import { checkFreshBooks } from '../../../src/providers/freshbooks/check.js';
import { FreshBooksClient, type FreshBooksClientOptions } from '../../../src/providers/freshbooks/client.js';
import { memoryTokenStore, type FreshBooksTokens } from '../../../src/providers/freshbooks/tokens.js';
import type { FreshBooksSandbox } from '../../../src/sandbox/freshbooks/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { deadUrl, FRESHBOOKS_DEMO, issueTokens, startSandbox } from '../../helpers/freshbooks.js';

describe('checkFreshBooks', () => {
  let sandbox: FreshBooksSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  const client = (tokens: FreshBooksTokens, extra: Partial<FreshBooksClientOptions> = {}) =>
    new FreshBooksClient({
      apiUrl: sandbox.url,
      accountId: FRESHBOOKS_DEMO.accountId,
      tenantId: 'acme',
      app: { clientId: FRESHBOOKS_DEMO.clientId, clientSecret: FRESHBOOKS_DEMO.clientSecret, redirectUri: FRESHBOOKS_DEMO.redirectUri },
      tokens: memoryTokenStore(tokens),
      ...extra,
    });

  it('good credentials: ready, every check passes', async () => {
    const result = await checkFreshBooks(client(issueTokens(sandbox)));
    expect(result.ready).toBe(true);
    expect(result.checks.map((c) => [c.name, c.ok])).toEqual([
      ['token', true],
      ['identity', true],
      ['bill vendors', true],
      ['bills', true],
      ['bill payments', true],
      ['expense categories', true],
      ['taxes', true],
      ['scopes', true],
    ]);
    expect(result.missingScopes).toEqual([]);
    expect(result.findings).toEqual([{ kind: 'ready', neededScopes: REQUIRED_SCOPES.length }]);
    expect(freshbooksAdvice(result.findings, 'acme')).toEqual([expect.stringMatching(/^FreshBooks: ready — token OK/)]);
    expect(result.businessName).toBe(FRESHBOOKS_DEMO.businessName);
    expect(result.grantedScopes?.sort()).toEqual([...REQUIRED_SCOPES].sort());
  });

  it('an expired token is refreshed as part of the check', async () => {
    const c = client(issueTokens(sandbox));
    sandbox.control.expireAccessTokens();
    expect((await checkFreshBooks(c)).ready).toBe(true);
  });

  it('a missing write scope: not ready, and the advice names it and says what to do', async () => {
    const result = await checkFreshBooks(
      client(
        issueTokens(
          sandbox,
          REQUIRED_SCOPES.filter((s) => s !== 'user:bills:write'),
        ),
      ),
    );
    expect(result.ready).toBe(false);
    expect(result.missingScopes).toEqual(['user:bills:write']);
    expect(result.checks.find((c) => c.name === 'scopes')).toMatchObject({ ok: false, detail: 'missing user:bills:write' });
    expect(result.findings).toEqual([{ kind: 'missing_scope', scope: 'user:bills:write' }]);
    expect(freshbooksAdvice(result.findings, 'acme')).toEqual([
      expect.stringMatching(
        /^FreshBooks: missing scope user:bills:write — re-authorise the app with it .*connect freshbooks --tenant acme/,
      ),
    ]);
  });

  it('a missing read scope fails that read, named once', async () => {
    const result = await checkFreshBooks(
      client(
        issueTokens(
          sandbox,
          REQUIRED_SCOPES.filter((s) => s !== 'user:bill_payments:read'),
        ),
      ),
    );
    expect(result.ready).toBe(false);
    expect(result.checks.find((c) => c.name === 'bill payments')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/lacks scope user:bill_payments:read/),
    });
    expect(result.missingScopes).toEqual(['user:bill_payments:read']);
    expect(freshbooksAdvice(result.findings, 'acme').filter((a) => a.includes('user:bill_payments:read'))).toHaveLength(1);
  });

  it('an unreachable host: not ready, says so, and does not pretend to check the rest', async () => {
    const clock = new FakeClock(Date.now()); // the retries' waits pass on a fake clock
    const result = await checkFreshBooks(client(issueTokens(sandbox), { apiUrl: await deadUrl(), clock }));
    expect(clock.sleeps).toHaveLength(2);
    expect(result.ready).toBe(false);
    expect(result.checks.find((c) => c.name === 'identity')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/Cannot reach FreshBooks at http:\/\/127\.0\.0\.1:\d+: connection refused/),
    });
    expect(result.checks.find((c) => c.name === 'bills')).toMatchObject({ ok: false, detail: 'not checked (FreshBooks unreachable)' });
    expect(freshbooksAdvice(result.findings, 'acme')).toEqual([
      expect.stringMatching(/^FreshBooks: cannot reach http:\/\/127\.0\.0\.1:\d+ — connection refused/),
    ]);
  });

  it('a connection that needs re-authorisation: the verdict says to connect again', async () => {
    const result = await checkFreshBooks(
      client(issueTokens(sandbox), { needsReauth: 'FreshBooks refused the token request (HTTP 400): invalid_grant' }),
    );
    expect(result.ready).toBe(false);
    expect(result.checks[0]).toMatchObject({ name: 'token', ok: false });
    expect(result.findings.map((f) => f.kind)).toEqual(['reauth_required']);
    expect(freshbooksAdvice(result.findings, 'acme')).toEqual([
      expect.stringMatching(
        /^FreshBooks: the connection needs re-authorisation .*invalid_grant.* run `ml-connector connect freshbooks --tenant acme …`/,
      ),
    ]);
    expect(result.checks.slice(1).every((c) => !c.ok && c.detail === 'not checked (no token)')).toBe(true);
  });
});
