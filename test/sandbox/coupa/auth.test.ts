import { describe, expect, it } from 'vitest';
import { COUPA_DEMO, EXPIRES_IN_SECONDS } from '../../../src/sandbox/coupa/index.js';
import { call, sandbox, token } from './helpers.js';

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('POST /oauth2/token', () => {
  it('issues a JWT-looking bearer token for client credentials in the form body', async () => {
    const sb = await sandbox();
    const res = await fetch(
      `${sb.url}/oauth2/token`,
      form({
        grant_type: 'client_credentials',
        client_id: COUPA_DEMO.clientId,
        client_secret: COUPA_DEMO.clientSecret,
        scope: 'core.invoice.read core.supplier.read',
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 86399, scope: 'core.invoice.read core.supplier.read' });
    expect(EXPIRES_IN_SECONDS).toBe(86399);
    const parts = String(body.access_token).split('.');
    expect(parts).toHaveLength(3);
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ sub: COUPA_DEMO.clientId, scope: 'core.invoice.read core.supplier.read' });
  });

  it('accepts the client as HTTP Basic with only grant_type and scope in the body, and on the /oauth2/access_tokens alias', async () => {
    const sb = await sandbox();
    for (const path of ['/oauth2/token', '/oauth2/access_tokens']) {
      const res = await fetch(`${sb.url}${path}`, {
        ...form({ grant_type: 'client_credentials', scope: 'core.supplier.read' }),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basic(COUPA_DEMO.clientId, COUPA_DEMO.clientSecret),
        },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { access_token: string; scope: string };
      expect(body.scope).toBe('core.supplier.read');
      const use = await call(sb, body.access_token, '/api/suppliers?limit=1');
      expect(use.status).toBe(200);
    }
  });

  it('grants every scope of the client when none is requested', async () => {
    const sb = await sandbox();
    const res = await fetch(
      `${sb.url}/oauth2/token`,
      form({ grant_type: 'client_credentials', client_id: COUPA_DEMO.clientId, client_secret: COUPA_DEMO.clientSecret }),
    );
    const body = (await res.json()) as { scope: string };
    expect(body.scope.split(' ').sort()).toEqual([...COUPA_DEMO.scopes].sort());
  });

  it('answers 401 invalid_client for a wrong secret, an unknown client or no credentials', async () => {
    const sb = await sandbox();
    const attempts = [
      form({ grant_type: 'client_credentials', client_id: COUPA_DEMO.clientId, client_secret: 'wrong' }),
      form({ grant_type: 'client_credentials', client_id: 'nobody', client_secret: COUPA_DEMO.clientSecret }),
      form({ grant_type: 'client_credentials' }),
      {
        ...form({ grant_type: 'client_credentials' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(COUPA_DEMO.clientId, 'nope') },
      },
    ];
    for (const init of attempts) {
      const res = await fetch(`${sb.url}/oauth2/token`, init);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'invalid_client' });
    }
  });

  it('answers 400 invalid_scope for a scope not granted, an unknown scope or a comma-separated list', async () => {
    const sb = await sandbox({ clients: [{ clientId: 'narrow', clientSecret: 's3cret', scopes: ['core.supplier.read'] }] });
    for (const scope of [
      'core.invoice.read',
      'core.unknown.read',
      'core.supplier.read,core.supplier.read',
      'core.supplier.read core.invoice.write',
    ]) {
      const res = await fetch(
        `${sb.url}/oauth2/token`,
        form({ grant_type: 'client_credentials', client_id: 'narrow', client_secret: 's3cret', scope }),
      );
      expect(res.status, scope).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_scope' });
    }
  });

  it('refuses other grant types and a missing grant_type', async () => {
    const sb = await sandbox();
    const bad = await fetch(
      `${sb.url}/oauth2/token`,
      form({ grant_type: 'password', client_id: COUPA_DEMO.clientId, client_secret: COUPA_DEMO.clientSecret }),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const none = await fetch(`${sb.url}/oauth2/token`, form({ client_id: COUPA_DEMO.clientId, client_secret: COUPA_DEMO.clientSecret }));
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('also reads JSON and multipart bodies', async () => {
    const sb = await sandbox();
    const json = await fetch(`${sb.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: COUPA_DEMO.clientId, client_secret: COUPA_DEMO.clientSecret }),
    });
    expect(json.status).toBe(200);
    const fd = new FormData();
    fd.set('grant_type', 'client_credentials');
    fd.set('client_id', COUPA_DEMO.clientId);
    fd.set('client_secret', COUPA_DEMO.clientSecret);
    const multipart = await fetch(`${sb.url}/oauth2/token`, { method: 'POST', body: fd });
    expect(multipart.status).toBe(200);
  });
});

describe('bearer tokens', () => {
  it('expire 24 hours after issue (injected clock)', async () => {
    let now = Date.parse('2026-03-01T12:00:00Z');
    const sb = await sandbox({ now: () => now });
    const tok = await token(sb);
    now += 86_399_000;
    expect((await call(sb, tok, '/api/suppliers?limit=1')).status).toBe(200);
    now += 1_000;
    const expired = await call(sb, tok, '/api/suppliers?limit=1');
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual({ errors: { base: ['The access token expired'] } });
    expect(expired.headers.get('www-authenticate')).toMatch(/invalid_token/);
    // A new token works again: client credentials have no refresh token, you just ask again.
    expect((await call(sb, await token(sb), '/api/suppliers?limit=1')).status).toBe(200);
  });

  it('answers 401 without a token or with an unknown one, in the negotiated format', async () => {
    const sb = await sandbox();
    const none = await call(sb, undefined, '/api/invoices');
    expect(none.status).toBe(401);
    expect(none.json.errors.base[0]).toMatch(/Bearer/);
    const bogus = await call(sb, 'eyJhbGciOiJIUzI1NiJ9.e30.bogus', '/api/invoices', { format: 'xml' });
    expect(bogus.status).toBe(401);
    expect(bogus.text).toContain('<errors>');
    expect(bogus.text).toContain('<error>The access token is invalid</error>');
  });

  it('can be made to wait before first use, as Coupa advises', async () => {
    let now = Date.parse('2026-03-01T12:00:00Z');
    const sb = await sandbox({ now: () => now, tokenActivationDelayMs: 5_000 });
    const tok = await token(sb);
    expect((await call(sb, tok, '/api/suppliers?limit=1')).status).toBe(401);
    now += 5_000;
    expect((await call(sb, tok, '/api/suppliers?limit=1')).status).toBe(200);
  });
});
