import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSecret, signPush, verifyPush } from '../../../src/providers/coupa/webhook.js';

const sw = JSON.parse(readFileSync(new URL('../../fixtures/standard-webhooks.json', import.meta.url), 'utf8')) as {
  vectors: Array<{ secret: string; id: string; timestamp: number; body: string; signature: string }>;
};

describe('Coupa push signature (Standard Webhooks)', () => {
  const v = sw.vectors[0]!;
  const headers = { 'webhook-id': v.id, 'webhook-timestamp': String(v.timestamp), 'webhook-signature': v.signature };

  it('matches the published Standard Webhooks example', () => {
    expect(signPush(v.secret, v.id, v.timestamp, v.body)).toBe(v.signature);
    expect(verifyPush([v.secret], headers, v.body, v.timestamp)).toEqual({ ok: true });
  });

  it('accepts within five minutes either way and refuses beyond', () => {
    expect(verifyPush([v.secret], headers, v.body, v.timestamp + 300)).toEqual({ ok: true });
    expect(verifyPush([v.secret], headers, v.body, v.timestamp - 300)).toEqual({ ok: true });
    expect(verifyPush([v.secret], headers, v.body, v.timestamp + 301)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verifyPush([v.secret], headers, v.body, v.timestamp - 301)).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('accepts any of several signatures and any of several secrets (rotation)', () => {
    const other = generateSecret();
    const both = { ...headers, 'webhook-signature': `v1,bm90LWl0 ${v.signature}` };
    expect(verifyPush([other, v.secret], both, v.body, v.timestamp)).toEqual({ ok: true });
    expect(verifyPush([other], both, v.body, v.timestamp)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('reads a repeated webhook-signature header as Node joins it ("a, b"), and extra whitespace', () => {
    for (const joined of [`v1,bm90LWl0, ${v.signature}`, `${v.signature}, v1,bm90LWl0`, `  v1,bm90LWl0   ${v.signature}  `]) {
      expect(verifyPush([v.secret], { ...headers, 'webhook-signature': joined }, v.body, v.timestamp), joined).toEqual({ ok: true });
    }
    expect(verifyPush([v.secret], { ...headers, 'webhook-signature': 'v1,bm90LWl0, v1,YWxzby1ub3Q=' }, v.body, v.timestamp)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses tampering and missing headers', () => {
    expect(verifyPush([v.secret], headers, v.body + ' ', v.timestamp)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyPush([v.secret], { ...headers, 'webhook-id': undefined }, v.body, v.timestamp)).toEqual({
      ok: false,
      reason: 'missing_headers',
    });
    expect(verifyPush([v.secret], { ...headers, 'webhook-timestamp': 'yesterday' }, v.body, v.timestamp)).toEqual({
      ok: false,
      reason: 'bad_timestamp',
    });
  });
});
