/**
 * Pacing in real time against the sandbox's 25/s, burst-20 bucket (~10 s): the client's own
 * bucket (20/s, burst 18, shared per instance) keeps a 200-request burst free of 429s.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { COUPA_PACE, sharedBucket } from '../../../src/providers/coupa/http.js';
import type { CoupaSandbox } from '../../../src/sandbox/coupa/index.js';
import { addSuppliers, clientOf, sandbox } from './sandbox.js';

const opened: CoupaSandbox[] = [];
afterAll(async () => {
  for (const sb of opened) await sb.close();
});

async function limitedSandbox(): Promise<CoupaSandbox> {
  const sb = await sandbox(); // the default limit: 25 requests/s, burst 20
  opened.push(sb);
  addSuppliers(sb, 1);
  return sb;
}

describe('throttling before Coupa has to', () => {
  it('paces below Coupa: 20/s with a burst of 18', () => {
    expect(COUPA_PACE).toEqual({ ratePerSecond: 20, burst: 18 });
  });

  it('200 requests fired at once from two clients of one instance: no 429 at all', { timeout: 60_000 }, async () => {
    const sb = await limitedSandbox();
    // One try each: a 429 would fail the call instead of hiding behind a retry.
    const a = clientOf(sb, { paced: true, retry: { maxAttempts: 1, baseDelayMs: 500, maxDelayMs: 30_000 } });
    const b = clientOf(sb, { paced: true, retry: { maxAttempts: 1, baseDelayMs: 500, maxDelayMs: 30_000 } });
    await Promise.all([a.client.auth.current(), b.client.auth.current()]);
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).client.suppliers.probe()));
    const calls = [...a.calls, ...b.calls].filter((c) => c.path.startsWith('/api/'));
    expect(calls).toHaveLength(200);
    expect(calls.filter((c) => c.status === 429)).toHaveLength(0);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(0);
    // Both clients took their turns from the one bucket of this instance.
    expect(sharedBucket(sb.url)).toBe(sharedBucket(`${sb.url}/`));
  });

  it('control: the same burst without pacing does meet 429s (the sandbox limit is real)', async () => {
    const sb = await limitedSandbox();
    const { client, calls } = clientOf(sb, { retry: { maxAttempts: 1, baseDelayMs: 500, maxDelayMs: 30_000 } });
    await client.auth.current();
    await Promise.allSettled(Array.from({ length: 60 }, () => client.suppliers.probe()));
    expect(calls.filter((c) => c.status === 429).length).toBeGreaterThan(0);
  });
});
