/**
 * Splitting a whole number of minor units in proportion to weights, exactly: the largest
 * remainder method. Each part is the floor of its exact share, and the units left over go one
 * each to the largest remainders, so the parts always add up to the amount and each is within
 * one unit of its exact share. Used for a payment over cost centres (allocation.ts) and a
 * discount over bill lines (bill-charges.ts).
 */

/**
 * `amount` split by `weights` (signed; their sum must not be zero). Ties between equal
 * remainders are broken by `tieBreak` on the weights' indexes (negative: the first goes first).
 */
export function apportion(amount: bigint, weights: readonly bigint[], tieBreak: (i: number, j: number) => number): bigint[] {
  const sum = weights.reduce((s, w) => s + w, 0n);
  if (sum === 0n) throw new RangeError('apportion: the weights sum to zero');
  // exact_i = amount * w_i / sum; with a positive denominator, floor and remainder are exact integers.
  const sign = sum < 0n ? -1n : 1n;
  const den = sum * sign;
  const parts = weights.map((w, i) => {
    const num = amount * w * sign;
    const floor = floorDiv(num, den);
    return { i, floor, remainder: num - floor * den };
  });
  let left = amount - parts.reduce((s, p) => s + p.floor, 0n);
  // 0 <= left < parts.length, because each remainder is below one unit and they add up to `left` units.
  const byRemainder = [...parts].sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : tieBreak(a.i, b.i)));
  for (const p of byRemainder) {
    if (left <= 0n) break;
    p.floor += 1n;
    left -= 1n;
  }
  return parts.map((p) => p.floor);
}

export function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n ? q - 1n : q;
}
