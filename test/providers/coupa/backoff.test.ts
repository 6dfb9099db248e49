/**
 * Backoff against the sandbox's injected faults. The client's clock is fake: its sleeps
 * return at once and are recorded, so the schedule (and the 30 s cap) is asserted, not waited.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../../src/providers/http.js';
import {
  CoupaRateLimitedError,
  CoupaRetriesExhaustedError,
  CoupaServerError,
  CoupaValidationError,
} from '../../../src/providers/coupa/errors.js';
import { DEFAULT_RETRY } from '../../../src/providers/retry.js';
import type { CoupaSandbox } from '../../../src/sandbox/coupa/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { addSuppliers, clientOf, sandbox, unreachableUrl } from './sandbox.js';

let sb: CoupaSandbox;
beforeAll(async () => {
  sb = await sandbox({ rateLimit: false });
  addSuppliers(sb, 2);
});
afterAll(() => sb.close());
beforeEach(() => {
  sb.faults.clear();
});

function fakeClient(options: { random?: () => number; maxAttempts?: number; timeoutMs?: number } = {}) {
  const clock = new FakeClock(Date.now());
  const { client, calls } = clientOf(sb, {
    clock,
    random: options.random ?? (() => 0.5),
    retry: { ...DEFAULT_RETRY, ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}) },
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  return { client, calls, clock };
}

async function warm(client: { suppliers: { probe(): Promise<unknown> } }) {
  await client.suppliers.probe(); // the token, so faults hit the API call only
}

const apiStatuses = (calls: { path: string; status?: number; error?: string }[]) =>
  calls.filter((c) => c.path.startsWith('/api/')).map((c) => c.status ?? c.error);

describe('backoff on 429, 5xx, resets and timeouts', () => {
  it('429: waits exactly what Retry-After asks (above the jitter), then succeeds', async () => {
    const { client, calls, clock } = fakeClient();
    await warm(client);
    sb.faults.add({ kind: 'rate_limit', path: '/api/suppliers', times: 3, retryAfterSeconds: 7 });
    expect(await client.suppliers.probe()).toHaveLength(1);
    expect(clock.sleeps).toEqual([7_000, 7_000, 7_000]);
    expect(apiStatuses(calls).slice(1)).toEqual([429, 429, 429, 200]);
    expect(calls.slice(-4).map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
  });

  it('429 with a Retry-After beyond 30 s: every wait is capped at 30 000 ms', async () => {
    const { client, clock } = fakeClient();
    await warm(client);
    sb.faults.add({ kind: 'rate_limit', path: '/api/suppliers', times: 2, retryAfterSeconds: 600 });
    await client.suppliers.probe();
    expect(clock.sleeps).toEqual([30_000, 30_000]);
  });

  it('503: exponential backoff with full jitter (base 500 ms doubling)', async () => {
    const { client, clock } = fakeClient({ random: () => 0.5 });
    await warm(client);
    sb.faults.add({ kind: 'error', status: 503, path: '/api/suppliers', times: 4 });
    await client.suppliers.probe();
    expect(clock.sleeps).toEqual([250, 500, 1_000, 2_000]);
  });

  it('the schedule never exceeds 30 s even with the highest jitter draw and many tries', async () => {
    const { client, clock } = fakeClient({ random: () => 0.999999, maxAttempts: 12 });
    await warm(client);
    sb.faults.add({ kind: 'error', status: 502, path: '/api/suppliers', times: 11 });
    await client.suppliers.probe();
    expect(clock.sleeps).toHaveLength(11);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(30_000);
    expect(clock.sleeps.slice(-4)).toEqual([29_999, 29_999, 29_999, 29_999]);
    // It grew exponentially until the cap.
    expect(clock.sleeps.slice(0, 6)).toEqual([499, 999, 1_999, 3_999, 7_999, 15_999]);
  });

  it('connection resets are retried', async () => {
    const { client, calls, clock } = fakeClient();
    await warm(client);
    sb.faults.add({ kind: 'reset', path: '/api/suppliers', times: 2 });
    expect(await client.suppliers.probe()).toHaveLength(1);
    expect(apiStatuses(calls).slice(1)).toEqual(['connection reset', 'connection reset', 200]);
    expect(clock.sleeps).toHaveLength(2);
  });

  it('timeouts are retried', async () => {
    const { client, calls } = fakeClient({ timeoutMs: 300 });
    await warm(client);
    sb.faults.add({ kind: 'timeout', path: '/api/suppliers', times: 1 });
    expect(await client.suppliers.probe()).toHaveLength(1);
    expect(apiStatuses(calls).slice(1)).toEqual(['timeout', 200]);
  });

  it('after the last try: a typed error with the last cause and the number of tries', async () => {
    const { client, calls, clock } = fakeClient({ maxAttempts: 4 });
    await warm(client);
    sb.faults.add({ kind: 'error', status: 503, path: '/api/suppliers', times: 10 });
    const err = await client.suppliers.probe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoupaRetriesExhaustedError);
    const e = err as CoupaRetriesExhaustedError;
    expect(e.attempts).toBe(4);
    expect(e.lastError).toBeInstanceOf(CoupaServerError);
    expect((e.lastError as CoupaServerError).status).toBe(503);
    expect(e.message).toMatch(/^Gave up on Coupa GET \/api\/suppliers\?limit=1 after 4 tries; last: Coupa failed .* \(HTTP 503\)/);
    expect(apiStatuses(calls).slice(1)).toEqual([503, 503, 503, 503]);
    expect(clock.sleeps).toHaveLength(3);
  });

  it('a lasting 429 ends as RetriesExhausted over RateLimited, all waits within the cap', async () => {
    const { client, clock } = fakeClient({ maxAttempts: 5 });
    await warm(client);
    sb.faults.add({ kind: 'rate_limit', path: '/api/suppliers', times: 10, retryAfterSeconds: 45 });
    const err = (await client.suppliers.probe().catch((e: unknown) => e)) as CoupaRetriesExhaustedError;
    expect(err.lastError).toBeInstanceOf(CoupaRateLimitedError);
    expect((err.lastError as CoupaRateLimitedError).retryAfterMs).toBe(45_000);
    expect(clock.sleeps).toEqual([30_000, 30_000, 30_000, 30_000]);
  });

  it('a 400 is not retried', async () => {
    const { client, clock } = fakeClient();
    const err = await client.api
      .call({ method: 'GET', path: '/api/suppliers', query: [['nonsense[gt]', 1]], scope: 'core.supplier.read', what: 'supplier list' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoupaValidationError);
    expect((err as CoupaValidationError).messages[0]).toMatch(/Unknown attribute 'nonsense'/);
    expect(clock.sleeps).toEqual([]);
  });

  it('an unreachable host: NetworkError as the last cause, after bounded tries', async () => {
    const clock = new FakeClock(Date.now());
    const { client } = clientOf(sb, {
      instanceUrl: await unreachableUrl(),
      clock,
      random: () => 0.5,
      retry: { ...DEFAULT_RETRY, maxAttempts: 3 },
    });
    const err = (await client.suppliers.probe().catch((e: unknown) => e)) as CoupaRetriesExhaustedError;
    expect(err).toBeInstanceOf(CoupaRetriesExhaustedError);
    expect(err.lastError).toBeInstanceOf(NetworkError);
    expect(err.message).toContain('connection refused');
    expect(clock.sleeps).toEqual([250, 500]);
  });
});
