/**
 * The edge's hints: each provider error a person can meet, as the provider says it (no command
 * of ours) and as the edge says it (the `ml-connector` command to run, for the tenant at hand).
 */
import { describe, expect, it } from 'vitest';
import { explain, hintFor, rehinted, withHintFor } from '../../src/app/hints.js';
import { AppError, UsageError } from '../../src/lib/errors.js';
import { CoupaApiError, CoupaAuthError, CoupaScopeError, CoupaServerError } from '../../src/providers/coupa/errors.js';
import {
  FreshBooksNotFoundError,
  FreshBooksOAuthError,
  FreshBooksReauthRequiredError,
  FreshBooksResponseError,
  FreshBooksScopeError,
  FreshBooksUnauthorizedError,
} from '../../src/providers/freshbooks/errors.js';

const request = { method: 'GET', path: '/accounting/account/abc12/bills/bills/1' };
const COMMAND = /`ml-connector [a-z]+/;
const FLAG = /(^|\s)--[a-z]/;

/** [what, the provider's error, what the edge must say for tenant acme] */
const cases: Array<[string, AppError, RegExp]> = [
  [
    'Coupa invalid_client',
    new CoupaAuthError('invalid_client', 'https://acme.coupahost.com', 'c1', 401),
    /^Check the client id and secret of the OAuth client \(Coupa: Setup > .*\) and run `ml-connector connect coupa --tenant acme …` again\.$/,
  ],
  [
    'Coupa token refused',
    new CoupaAuthError('token_refused', 'https://acme.coupahost.com', 'c1', 401),
    /its scopes cover this call; then run `ml-connector ping --tenant acme`\.$/,
  ],
  [
    'Coupa scope',
    new CoupaScopeError(['core.invoice.write'], 'https://acme.coupahost.com', 'c1', 'token'),
    /^Add it to the OAuth client in Coupa .*--scopes listing only the scopes the client has \(`ml-connector connect coupa --tenant acme … --scopes "…"`\)\.$/,
  ],
  [
    'Coupa without a token endpoint',
    new CoupaApiError(
      { status: 404, method: 'POST', path: '/oauth2/token', messages: [] },
      'No token endpoint.',
      'Check the instance URL.',
      'coupa_no_token_endpoint',
    ),
    /^Check --instance-url: it is the base URL of the Coupa instance.*`ml-connector connect coupa --tenant acme …`/,
  ],
  [
    'FreshBooks re-authorisation',
    new FreshBooksReauthRequiredError({ status: 400 }),
    /^Authorise again: `ml-connector connect freshbooks --tenant acme …` \(without --code it prints the URL to open\)\.$/,
  ],
  [
    'FreshBooks token refused after a refresh',
    new FreshBooksUnauthorizedError({ status: 401, request }),
    /authorise again with `ml-connector connect freshbooks --tenant acme …`\.$/,
  ],
  [
    'FreshBooks missing scope',
    new FreshBooksScopeError({ status: 403, request, missingScopes: ['user:bills:write'] }),
    /^re-authorise with it: enable user:bills:write on the app .* then run `ml-connector connect freshbooks --tenant acme …` again$/,
  ],
  [
    'FreshBooks 403 without scopes named',
    new FreshBooksScopeError({ status: 403, request, missingScopes: [] }),
    /the role of the user who authorised it, then run `ml-connector connect freshbooks --tenant acme …` again\.$/,
  ],
  [
    'FreshBooks invalid_client',
    new FreshBooksOAuthError({ status: 401, parsed: { oauthError: 'invalid_client', details: [] } }),
    /^Check --client-id and --client-secret against the app .*`ml-connector connect freshbooks --tenant acme …` again\.$/,
  ],
  [
    'FreshBooks code already used',
    new FreshBooksOAuthError({ status: 400, parsed: { oauthError: 'invalid_grant', details: [] } }),
    /single-use and lives 5 minutes: run `ml-connector connect freshbooks --tenant acme …` again for a new one\.$/,
  ],
  [
    'FreshBooks token request refused otherwise',
    new FreshBooksOAuthError({ status: 400, parsed: { oauthError: 'invalid_request', details: [] } }),
    /^Check --client-id, --client-secret and --redirect-uri/,
  ],
  ['FreshBooks unreadable answer', new FreshBooksResponseError('not JSON', request), /^Check that --api-url points at the FreshBooks API/],
];

describe('hints at the edge', () => {
  it.each(cases)('%s: the provider names no command or flag; the edge names the command for the tenant', (_, err, edge) => {
    expect(err.hint).toBeTruthy();
    expect(err.oneLine()).not.toMatch(COMMAND);
    expect(err.oneLine()).not.toMatch(FLAG);
    expect(hintFor(err, 'acme')).toMatch(edge);
    expect(explain(err, 'acme')).toBe(`${err.message} — ${hintFor(err, 'acme')}`);
  });

  it('without a tenant, the command says where it goes', () => {
    expect(hintFor(new FreshBooksReauthRequiredError(), undefined)).toContain('`ml-connector connect freshbooks --tenant <tenant> …`');
  });

  it('errors whose own hint says it best are left alone', () => {
    const busy = new FreshBooksOAuthError({
      status: 503,
      parsed: { oauthError: 'temporarily_unavailable', details: [] },
      hint: 'Try again in a minute.',
    });
    const server = new CoupaServerError({ status: 503, method: 'GET', path: '/api/suppliers', messages: [] }, undefined);
    const notFound = new FreshBooksNotFoundError({ status: 404, request });
    const usage = new UsageError('--tenant is empty.', 'Name a tenant.');
    for (const err of [busy, server, notFound, usage]) {
      expect(hintFor(err, 'acme')).toBeUndefined();
      expect(explain(err, 'acme')).toBe(err.oneLine());
      expect(withHintFor(err, 'acme')).toBe(err);
    }
    expect(explain(new Error('plain'), 'acme')).toBe('plain');
  });

  it('withHintFor keeps the code and the message, and the original as the cause', () => {
    const err = new FreshBooksReauthRequiredError({
      status: 400,
      message: "The FreshBooks connection of tenant 'acme' needs re-authorisation.",
    });
    const shown = withHintFor(err, 'acme');
    expect(shown).toBeInstanceOf(AppError);
    const app = shown as AppError;
    expect(app.code).toBe('freshbooks_reauth_required');
    expect(app.message).toBe(err.message);
    expect(app.cause).toBe(err);
    expect(app.oneLine()).toBe(explain(err, 'acme'));
  });

  it('a re-hinted error is not re-hinted again', () => {
    const err = rehinted(new FreshBooksReauthRequiredError({ status: 400 }), 'Issue a new refresh token.');
    expect(hintFor(err, 'acme')).toBeUndefined();
    expect(explain(err, 'acme')).toMatch(/— Issue a new refresh token\.$/);
  });
});
