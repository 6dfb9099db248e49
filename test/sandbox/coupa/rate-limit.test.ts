/** The 25 requests/s, burst 20 token bucket, driven by an injected clock (no sleeping). */
import { describe, expect, it } from 'vitest';
import { COUPA_DEMO } from '../../../src/sandbox/coupa/index.js';
import { call, sandbox, token } from './helpers.js';

const frozen = () => {
  const clock = { now: Date.parse('2026-04-01T09:00:00Z') };
  return { clock, now: () => clock.now };
};

describe('rate limit', () => {
  it('lets exactly 20 of 40 simultaneous requests through, then answers 429', async () => {
    const { now } = frozen();
    const sb = await sandbox({ now, rateLimit: undefined });
    const tok = await token(sb);
    const answers = await Promise.all(Array.from({ length: 40 }, () => call(sb, tok, '/api/suppliers?limit=1')));
    const ok = answers.filter((a) => a.status === 200);
    const limited = answers.filter((a) => a.status === 429);
    expect(ok).toHaveLength(20);
    expect(limited).toHaveLength(20);
    expect(limited[0]!.headers.get('retry-after')).toBe('1');
    expect(limited[0]!.json).toEqual({ errors: { base: ['Rate limit exceeded'] } });
  });

  it('answers the 429 in XML when XML is negotiated', async () => {
    const { now } = frozen();
    const sb = await sandbox({ now, rateLimit: { ratePerSecond: 25, burst: 1 } });
    const tok = await token(sb);
    await call(sb, tok, '/api/suppliers?limit=1');
    const res = await call(sb, tok, '/api/suppliers?limit=1', { format: 'xml' });
    expect(res.status).toBe(429);
    expect(res.text).toContain('<error>Rate limit exceeded</error>');
  });

  it('never refuses a client that keeps to 25 requests per second, even after draining the burst', async () => {
    const { clock, now } = frozen();
    const sb = await sandbox({ now, rateLimit: undefined });
    const tok = await token(sb);
    await Promise.all(Array.from({ length: 20 }, () => call(sb, tok, '/api/suppliers?limit=1')));
    expect((await call(sb, tok, '/api/suppliers?limit=1')).status).toBe(429);
    for (let i = 0; i < 100; i++) {
      clock.now += 40; // exactly 25/s
      expect((await call(sb, tok, '/api/suppliers?limit=1')).status).toBe(200);
    }
    // One request faster than the rate is refused again.
    clock.now += 20;
    expect((await call(sb, tok, '/api/suppliers?limit=1')).status).toBe(429);
  });

  it('refills up to the burst, not beyond', async () => {
    const { clock, now } = frozen();
    const sb = await sandbox({ now, rateLimit: undefined });
    const tok = await token(sb);
    clock.now += 60_000;
    const answers = await Promise.all(Array.from({ length: 25 }, () => call(sb, tok, '/api/suppliers?limit=1')));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(20);
  });

  it('keeps one bucket per OAuth client; tokens, control routes and refusals by auth are not metered', async () => {
    const { now } = frozen();
    const other = { clientId: 'second-client', clientSecret: 'second-secret', scopes: ['core.supplier.read'] };
    const sb = await sandbox({ now, rateLimit: undefined, clients: [COUPA_DEMO, other] });
    const tok = await token(sb);
    for (let i = 0; i < 30; i++) await token(sb);
    for (let i = 0; i < 30; i++) await call(sb, undefined, '/api/suppliers');
    for (let i = 0; i < 30; i++) expect((await fetch(`${sb.url}/_sandbox/state`)).status).toBe(200);
    await Promise.all(Array.from({ length: 20 }, () => call(sb, tok, '/api/suppliers?limit=1')));
    expect((await call(sb, tok, '/api/suppliers?limit=1')).status).toBe(429);
    const second = await token(sb, undefined, other);
    expect((await call(sb, second, '/api/suppliers?limit=1')).status).toBe(200);
    // A second token of the same client shares the client's bucket.
    expect((await call(sb, await token(sb), '/api/suppliers?limit=1')).status).toBe(429);
  });

  it('takes other numbers, and can be turned off', async () => {
    const { now } = frozen();
    const custom = await sandbox({ now, rateLimit: { ratePerSecond: 5, burst: 3 } });
    const tok = await token(custom);
    const answers = await Promise.all(Array.from({ length: 5 }, () => call(custom, tok, '/api/suppliers?limit=1')));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(3);

    const off = await sandbox({ now, rateLimit: false });
    const tok2 = await token(off);
    const all = await Promise.all(Array.from({ length: 60 }, () => call(off, tok2, '/api/suppliers?limit=1')));
    expect(all.every((a) => a.status === 200)).toBe(true);
  });
});
