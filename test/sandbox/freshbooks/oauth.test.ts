/** OAuth: the authorize redirect, the token endpoint in three encodings, codes, rotation, expiry, revoke. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FRESHBOOKS_DEMO } from '../../../src/sandbox/freshbooks/index.js';
import { authorize, clientFor, demoClient, demoCode, postToken, startHarness, T0, type Encoding, type Harness } from './helpers.js';

const INVALID_GRANT = { error: 'invalid_grant', error_description: 'The provided authorization grant is invalid, expired, or revoked.' };
const ENCODINGS: Encoding[] = ['json', 'form', 'multipart'];

describe('FreshBooks sandbox OAuth', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const me = (token: string) => clientFor(h.fb.url, token)('GET', '/auth/api/v1/users/me');

  describe('GET /oauth/authorize', () => {
    it('approves at once and redirects with code and state', async () => {
      const res = await authorize(h.fb.url, {
        client_id: FRESHBOOKS_DEMO.clientId,
        response_type: 'code',
        redirect_uri: FRESHBOOKS_DEMO.redirectUri,
        state: 'tenant-42 xyz',
      });
      expect(res.status).toBe(302);
      expect(res.location!.origin + res.location!.pathname).toBe(FRESHBOOKS_DEMO.redirectUri);
      expect(res.location!.searchParams.get('code')).toMatch(/^[0-9a-f]{64}$/);
      expect(res.location!.searchParams.get('state')).toBe('tenant-42 xyz');
    });

    it('also answers on the trailing-slash path', async () => {
      const url = new URL('/oauth/authorize/', h.fb.url);
      url.search = new URLSearchParams({
        client_id: FRESHBOOKS_DEMO.clientId,
        response_type: 'code',
        redirect_uri: FRESHBOOKS_DEMO.redirectUri,
      }).toString();
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(new URL(res.headers.get('location')!).searchParams.has('code')).toBe(true);
    });

    it('accepts any loopback redirect URI, refuses others and unknown clients with a 400 JSON body', async () => {
      const loopback = await authorize(h.fb.url, {
        client_id: FRESHBOOKS_DEMO.clientId,
        response_type: 'code',
        redirect_uri: 'http://localhost:53682/cb',
      });
      expect(loopback.status).toBe(302);
      const foreign = await authorize(h.fb.url, {
        client_id: FRESHBOOKS_DEMO.clientId,
        response_type: 'code',
        redirect_uri: 'https://evil.example/cb',
      });
      expect(foreign.status).toBe(400);
      expect(JSON.parse(foreign.body)).toMatchObject({ error: 'invalid_redirect_uri' });
      const withQuery = await authorize(h.fb.url, {
        client_id: FRESHBOOKS_DEMO.clientId,
        response_type: 'code',
        redirect_uri: 'http://127.0.0.1:9/cb?x=1',
      });
      expect(withQuery.status).toBe(400);
      const stranger = await authorize(h.fb.url, { client_id: 'nobody', response_type: 'code', redirect_uri: FRESHBOOKS_DEMO.redirectUri });
      expect(stranger.status).toBe(400);
      expect(JSON.parse(stranger.body)).toMatchObject({ error: 'invalid_client' });
    });

    it('sends scope and response_type errors back to the app, with the state', async () => {
      const badScope = await authorize(h.fb.url, {
        client_id: FRESHBOOKS_DEMO.clientId,
        response_type: 'code',
        redirect_uri: FRESHBOOKS_DEMO.redirectUri,
        scope: 'user:bills:read user:invoices:write',
        state: 's1',
      });
      expect(badScope.status).toBe(302);
      expect(badScope.location!.searchParams.get('error')).toBe('invalid_scope');
      expect(badScope.location!.searchParams.get('error_description')).toBe('The requested scope is invalid, unknown, or malformed.');
      expect(badScope.location!.searchParams.get('state')).toBe('s1');
      expect(badScope.location!.searchParams.has('code')).toBe(false);
      const implicit = await authorize(h.fb.url, {
        client_id: FRESHBOOKS_DEMO.clientId,
        response_type: 'token',
        redirect_uri: FRESHBOOKS_DEMO.redirectUri,
      });
      expect(implicit.location!.searchParams.get('error')).toBe('unsupported_response_type');
    });

    it('grants the requested scopes plus user:profile:read, or the app defaults when none are asked', async () => {
      const narrow = await demoCode(h.fb.url, { scope: 'user:bills:read' });
      const t1 = await postToken(h.fb.url, { ...demoClient, grant_type: 'authorization_code', code: narrow });
      expect(t1.body.scope).toBe('user:profile:read user:bills:read');
      const full = await demoCode(h.fb.url);
      const t2 = await postToken(h.fb.url, { ...demoClient, grant_type: 'authorization_code', code: full });
      expect(t2.body.scope.split(' ').sort()).toEqual([...FRESHBOOKS_DEMO.scopes].sort());
    });
  });

  describe('POST /auth/oauth/token', () => {
    it.each(ENCODINGS)('exchanges a code sent as %s', async (encoding) => {
      const code = await demoCode(h.fb.url);
      const res = await postToken(h.fb.url, { ...demoClient, grant_type: 'authorization_code', code }, encoding);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['access_token', 'created_at', 'expires_in', 'refresh_token', 'scope', 'token_type']);
      expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 43200, created_at: Math.floor(T0 / 1000) });
      expect(res.body.refresh_token).toMatch(/^[0-9a-f]{64}$/);
      expect((await me(res.body.access_token)).status).toBe(200);
    });

    it.each(ENCODINGS)('rotates refresh tokens sent as %s; reuse is invalid_grant', async (encoding) => {
      const first = await postToken(h.fb.url, { ...demoClient, grant_type: 'refresh_token', refresh_token: h.refreshToken }, encoding);
      expect(first.status).toBe(200);
      expect(first.body.refresh_token).not.toBe(h.refreshToken);
      expect(first.body.access_token).not.toBe(h.token);

      const reuse = await postToken(h.fb.url, { ...demoClient, grant_type: 'refresh_token', refresh_token: h.refreshToken }, encoding);
      expect(reuse.status).toBe(400);
      expect(reuse.body).toEqual(INVALID_GRANT);

      const second = await postToken(
        h.fb.url,
        { ...demoClient, grant_type: 'refresh_token', refresh_token: first.body.refresh_token },
        encoding,
      );
      expect(second.status).toBe(200);
    });

    it("a new issuance ends the grant's previous access token", async () => {
      const next = await postToken(h.fb.url, { ...demoClient, grant_type: 'refresh_token', refresh_token: h.refreshToken });
      expect((await me(h.token)).status).toBe(401);
      expect((await me(next.body.access_token)).status).toBe(200);
    });

    it('a code works once', async () => {
      const code = await demoCode(h.fb.url);
      expect((await postToken(h.fb.url, { ...demoClient, grant_type: 'authorization_code', code })).status).toBe(200);
      const again = await postToken(h.fb.url, { ...demoClient, grant_type: 'authorization_code', code });
      expect(again.status).toBe(400);
      expect(again.body).toEqual(INVALID_GRANT);
    });

    it('a code lives 5 minutes (injected clock)', async () => {
      const fresh = await demoCode(h.fb.url);
      const stale = await demoCode(h.fb.url);
      h.clock.advance(5 * 60_000 - 1000);
      expect((await postToken(h.fb.url, { ...demoClient, grant_type: 'authorization_code', code: fresh })).status).toBe(200);
      h.clock.advance(1000);
      const late = await postToken(h.fb.url, { ...demoClient, grant_type: 'authorization_code', code: stale });
      expect(late.status).toBe(400);
      expect(late.body).toEqual(INVALID_GRANT);
    });

    it('checks client id, secret and redirect_uri', async () => {
      const code = await demoCode(h.fb.url);
      const wrongSecret = await postToken(h.fb.url, { ...demoClient, client_secret: 'nope', grant_type: 'authorization_code', code });
      expect(wrongSecret.status).toBe(401);
      expect(wrongSecret.body.error).toBe('invalid_client');
      const wrongRedirect = await postToken(h.fb.url, {
        ...demoClient,
        redirect_uri: 'http://127.0.0.1:9/other',
        grant_type: 'authorization_code',
        code,
      });
      expect(wrongRedirect.body).toEqual(INVALID_GRANT);
      const badRefreshRedirect = await postToken(h.fb.url, {
        ...demoClient,
        redirect_uri: 'https://evil.example/cb',
        grant_type: 'refresh_token',
        refresh_token: h.refreshToken,
      });
      expect(badRefreshRedirect.body).toEqual(INVALID_GRANT);
      // The code survived the failed attempts.
      expect((await postToken(h.fb.url, { ...demoClient, grant_type: 'authorization_code', code })).status).toBe(200);
    });

    it('refuses unknown grant types and missing fields', async () => {
      const cc = await postToken(h.fb.url, { ...demoClient, grant_type: 'client_credentials' });
      expect(cc.status).toBe(400);
      expect(cc.body.error).toBe('unsupported_grant_type');
      const none = await postToken(h.fb.url, { ...demoClient, grant_type: 'authorization_code' });
      expect(none.body.error).toBe('invalid_request');
      const broken = await clientFor(h.fb.url)('POST', '/auth/oauth/token', '{"grant_type":', { 'content-type': 'application/json' });
      expect(broken.status).toBe(400);
      expect(broken.body.error).toBe('invalid_request');
    });

    it('accepts client credentials as HTTP Basic auth', async () => {
      const basic = Buffer.from(`${FRESHBOOKS_DEMO.clientId}:${FRESHBOOKS_DEMO.clientSecret}`).toString('base64');
      const res = await clientFor(h.fb.url)(
        'POST',
        '/auth/oauth/token',
        new URLSearchParams({ grant_type: 'refresh_token', refresh_token: h.refreshToken }).toString(),
        { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
      );
      expect(res.status).toBe(200);
    });
  });

  it('access tokens last 12 hours', async () => {
    h.clock.advance(43_200_000 - 1000);
    expect((await me(h.token)).status).toBe(200);
    h.clock.advance(1000);
    const expired = await me(h.token);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ error: 'unauthenticated', error_description: 'This action requires authentication to continue.' });
    // The refresh token still works after the access token expired.
    expect((await postToken(h.fb.url, { ...demoClient, grant_type: 'refresh_token', refresh_token: h.refreshToken })).status).toBe(200);
  });

  it('POST /auth/oauth/revoke ends the grant', async () => {
    const res = await clientFor(h.fb.url)('POST', '/auth/oauth/revoke', {
      client_id: demoClient.client_id,
      client_secret: demoClient.client_secret,
      token: h.refreshToken,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect((await me(h.token)).status).toBe(401);
    const refresh = await postToken(h.fb.url, { ...demoClient, grant_type: 'refresh_token', refresh_token: h.refreshToken });
    expect(refresh.body).toEqual(INVALID_GRANT);
    const anonymous = await clientFor(h.fb.url)('POST', '/auth/oauth/revoke', { token: h.token });
    expect(anonymous.status).toBe(401);
  });
});
