/** Fault injection as Coupa would show it: per run (options) or per route (admin API). */
import { describe, expect, it } from 'vitest';
import { call, ready, sandbox, token } from './helpers.js';

async function addFault(url: string, rule: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${url}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  });
  return res.status;
}

describe('faults', () => {
  it('error 503 looks like the load balancer: an HTML page', async () => {
    const { sb, get } = await ready();
    expect(await addFault(sb.url, { kind: 'error', status: 503, path: '/api/invoices', times: 1 })).toBe(201);
    const res = await get('/api/invoices');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.text).toContain('503 Service Temporarily Unavailable');
    expect((await get('/api/invoices')).status).toBe(200);
  });

  it("error 500 comes from the application, in Coupa's error shape", async () => {
    const { get } = await ready({ faults: [{ kind: 'error', status: 500, path: '/api/suppliers' }] });
    const res = await get('/api/suppliers');
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ errors: { base: ["We're sorry, but something went wrong."] } });
    expect((await get('/api/invoices')).status).toBe(200);
  });

  it('rate_limit answers 429 with Retry-After like the real limiter', async () => {
    const { sb, get } = await ready();
    await addFault(sb.url, { kind: 'rate_limit', retryAfterSeconds: 3, times: 1 });
    const res = await get('/api/purchase_orders');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(res.json).toEqual({ errors: { base: ['Rate limit exceeded'] } });
  });

  it('expired_token answers 401 as an expired token would', async () => {
    const { sb, get } = await ready();
    await addFault(sb.url, { kind: 'expired_token', method: 'GET', path: '/api/invoices', times: 1 });
    const res = await get('/api/invoices/9001');
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ errors: { base: ['The access token expired'] } });
    expect((await get('/api/invoices/9001')).status).toBe(200);
  });

  it('latency delays but still answers', async () => {
    const { sb, get } = await ready();
    await addFault(sb.url, { kind: 'latency', latencyMs: 20, jitterMs: 10 });
    expect((await get('/api/suppliers?limit=1')).status).toBe(200);
  });

  it('reset drops the connection', async () => {
    const { sb, tok } = await ready({ faults: [{ kind: 'reset', path: '/api/invoices' }] });
    await expect(fetch(`${sb.url}/api/invoices`, { headers: { authorization: `Bearer ${tok}` } })).rejects.toThrow();
  });

  it("timeout never answers, so the client's own timeout fires", async () => {
    const { sb, tok } = await ready({ faults: [{ kind: 'timeout', path: '/api/suppliers' }] });
    await expect(
      fetch(`${sb.url}/api/suppliers`, { headers: { authorization: `Bearer ${tok}` }, signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
  });

  it('never faults control routes; rules can be listed and cleared', async () => {
    const sb = await sandbox({
      faults: [
        { kind: 'error', status: 503 },
        { kind: 'error', status: 500, probability: 0 },
      ],
    });
    expect((await fetch(`${sb.url}/_sandbox/state`)).status).toBe(200);
    const listed = (await (await fetch(`${sb.url}/_sandbox/faults`)).json()) as { faults: unknown[] };
    expect(listed.faults).toHaveLength(2);
    await fetch(`${sb.url}/_sandbox/faults`, { method: 'DELETE' });
    const tok = await token(sb);
    expect((await call(sb, tok, '/api/suppliers?limit=1')).status).toBe(200);
  });

  it('refuses a malformed fault rule', async () => {
    const sb = await sandbox();
    expect(await addFault(sb.url, { kind: 'gremlins' })).toBe(400);
  });
});
