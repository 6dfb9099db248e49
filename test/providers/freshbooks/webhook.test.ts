import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signFreshBooks, signedText, verifyFreshBooks } from '../../../src/providers/freshbooks/webhook.js';

const fb = JSON.parse(readFileSync(new URL('../../fixtures/freshbooks-signatures.json', import.meta.url), 'utf8')) as {
  vectors: Array<{ label: string; verifier: string; body: string; signedText: string; signature: string }>;
};

describe('FreshBooks signature (Python json.dumps rule)', () => {
  it.each(fb.vectors)('matches CPython for $label', (v) => {
    expect(signedText(v.body)).toBe(v.signedText);
    expect(signFreshBooks(v.body, v.verifier)).toBe(v.signature);
    expect(verifyFreshBooks(v.body, v.signature, v.verifier)).toBe(true);
  });

  it('refuses a wrong key, a changed body, a hex digest and a missing header', () => {
    const v = fb.vectors[0]!;
    expect(verifyFreshBooks(v.body, v.signature, 'other')).toBe(false);
    expect(verifyFreshBooks(v.body.replace('1234567', '1234568'), v.signature, v.verifier)).toBe(false);
    expect(verifyFreshBooks(v.body, Buffer.from(v.signature, 'base64').toString('hex'), v.verifier)).toBe(false);
    expect(verifyFreshBooks(v.body, undefined, v.verifier)).toBe(false);
  });
});
