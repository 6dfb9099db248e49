/** GET /auth/api/v1/users/me: the identity envelope, business memberships, several businesses. */
import { afterEach, describe, expect, it } from 'vitest';
import { FRESHBOOKS_DEMO } from '../../../src/sandbox/freshbooks/index.js';
import { clientFor, startHarness, type Harness } from './helpers.js';

describe('FreshBooks sandbox identity', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('answers {"response": {...}} without a result level, with everything the SDK reads', async () => {
    h = await startHarness();
    const res = await h.api('GET', '/auth/api/v1/users/me');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['response']);
    const me = res.body.response;
    expect(me.result).toBeUndefined();
    expect(me).toMatchObject({
      id: FRESHBOOKS_DEMO.user.identityId,
      identity_id: FRESHBOOKS_DEMO.user.identityId,
      email: FRESHBOOKS_DEMO.user.email,
    });
    expect(me.business_memberships).toHaveLength(1);
    const { business } = me.business_memberships[0];
    expect(business).toMatchObject({
      id: FRESHBOOKS_DEMO.businessId,
      name: FRESHBOOKS_DEMO.businessName,
      account_id: FRESHBOOKS_DEMO.accountId,
      date_format: 'mm/dd/yyyy',
      timezone: 'America/New_York',
      business_clients: [],
    });
    expect(business.business_uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(business.address).toEqual(expect.objectContaining({ city: expect.any(String), postal_code: expect.any(String) }));
    expect(business.phone_number).toEqual({ title: expect.any(String), phone_number: expect.any(String) });
    // The membership id is not the business id.
    expect(me.business_memberships[0].id).not.toBe(business.id);
    expect(me.roles[0]).toMatchObject({ role: 'admin', accountid: FRESHBOOKS_DEMO.accountId, userid: 1, created_at: expect.any(String) });
    expect(me.groups[0]).toMatchObject({
      business_id: FRESHBOOKS_DEMO.businessId,
      identity_id: FRESHBOOKS_DEMO.user.identityId,
      active: true,
    });
  });

  it('lists every business of a user with several, and each account works', async () => {
    h = await startHarness({
      businesses: [
        { accountId: 'NWCo01', businessId: 7310442, name: 'Northwind Consulting' },
        { accountId: 'zDmNq', businessId: 2122866, name: 'Northwind Labs GmbH', timezone: 'Europe/Berlin', dateFormat: 'dd/mm/yyyy' },
      ],
    });
    const me = (await h.api('GET', '/auth/api/v1/users/me')).body.response;
    expect(me.business_memberships.map((m: any) => [m.business.account_id, m.business.id])).toEqual([
      ['NWCo01', 7310442],
      ['zDmNq', 2122866],
    ]);
    expect(me.business_memberships[1].business).toMatchObject({ timezone: 'Europe/Berlin', date_format: 'dd/mm/yyyy' });
    const created = await h.api('POST', '/accounting/account/zDmNq/bill_vendors/bill_vendors', {
      bill_vendor: { vendor_name: 'Only in Labs' },
    });
    expect(created.status).toBe(200);
    const first = await h.api('GET', '/accounting/account/NWCo01/bill_vendors/bill_vendors');
    expect(first.body.response.result.total).toBe(0);
    const second = await h.api('GET', '/accounting/account/zDmNq/bill_vendors/bill_vendors');
    expect(second.body.response.result.total).toBe(1);
  });

  it('refuses a missing or unknown token with the OAuth-style body', async () => {
    h = await startHarness();
    for (const token of [undefined, 'garbage']) {
      const res = await clientFor(h.fb.url, token)('GET', '/auth/api/v1/users/me');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'unauthenticated', error_description: 'This action requires authentication to continue.' });
    }
  });
});
