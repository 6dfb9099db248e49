/** Error shapes per API family, scopes, account membership, paging and parse errors. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientFor, newBill, startHarness, type Harness } from './helpers.js';

const RPC_401 = {
  code: 16,
  message: 'Request failed with status_code: 401',
  details: [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: '1003',
      domain: 'accounting.api.freshbooks.com',
      metadata: { message: 'The server could not verify that you are authorized to access the URL requested.' },
    },
  ],
};

describe('FreshBooks sandbox errors and scopes', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('401 in each family’s shape', async () => {
    const anon = clientFor(h.fb.url);
    const accounting = await anon('GET', '/accounting/account/NWCo01/bills/bills');
    expect(accounting.status).toBe(401);
    expect(accounting.body).toEqual(RPC_401);
    const events = await anon('GET', '/events/account/NWCo01/events/callbacks');
    expect(events.status).toBe(401);
    expect(events.body).toEqual({ errno: 401, message: 'invalid_token: The request token failed to authenticate or validate.' });
    const identity = await anon('GET', '/auth/api/v1/users/me');
    expect(identity.body).toEqual({ error: 'unauthenticated', error_description: 'This action requires authentication to continue.' });
  });

  it('404 / errno 1012 in the new accounting shape; unknown routes are 404 too', async () => {
    const res = await h.acct('GET', 'bills/bills/123');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      code: 5,
      message: 'Request failed with status_code: 404',
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: '1012',
          domain: 'accounting.api.freshbooks.com',
          metadata: { object: 'bill', message: 'Bill not found.', value: '123', field: 'billid' },
        },
      ],
    });
    expect((await h.acct('GET', 'bill_vendors/bill_vendors/abc')).status).toBe(404);
    expect((await h.acct('GET', 'invoices/invoices')).status).toBe(404);
  });

  it('403 names the scopes the token has and the scopes required', async () => {
    const narrow = h.fb.control.issueTokens({ scopes: ['user:bills:read'] });
    const api = clientFor(h.fb.url, narrow.access_token);
    const bill = await newBill(h.acct);
    expect((await api('GET', `/accounting/account/NWCo01/bills/bills/${bill.id}`)).status).toBe(200);
    const res = await api('PUT', `/accounting/account/NWCo01/bills/bills/${bill.id}`, { bill: { vis_state: 1 } });
    expect(res.status).toBe(403);
    const detail = res.body.details[0];
    expect(res.body.code).toBe(7);
    expect(detail.reason).toBe('1003');
    expect(detail.metadata.message).toBe(
      'Insufficient scope. This request requires: user:bills:write. Your token has: user:profile:read user:bills:read.',
    );
    // Nothing changed.
    expect((await h.acct('GET', `bills/bills/${bill.id}`)).body.response.result.bill.vis_state).toBe(0);
    const vendors = await api('GET', '/accounting/account/NWCo01/bill_vendors/bill_vendors');
    expect(vendors.status).toBe(403);
    expect(vendors.body.details[0].metadata.value).toBe('user:bill_vendors:read');
  });

  it('403 for an account the user is not a member of', async () => {
    const res = await h.api('GET', '/accounting/account/XyZ999/bills/bills');
    expect(res.status).toBe(403);
    expect(res.body.details[0].metadata).toMatchObject({ object: 'account', value: 'XyZ999' });
  });

  it('400 with errno 1014 / 1013 for bad page and per_page, old accounting shape', async () => {
    for (const page of ['abc', '-1', '1.5']) {
      const res = await h.acct('GET', `bills/bills?page=${page}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        response: { errors: [{ errno: 1014, field: 'page', message: 'Invalid page number.', object: 'bill', value: page }] },
      });
    }
    for (const perPage of ['x', '0', '-5']) {
      const res = await h.acct('GET', `bill_vendors/bill_vendors?per_page=${perPage}`);
      expect(res.status).toBe(400);
      expect(res.body.response.errors[0]).toMatchObject({ errno: 1013, field: 'per_page' });
    }
  });

  it('400 / errno 1005 for a body that does not parse', async () => {
    const res = await h.acct('POST', 'bills/bills', '{"bill": {', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.response.errors[0]).toMatchObject({ errno: 1005 });
  });
});
