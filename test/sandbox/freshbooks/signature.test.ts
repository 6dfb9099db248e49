/**
 * The signature rule against golden vectors computed with CPython (json.dumps + hmac +
 * base64) and against the tests' own independent implementation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pythonJsonDumps, signFields } from '../../../src/sandbox/freshbooks/index.js';
import { pyDumps } from './py-signature.js';

const EVENT: Array<[string, string]> = [
  ['name', 'bill.update'],
  ['object_id', '7001'],
  ['account_id', 'NWCo01'],
  ['business_id', '7310442'],
  ['identity_id', '4819203'],
  ['user_id', '1'],
];
const TRICKY: Array<[string, string]> = [
  ['name', 'callback.verify'],
  ['note', 'Café "Zürich", 5: ok \u007f \t 😀 \u2028 /x\\y'],
  ['system', 'https://thumbworks.freshbooks.com'],
];

describe('webhook signature (Python json.dumps form)', () => {
  it('matches CPython golden vectors byte for byte', () => {
    expect(pythonJsonDumps(EVENT)).toBe(
      '{"name": "bill.update", "object_id": "7001", "account_id": "NWCo01", "business_id": "7310442", "identity_id": "4819203", "user_id": "1"}',
    );
    expect(signFields(EVENT, 'xf8pxDkZfSXuak7S4qaGQBvxArpMvqR')).toBe('7H/SF0RRfhDI1wBGcmd2I3+zMCYT0V82b66zs1qgtHM=');
    expect(pythonJsonDumps(TRICKY)).toBe(
      '{"name": "callback.verify", "note": "Caf\\u00e9 \\"Z\\u00fcrich\\", 5: ok \\u007f \\t \\ud83d\\ude00 \\u2028 /x\\\\y", "system": "https://thumbworks.freshbooks.com"}',
    );
    expect(signFields(TRICKY, 'vérifier-ü')).toBe('9ZKcT55jK7eZsCdn9YaEIB0h5JJOCNqJbpjJNL+AjcI=');
  });

  it('agrees with an independent implementation on any text, non-ASCII included', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { maxLength: 6 }), (pairs) => pythonJsonDumps(pairs) === pyDumps(pairs)),
      { numRuns: 300 },
    );
  });

  it('is not the HMAC of the raw body, of compact JSON or a hex digest', () => {
    const sig = signFields(EVENT, 'k');
    const compact = JSON.stringify(Object.fromEntries(EVENT));
    expect(pythonJsonDumps(EVENT)).not.toBe(compact);
    expect(sig).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});
