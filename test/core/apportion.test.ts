import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion } from '../../src/core/apportion.js';

describe('apportion', () => {
  it('adds up exactly, each part within one unit of its share, for any weights that do not sum to zero', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -10_000n, max: 10_000n }),
        fc.array(fc.bigInt({ min: -500n, max: 500n }), { minLength: 1, maxLength: 8 }),
        (amount, weights) => {
          const sum = weights.reduce((s, w) => s + w, 0n);
          fc.pre(sum !== 0n);
          const parts = apportion(amount, weights, (i, j) => i - j);
          expect(parts.reduce((s, p) => s + p, 0n)).toBe(amount);
          parts.forEach((p, i) => {
            // |p − amount·w/sum| < 1  ⇔  |p·sum − amount·w| < |sum|
            const diff = p * sum - amount * (weights[i] ?? 0n);
            expect(diff < 0n ? -diff : diff).toBeLessThan(sum < 0n ? -sum : sum);
          });
        },
      ),
    );
  });

  it('breaks ties between equal remainders as told', () => {
    expect(apportion(1n, [1n, 1n, 1n], (i, j) => i - j)).toEqual([1n, 0n, 0n]);
    expect(apportion(1n, [1n, 1n, 1n], (i, j) => j - i)).toEqual([0n, 0n, 1n]);
    expect(() => apportion(5n, [1n, -1n], (i, j) => i - j)).toThrow(/sum to zero/);
  });
});
