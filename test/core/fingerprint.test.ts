import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, fingerprint } from '../../src/core/fingerprint.js';
import { billFromPurchaseOrder } from '../../src/core/bill-mapping.js';
import { d, po, poLine } from './fixtures.js';

describe('canonicalJson', () => {
  it('sorts keys, drops undefined, normalises decimals', () => {
    expect(canonicalJson({ b: 1, a: [d('2.50'), undefined, null], c: undefined, e: { z: 'x', y: true } })).toBe(
      '{"a":["2.5",null,null],"b":1,"e":{"y":true,"z":"x"}}',
    );
    expect(canonicalJson({ n: -0, big: 12n })).toBe('{"big":"12","n":0}');
  });

  it('refuses what is not plain data', () => {
    expect(() => canonicalJson({ when: new Date(0) })).toThrow(/Date/);
    expect(() => canonicalJson(new Map())).toThrow(/Map/);
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/NaN/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/contains itself/);
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { a: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"a":1},{"a":1}]');
  });
});

describe('fingerprint', () => {
  const mapping = { defaultCategoryId: 'c' };

  it('is a sha256 hex digest, stable across key order and decimal spelling', () => {
    const a = fingerprint({ amount: d('10.0'), currency: 'USD' });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint({ currency: 'USD', amount: d('10.00') })).toBe(a);
    expect(fingerprint({ currency: 'USD', amount: d('10.01') })).not.toBe(a);
  });

  it('changes when something that maps changes, not otherwise', () => {
    const base = fingerprint(billFromPurchaseOrder(po(), 'v', mapping));
    expect(fingerprint(billFromPurchaseOrder(po({ version: 2, updatedAt: '2026-01-01T00:00:00Z', exported: true }), 'v', mapping))).toBe(
      base,
    );
    expect(fingerprint(billFromPurchaseOrder(po({ lines: [poLine({ quantity: d('2.00') })] }), 'v', mapping))).toBe(base);
    expect(fingerprint(billFromPurchaseOrder(po({ lines: [poLine({ description: 'Widgets' })] }), 'v', mapping))).not.toBe(base);
    expect(fingerprint(billFromPurchaseOrder(po(), 'v2', mapping))).not.toBe(base);
    expect(fingerprint(billFromPurchaseOrder(po({ paymentTermDays: 31 }), 'v', mapping))).not.toBe(base);
  });

  it('does not depend on key insertion order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(fingerprint(reversed)).toBe(fingerprint(obj));
      }),
    );
  });
});
