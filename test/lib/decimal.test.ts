import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, DecimalError } from '../../src/lib/decimal.js';

describe('Decimal', () => {
  it('parses what the APIs send and prints it back exactly', () => {
    expect(Decimal.parse('375.00').toString()).toBe('375.00');
    expect(Decimal.parse('2.0').toString()).toBe('2.0');
    expect(Decimal.parse('-1.5').toString()).toBe('-1.5');
    expect(Decimal.parse('.5').toString()).toBe('0.5');
    expect(Decimal.parse(12).toString()).toBe('12');
    for (const bad of ['', 'abc', '1.2.3', '1e5', '--1', '1,5']) expect(() => Decimal.parse(bad)).toThrow(DecimalError);
    expect(() => Decimal.parse(0.1)).toThrow(DecimalError);
  });

  it('adds, multiplies and rounds without floats', () => {
    expect(Decimal.parse('0.1').add(Decimal.parse('0.2')).toString()).toBe('0.3');
    expect(Decimal.parse('2').mul(Decimal.parse('40.005')).toFixed(2)).toBe('80.01');
    expect(Decimal.parse('2.345').toFixed(2)).toBe('2.34');
    expect(Decimal.parse('2.345').toFixed(2, 'half-up')).toBe('2.35');
    expect(Decimal.parse('-2.355').toFixed(2, 'half-up')).toBe('-2.36');
    expect(Decimal.parse('1.50').normalize().toString()).toBe('1.5');
  });

  it('round-trips any fixed-point string', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 8 }), (units, scale) => {
        const d = Decimal.fromUnits(units, scale);
        expect(Decimal.parse(d.toString()).eq(d)).toBe(true);
        expect(Decimal.parse(d.toString()).toString()).toBe(d.toString());
      }),
    );
  });

  it('addition is exact and commutative', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (a, b) => {
        const x = Decimal.fromUnits(a, 2);
        const y = Decimal.fromUnits(b, 3);
        expect(x.add(y).eq(y.add(x))).toBe(true);
        expect(x.add(y).sub(y).eq(x)).toBe(true);
      }),
    );
  });
});
