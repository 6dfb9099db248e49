/**
 * An outside client agrees: the official FreshBooks Node SDK (@freshbooks/api 4.1) talks to
 * the sandbox as it would to FreshBooks — code exchange, refresh, identity, vendors, bills and
 * bill payments — and parses every response. The SDK reads FRESHBOOKS_AUTH_URL (authorize
 * URL) when the client is constructed and takes `apiUrl` (token endpoint and API) as an option.
 */
import freshbooks from '@freshbooks/api';
import {
  IncludesQueryBuilder,
  PaginationQueryBuilder,
  SearchQueryBuilder,
  SortQueryBuilder,
} from '@freshbooks/api/dist/models/builders/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FRESHBOOKS_DEMO } from '../../../src/sandbox/freshbooks/index.js';
import { ACCOUNT, authorize, someCategory, startHarness, type Harness } from './helpers.js';

const { Client } = freshbooks;
/** The SDK's .d.ts files disagree with what its parsers return (e.g. `bill_vendors` vs `vendors`); test the runtime values. */
const data = (res: { data?: unknown }): any => res.data;
/** The SDK's model types demand read-only fields a create never sends: pass what a caller would. */
const sdkInput = (fields: Record<string, unknown>): never => fields as never;

describe('official @freshbooks/api SDK against the sandbox', () => {
  let h: Harness;
  let savedAuthUrl: string | undefined;
  beforeEach(async () => {
    // Real clock: the SDK computes token expiry from created_at and its own Date.now().
    h = await startHarness({ now: () => Date.now() });
    savedAuthUrl = process.env.FRESHBOOKS_AUTH_URL;
    process.env.FRESHBOOKS_AUTH_URL = h.fb.url;
  });
  afterEach(async () => {
    if (savedAuthUrl === undefined) delete process.env.FRESHBOOKS_AUTH_URL;
    else process.env.FRESHBOOKS_AUTH_URL = savedAuthUrl;
    await h.close();
  });

  const newClient = () =>
    new Client(FRESHBOOKS_DEMO.clientId, {
      clientSecret: FRESHBOOKS_DEMO.clientSecret,
      redirectUri: FRESHBOOKS_DEMO.redirectUri,
      apiUrl: h.fb.url,
      // No retries: a failure must show, not be retried away.
      retryOptions: { retries: 0 },
    });

  it('authenticates with a code and a refresh, then reads the identity', async () => {
    const client = newClient();
    const authUrl = new URL(client.getAuthRequestUrl(['user:profile:read', 'user:bills:read', 'user:bills:write']));
    expect(authUrl.origin + authUrl.pathname).toBe(`${h.fb.url}/oauth/authorize`);
    const params = Object.fromEntries(authUrl.searchParams);
    const { location } = await authorize(h.fb.url, params);
    const code = location!.searchParams.get('code')!;

    const first = await client.getAccessToken(code);
    expect(first!.accessToken).toMatch(/^eyJ/);
    expect(first!.accessTokenExpiresAt.getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);

    const refreshed = await client.refreshAccessToken();
    expect(refreshed!.refreshToken).not.toBe(first!.refreshToken);
    // Rotation: the spent refresh token is refused, and the SDK surfaces it as an error.
    await expect(client.refreshAccessToken(first!.refreshToken)).rejects.toMatchObject({ statusCode: '400' });

    const me = await client.users.me();
    expect(me.ok).toBe(true);
    const user = me.data!;
    expect(user.id).toBe(String(FRESHBOOKS_DEMO.user.identityId));
    expect(user.businessMemberships?.[0]?.business.accountId).toBe(ACCOUNT);
    expect(user.businessMemberships?.[0]?.business.id).toBe(FRESHBOOKS_DEMO.businessId);
    expect(user.roles?.[0]?.accountId).toBe(ACCOUNT);
  });

  it('lists and creates bill vendors, bills and bill payments, parsing every response', async () => {
    const client = new Client(FRESHBOOKS_DEMO.clientId, { accessToken: h.token, apiUrl: h.fb.url, retryOptions: { retries: 0 } });
    const categoryId = await someCategory(h.acct);

    const vendor = await client.billVendors.create(
      { vendorName: 'Ångström Präzision GmbH', currencyCode: 'USD', language: 'en', city: 'Zürich' },
      ACCOUNT,
    );
    expect(vendor.data?.vendorId).toBeTypeOf('number');
    expect(vendor.data?.vendorName).toBe('Ångström Präzision GmbH');
    expect(vendor.data?.createdAt).toBeInstanceOf(Date);

    const vendors = await client.billVendors.list(ACCOUNT);
    expect(data(vendors).bill_vendors.map((v: { vendorId: number }) => v.vendorId)).toContain(vendor.data!.vendorId);
    expect(vendors.data?.pages).toMatchObject({ page: 1, size: 15, total: 1 });
    const one = await client.billVendors.single(ACCOUNT, vendor.data!.vendorId!);
    expect(one.data?.vendorName).toBe('Ångström Präzision GmbH');

    const bill = await client.bills.create(
      sdkInput({
        vendorId: vendor.data!.vendorId,
        billNumber: 'PO-1042',
        issueDate: new Date(2024, 2, 1),
        dueOffsetDays: 30,
        currencyCode: 'USD',
        language: 'en',
        lines: [
          {
            categoryId,
            description: 'Desk lamp',
            quantity: 2,
            unitCost: { amount: '40.00', code: 'USD' },
            taxName1: 'HST',
            taxPercent1: 13,
          },
        ],
      }),
      ACCOUNT,
    );
    expect(bill.data?.totalAmount).toEqual({ amount: '90.40', code: 'USD' });
    expect(bill.data?.lines?.[0]?.quantity).toBe('2');
    expect(bill.data?.issueDate).toBeInstanceOf(Date);

    const payment = await client.billPayments.create(
      sdkInput({
        billId: bill.data!.id,
        amount: { amount: '40.40', code: 'USD' },
        paidDate: new Date(2024, 2, 5),
        paymentType: 'Check',
        note: 'first part',
      }),
      ACCOUNT,
    );
    expect(payment.data?.billId).toBe(bill.data!.id);
    expect(payment.data?.amount).toEqual({ amount: '40.40', code: 'USD' });

    const after = await client.bills.single(ACCOUNT, bill.data!.id!);
    expect(data(after).paid).toEqual({ amount: '40.40', code: 'USD' });
    expect(data(after).outstanding).toEqual({ amount: '50.00', code: 'USD' });
    expect(data(after).billPayments[0].id).toBe(payment.data!.id);

    const bills = await client.bills.list(ACCOUNT, [new SearchQueryBuilder().equals('vendorid', vendor.data!.vendorId!)]);
    expect(bills.data?.bills).toHaveLength(1);
    // The SDK's own query builders: paging, include, sort, in-list and between.
    const built = await client.bills.list(ACCOUNT, [
      new PaginationQueryBuilder().page(1).perPage(5),
      new IncludesQueryBuilder().includes('vendor'),
      new SortQueryBuilder().desc('issue_date'),
      new SearchQueryBuilder().in('statuses', ['partial', 'overdue']).between('issue_date', { min: new Date(2024, 1, 1) }),
    ]);
    expect(data(built).pages).toEqual({ page: 1, pages: 1, size: 5, total: 1 });
    expect(data(built).bills[0].vendor.vendorName).toBe('Ångström Präzision GmbH');
    const payments = await client.billPayments.list(ACCOUNT);
    expect(payments.data?.billPayments).toHaveLength(1);
    const single = await client.billPayments.single(ACCOUNT, payment.data!.id!);
    expect(data(single).paymentType).toBe('Check');

    const updated = await client.billPayments.update(sdkInput({ amount: { amount: '50.00', code: 'USD' } }), ACCOUNT, payment.data!.id!);
    expect(updated.data?.amount.amount).toBe('50.00');
    const deleted = await client.billPayments.delete(ACCOUNT, payment.data!.id!);
    expect(deleted.data?.visState).toBe(1);
    const archived = await client.bills.archive(ACCOUNT, bill.data!.id!);
    expect(archived.data?.visState).toBe(2);

    const categories = await client.expenseCategories.list(ACCOUNT);
    expect(categories.data?.categories.length).toBe(15);
  });

  it('surfaces sandbox errors through its own error parsing', async () => {
    const client = new Client(FRESHBOOKS_DEMO.clientId, { accessToken: h.token, apiUrl: h.fb.url, retryOptions: { retries: 0 } });
    await expect(client.bills.single(ACCOUNT, 424242)).rejects.toMatchObject({
      statusCode: '404',
      errors: [{ errorCode: 1012, message: 'Bill not found.', field: 'billid' }],
    });
    await expect(client.billVendors.create({ city: 'Nowhere' }, ACCOUNT)).rejects.toMatchObject({
      statusCode: '422',
      errors: [{ errorCode: 1001, field: 'vendor_name' }],
    });
    const stranger = new Client(FRESHBOOKS_DEMO.clientId, { accessToken: 'not-a-token', apiUrl: h.fb.url, retryOptions: { retries: 0 } });
    await expect(stranger.users.me()).rejects.toMatchObject({ statusCode: '401' });
  });
});
