/**
 * FreshBooks' error shapes (docs/api-notes.md#freshbooks-errors-and-rate-limits): the old accounting `response.errors[]` (also with
 * HTTP 200), the google.rpc `details[]`, the events family, and the OAuth shape — each parsed
 * into the typed error a caller acts on. Bodies here follow the SDKs' fixtures and FreshBooks' errors page.
 */
import { describe, expect, it } from 'vitest';
import { FreshBooksClient } from '../../../src/providers/freshbooks/client.js';
import { explain } from '../../../src/app/hints.js';
import { missingScopesFrom, parseErrorBody } from '../../../src/providers/freshbooks/error-body.js';
import {
  FreshBooksApiError,
  FreshBooksNotFoundError,
  FreshBooksOAuthError,
  FreshBooksReauthRequiredError,
  FreshBooksResponseError,
  FreshBooksScopeError,
  FreshBooksUnauthorizedError,
  FreshBooksValidationError,
} from '../../../src/providers/freshbooks/errors.js';
import { exchangeCode, refreshAccessToken } from '../../../src/providers/freshbooks/auth.js';
import { memoryTokenStore } from '../../../src/providers/freshbooks/tokens.js';
import { urlOf } from '../fetch-input.js';

const OLD = { response: { errors: [{ errno: 1012, field: 'userid', message: 'Client not found.', object: 'client', value: '12345' }] } };
const NEW = {
  code: 5,
  message: 'Request failed with status_code: 404',
  details: [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: '1012',
      domain: 'accounting.api.freshbooks.com',
      metadata: { object: 'client', message: 'Client not found.', value: '12345', field: 'userid' },
    },
  ],
};
const EVENTS_404 = { errno: 404, message: 'Requested resource could not be found.' };
const EVENTS_422 = {
  errno: 422,
  message: 'The request was well-formed but was unable to be followed due to semantic errors.',
  details: ['event: Value error, Unrecognized event.', 'uri: Input should be a valid URL, relative URL without a base'],
};
const EVENTS_OLD = {
  code: 3,
  message: 'Invalid data in this request.',
  details: [
    { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'event', description: 'Unrecognized event.' }] },
  ],
};
const OAUTH = { error: 'invalid_grant', error_description: 'The provided authorization grant is invalid, expired, or revoked.' };

describe('parseErrorBody', () => {
  it('reads both accounting shapes the same way', () => {
    const expected = [{ errno: 1012, field: 'userid', object: 'client', message: 'Client not found.' }];
    expect(parseErrorBody(OLD)?.details).toEqual(expected);
    expect(parseErrorBody(NEW)?.details).toEqual(expected);
  });

  it('reads the events shapes', () => {
    expect(parseErrorBody(EVENTS_404)?.details).toEqual([{ errno: 404, message: 'Requested resource could not be found.' }]);
    expect(parseErrorBody(EVENTS_422)?.details).toEqual([
      { field: 'event', message: 'Value error, Unrecognized event.' },
      { field: 'uri', message: 'Input should be a valid URL, relative URL without a base' },
    ]);
    expect(parseErrorBody(EVENTS_OLD)?.details).toEqual([{ field: 'event', message: 'Unrecognized event.' }]);
  });

  it('reads the OAuth shape', () => {
    expect(parseErrorBody(OAUTH)).toEqual({ oauthError: 'invalid_grant', message: OAUTH.error_description, details: [] });
  });

  it('finds no error in a normal body', () => {
    expect(parseErrorBody({ response: { result: { bill: {} } } })).toBeUndefined();
    expect(parseErrorBody('text')).toBeUndefined();
  });

  it('masks secrets FreshBooks might echo', () => {
    const parsed = parseErrorBody({ response: { errors: [{ errno: 1004, field: 'x', message: 'bad value Bearer abc.def.ghi' }] } });
    expect(parsed?.details[0]!.message).toBe('bad value Bearer [redacted]');
  });
});

describe('missingScopesFrom', () => {
  it('splits "requires" from "has"', () => {
    const text = 'Insufficient scope. This request requires: user:bills:write. Your token has: user:profile:read user:bills:read.';
    expect(missingScopesFrom({ message: text }, text)).toEqual(['user:bills:write']);
    expect(missingScopesFrom(undefined, 'Required scopes: user:bills:write user:bills:read; granted scopes: user:bills:read')).toEqual([
      'user:bills:write',
    ]);
  });

  it('uses structured keys and the token\u2019s own scopes', () => {
    expect(missingScopesFrom({ required_scopes: ['user:bills:write'], granted_scopes: [] }, '')).toEqual(['user:bills:write']);
    expect(missingScopesFrom({ missing_scopes: 'user:expenses:read' }, '')).toEqual(['user:expenses:read']);
    expect(missingScopesFrom({ message: 'Forbidden: user:bills:read user:bills:write' }, '', ['user:bills:read'])).toEqual([
      'user:bills:write',
    ]);
  });

  it('returns nothing when no scope is named', () => {
    expect(missingScopesFrom({ message: 'Forbidden' }, 'Forbidden')).toEqual([]);
  });
});

