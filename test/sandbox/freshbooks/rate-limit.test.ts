/** The request budget: fixed window per access token, X-RateLimit-* headers, 429 with Retry-After. */
import { afterEach, describe, expect, it } from 'vitest';
import { clientFor, startHarness, T0, type Harness } from './helpers.js';

describe('FreshBooks sandbox rate limit', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('counts down in the headers, answers 429 with Retry-After when spent, and resets with the window', async () => {
    h = await startHarness({ rateLimit: { limit: 3, windowSeconds: 60 } });
    const windowEnd = Math.ceil((Math.floor(T0 / 60_000) + 1) * 60);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await h.acct('GET', 'bills/bills');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('3');
      expect(res.headers.get('x-ratelimit-reset')).toBe(String(windowEnd));
      remaining.push(res.headers.get('x-ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['2', '1', '0']);

    h.clock.advance(15_000);
    const over = await h.api('GET', '/auth/api/v1/users/me');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('45');
    expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(over.body.error).toBe('rate_limited');
    const accounting = await h.acct('GET', 'bills/bills');
    expect(accounting.status).toBe(429);
    expect(accounting.body).toMatchObject({ code: 8, message: 'Request failed with status_code: 429' });

    // Another token has its own budget; the control API has none.
    const other = h.fb.control.issueTokens();
    expect((await clientFor(h.fb.url, other.access_token)('GET', '/auth/api/v1/users/me')).status).toBe(200);
    expect((await clientFor(h.fb.url)('GET', '/_sandbox/accounts')).status).toBe(200);

    h.clock.advance(45_000);
    const next = await h.acct('GET', 'bills/bills');
    expect(next.status).toBe(200);
    expect(next.headers.get('x-ratelimit-remaining')).toBe('2');
  });

  it('defaults to 600 per 60 seconds', async () => {
    h = await startHarness();
    const res = await h.acct('GET', 'bill_vendors/bill_vendors');
    expect(res.headers.get('x-ratelimit-limit')).toBe('600');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('599');
  });
});
