/** Injected faults look like FreshBooks' own failures: 5xx, 429 bursts, expired tokens, latency, timeouts, resets. */
import { afterEach, describe, expect, it } from 'vitest';
import { clientFor, startHarness, type Api, type Harness } from './helpers.js';

describe('FreshBooks sandbox faults', () => {
  let h: Harness;
  let admin: Api;
  const setup = async (options = {}) => {
    h = await startHarness(options);
    admin = clientFor(h.fb.url);
  };
  afterEach(() => h.close());

  it('error: a 503 in the accounting shape, for the next N matching requests only', async () => {
    await setup();
    const added = await admin('POST', '/_sandbox/faults', { kind: 'error', status: 503, path: '/accounting/*', times: 2 });
    expect(added.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const res = await h.acct('GET', 'bills/bills');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 14, message: 'Request failed with status_code: 503', details: [{ reason: '500' }] });
    }
    expect((await h.acct('GET', 'bills/bills')).status).toBe(200);
    // The rule is spent and gone.
    expect((await admin('GET', '/_sandbox/faults')).body.faults).toEqual([]);
  });

  it('rate_limit: a 429 burst with Retry-After', async () => {
    await setup({ faults: [{ kind: 'rate_limit', retryAfterSeconds: 7, times: 1 }] });
    const res = await h.api('GET', '/auth/api/v1/users/me');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect((await h.api('GET', '/auth/api/v1/users/me')).status).toBe(200);
  });

  it('expired_token: a 401 worded by each family', async () => {
    await setup();
    await admin('POST', '/_sandbox/faults', { kind: 'expired_token', times: 3 });
    expect((await h.acct('GET', 'bills/bills')).body.code).toBe(16);
    expect((await h.api('GET', '/auth/api/v1/users/me')).body.error).toBe('unauthenticated');
    expect((await h.api('GET', '/events/account/NWCo01/events/callbacks')).body.errno).toBe(401);
    expect((await h.acct('GET', 'bills/bills')).status).toBe(200);
  });

  it('latency: answers arrive, just later', async () => {
    await setup();
    await admin('POST', '/_sandbox/faults', { kind: 'latency', latencyMs: 20, jitterMs: 10, method: 'GET' });
    expect((await h.acct('GET', 'bill_vendors/bill_vendors')).status).toBe(200);
  });

  it('timeout and reset: the client sees a hung request and a dropped connection', async () => {
    await setup();
    const hang = await admin('POST', '/_sandbox/faults', { kind: 'timeout', path: '/accounting/account/NWCo01/bills', times: 1 });
    await expect(fetch(`${h.fb.url}/accounting/account/NWCo01/bills/bills`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(hang.body.fault.id).toBeTypeOf('string');
    await admin('POST', '/_sandbox/faults', { kind: 'reset', path: '/auth/oauth/token', times: 1 });
    await expect(fetch(`${h.fb.url}/auth/oauth/token`, { method: 'POST' })).rejects.toThrow();
  });

  it('never faults the control API; faults can be listed and removed', async () => {
    await setup({ faults: [{ kind: 'error', status: 500 }] });
    expect((await h.acct('GET', 'bills/bills')).status).toBe(500);
    expect((await admin('GET', '/_sandbox/accounts')).status).toBe(200);
    const [rule] = (await admin('GET', '/_sandbox/faults')).body.faults;
    expect((await admin('DELETE', `/_sandbox/faults/${rule.id}`)).status).toBe(200);
    expect((await h.acct('GET', 'bills/bills')).status).toBe(200);
  });
});