/** A client over a fake fetch answering one canned response. */
function clientAnswering(status: number, body: unknown, headers: Record<string, string> = {}) {
  const fetchFake = (() =>
    Promise.resolve(
      new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json', ...headers },
      }),
    )) as typeof fetch;
  const tokens = memoryTokenStore({
    accessToken: 'at',
    refreshToken: 'rt',
    createdAt: Math.floor(Date.now() / 1000),
    expiresIn: 43_200,
    scope: 'user:bills:read',
  });
  return new FreshBooksClient({
    apiUrl: 'https://api.example.test',
    accountId: 'abc12',
    app: { clientId: 'id', clientSecret: 'secret', redirectUri: 'https://x.test/cb' },
    tokens,
    fetch: fetchFake,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
}

describe('typed errors from each shape', () => {
  it('old shape with HTTP 200 is still an error', async () => {
    const err = await clientAnswering(200, OLD)
      .bills.get('1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FreshBooksNotFoundError);
    expect((err as FreshBooksNotFoundError).errno).toBe(1012);
    expect((err as FreshBooksNotFoundError).field).toBe('userid');
    const invalid = await clientAnswering(200, { response: { errors: [{ errno: 1004, field: 'issue_date', message: 'Invalid date.' }] } })
      .bills.get('1')
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(FreshBooksValidationError);
    expect((invalid as FreshBooksValidationError).oneLine()).toMatch(/issue_date: Invalid date\. — Correct what FreshBooks named/);
  });

  it('new shape 404 → FreshBooksNotFoundError; 422 old shape → FreshBooksValidationError with errno and field', async () => {
    const nf = await clientAnswering(404, NEW)
      .bills.get('1')
      .catch((e: unknown) => e);
    expect(nf).toBeInstanceOf(FreshBooksNotFoundError);
    expect((nf as FreshBooksNotFoundError).errno).toBe(1012);
    const v = await clientAnswering(422, { response: { errors: [{ errno: 1001, field: 'vendorid', message: 'This field is required.' }] } })
      .bills.get('1')
      .catch((e: unknown) => e);
    expect(v).toBeInstanceOf(FreshBooksValidationError);
    expect((v as FreshBooksValidationError).errno).toBe(1001);
    expect((v as FreshBooksValidationError).field).toBe('vendorid');
  });

  it('events errors', async () => {
    expect(
      await clientAnswering(404, EVENTS_404)
        .callbacks.get('1')
        .catch((e: unknown) => e),
    ).toBeInstanceOf(FreshBooksNotFoundError);
    const v = await clientAnswering(400, EVENTS_422)
      .callbacks.create('nope', 'not a url')
      .catch((e: unknown) => e);
    expect(v).toBeInstanceOf(FreshBooksValidationError);
    expect((v as FreshBooksValidationError).field).toBe('event');
    expect((v as FreshBooksValidationError).message).toMatch(/event: Value error, Unrecognized event; uri: Input should be a valid URL/);
    expect(
      await clientAnswering(400, EVENTS_OLD)
        .callbacks.create('x', 'y')
        .catch((e: unknown) => e),
    ).toBeInstanceOf(FreshBooksValidationError);
  });

  it('403 → FreshBooksScopeError naming the scope; other statuses → their classes', async () => {
    const text = 'This request requires: user:bills:write. Your token has: user:bills:read.';
    const scope = await clientAnswering(403, {
      code: 7,
      message: 'Request failed with status_code: 403',
      details: [{ reason: '1003', metadata: { message: text } }],
    })
      .bills.get('1')
      .catch((e: unknown) => e);
    expect(scope).toBeInstanceOf(FreshBooksScopeError);
    expect((scope as FreshBooksScopeError).missingScopes).toEqual(['user:bills:write']);
    const other = await clientAnswering(409, { response: { errors: [{ errno: 409, message: 'Conflict' }] } })
      .bills.get('1')
      .catch((e: unknown) => e);
    expect(other).toBeInstanceOf(FreshBooksApiError);
    expect((other as FreshBooksApiError).status).toBe(409);
  });

  it('a 2xx that is not JSON, or has no result, is a FreshBooksResponseError pointing at the API URL (--api-url at the edge)', async () => {
    const html = await clientAnswering(200, '<html>hello</html>')
      .bills.get('1')
      .catch((e: unknown) => e);
    expect(html).toBeInstanceOf(FreshBooksResponseError);
    expect((html as FreshBooksResponseError).oneLine()).toMatch(/— Check that the API URL of the connection points at the FreshBooks API/);
    expect(explain(html)).toMatch(/— Check that --api-url points at the FreshBooks API/);
    expect(
      await clientAnswering(200, { hello: 1 })
        .bills.get('1')
        .catch((e: unknown) => e),
    ).toBeInstanceOf(FreshBooksResponseError);
  });

  it('a token endpoint refusing for another reason than invalid_grant surfaces as FreshBooksOAuthError, without a loop', async () => {
    // The fake answers 401 {error: unauthenticated} to everything, the token endpoint included.
    const err = await clientAnswering(401, {
      error: 'unauthenticated',
      error_description: 'This action requires authentication to continue.',
    })
      .identity.me()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FreshBooksOAuthError);
  });
});

describe('token endpoint errors', () => {
  const app = { clientId: 'id', clientSecret: 'very-secret', redirectUri: 'https://x.test/cb' };
  const answering = (status: number, body: unknown) => ({
    apiUrl: 'https://api.example.test',
    fetch: (() => Promise.resolve(new Response(JSON.stringify(body), { status }))) as typeof fetch,
  });

  it('invalid_grant on refresh → FreshBooksReauthRequiredError; on code exchange → FreshBooksOAuthError saying the code is single-use', async () => {
    const refresh = await refreshAccessToken(app, 'rt', answering(400, OAUTH)).catch((e: unknown) => e);
    expect(refresh).toBeInstanceOf(FreshBooksReauthRequiredError);
    const code = await exchangeCode(app, 'c', answering(400, OAUTH)).catch((e: unknown) => e);
    expect(code).toBeInstanceOf(FreshBooksOAuthError);
    expect(code).not.toBeInstanceOf(FreshBooksReauthRequiredError);
    expect((code as FreshBooksOAuthError).oneLine()).toMatch(/single-use/);
  });

  it('invalid_client → check the id and secret; never the secret itself', async () => {
    const err = (await exchangeCode(
      app,
      'c',
      answering(401, { error: 'invalid_client', error_description: 'Client authentication failed.' }),
    ).catch((e: unknown) => e)) as FreshBooksOAuthError;
    expect(err.oneLine()).toMatch(/invalid_client.*— Check the client id and client secret/);
    expect(explain(err, 'acme')).toMatch(
      /invalid_client.*— Check --client-id and --client-secret .*`ml-connector connect freshbooks --tenant acme …`/,
    );
    for (const line of [err.oneLine(), explain(err, 'acme')]) expect(line).not.toContain('very-secret');
  });

  it('reads created_at and computes nothing from the local clock when it is there', async () => {
    const body = {
      access_token: 'a',
      refresh_token: 'r',
      expires_in: 43200,
      created_at: 1_700_000_000,
      scope: 'user:profile:read  user:bills:read',
      token_type: 'Bearer',
    };
    const tokens = await exchangeCode(app, 'c', answering(200, body));
    expect(tokens).toEqual({
      accessToken: 'a',
      refreshToken: 'r',
      expiresIn: 43200,
      createdAt: 1_700_000_000,
      scope: 'user:profile:read user:bills:read',
    });
  });
});

it('FreshBooksUnauthorizedError is what a 401 becomes when the refresh itself succeeds but the API still refuses', async () => {
  let n = 0;
  const answer = (url: string): Response => {
    if (url.endsWith('/auth/oauth/token')) {
      return new Response(
        JSON.stringify({ access_token: `a${n}`, refresh_token: `r${n}`, expires_in: 43200, created_at: Math.floor(Date.now() / 1000) }),
        { status: 200 },
      );
    }
    return new Response(
      JSON.stringify({
        code: 16,
        message: 'Request failed with status_code: 401',
        details: [
          { reason: '1003', metadata: { message: 'The server could not verify that you are authorized to access the URL requested.' } },
        ],
      }),
      { status: 401 },
    );
  };
  const fetchFake = ((url: string | URL | Request) => {
    n += 1;
    return Promise.resolve(answer(urlOf(url)));
  }) as typeof fetch;
  const client = new FreshBooksClient({
    apiUrl: 'https://api.example.test',
    accountId: 'abc12',
    app: { clientId: 'id', clientSecret: 'secret', redirectUri: 'https://x.test/cb' },
    tokens: memoryTokenStore({
      accessToken: 'at',
      refreshToken: 'rt',
      createdAt: Math.floor(Date.now() / 1000),
      expiresIn: 43_200,
      scope: '',
    }),
    fetch: fetchFake,
  });
  await expect(client.bills.get('1')).rejects.toBeInstanceOf(FreshBooksUnauthorizedError);
  expect(n).toBe(3);
});
