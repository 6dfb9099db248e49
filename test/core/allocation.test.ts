import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from '../../src/lib/decimal.js';
import { allocatePayment, type AllocationLine } from '../../src/core/allocation.js';
import { fromMinorUnits, minorUnits, toMinorUnits } from '../../src/core/money.js';
import type { Allocation } from '../../src/core/records.js';
import { d } from './fixtures.js';

const line = (total: string, ...segments: string[]): AllocationLine => ({ total: d(total), segments });
const show = (as: Allocation[]) => as.map((a) => [a.costCentre, a.amount.toString(), a.share.toString()]);

describe('allocatePayment', () => {
  it('splits pro rata to the lines’ totals grouped by the chosen segment', () => {
    const lines = [line('300.00', 'SF', 'IT'), line('100.00', 'SF', 'Legal'), line('100.00', 'NY', 'IT')];
    expect(show(allocatePayment(d('100.00'), 'USD', lines, 2))).toEqual([
      ['IT', '80.00', '0.800000'],
      ['Legal', '20.00', '0.200000'],
    ]);
    expect(show(allocatePayment(d('100.00'), 'USD', lines, 1))).toEqual([
      ['NY', '20.00', '0.200000'],
      ['SF', '80.00', '0.800000'],
    ]);
  });

  it('puts lines without the segment in the unassigned bucket, listed last', () => {
    const lines = [line('50', 'A'), line('50'), line('50', 'B', ''), line('50', '  ')];
    expect(show(allocatePayment(d('40.00'), 'USD', lines, 1))).toEqual([
      ['A', '10.00', '0.250000'],
      ['B', '10.00', '0.250000'],
      [null, '20.00', '0.500000'],
    ]);
  });

  it('gives remainders to the largest fractions, then larger weights, then names', () => {
    // 100.00 in three equal parts: 33.33 each, one cent left: tie on remainder and weight → first by name.
    expect(show(allocatePayment(d('100.00'), 'USD', [line('1', 'C'), line('1', 'A'), line('1', 'B')], 1)).map((r) => r[1])).toEqual([
      '33.34',
      '33.33',
      '33.33',
    ]);
    // 0.05 over 2:1 → exact 0.0333…, 0.0166…: A 3 cents + remainder 1/3, B 1 cent + remainder 2/3 → B gets the cent.
    expect(show(allocatePayment(d('0.05'), 'USD', [line('2', 'A'), line('1', 'B')], 1)).map((r) => r[1])).toEqual(['0.03', '0.02']);
  });

  it('allocates in whole yen and in fils', () => {
    expect(show(allocatePayment(d('1000'), 'JPY', [line('1', 'A'), line('2', 'B')], 1)).map((r) => r[1])).toEqual(['333', '667']);
    expect(show(allocatePayment(d('1.000'), 'BHD', [line('1', 'A'), line('2', 'B')], 1)).map((r) => r[1])).toEqual(['0.333', '0.667']);
  });

  it('lets a credit line reduce its cost centre, down to a negative allocation', () => {
    const lines = [line('150.00', 'A'), line('-50.00', 'B'), line('20.00', 'C'), line('-20.00', 'C')];
    expect(show(allocatePayment(d('100.00'), 'USD', lines, 1))).toEqual([
      ['A', '150.00', '1.500000'],
      ['B', '-50.00', '-0.500000'],
    ]);
  });

  it('puts everything in unassigned when the lines net to zero or there are none', () => {
    expect(show(allocatePayment(d('10.00'), 'USD', [], 1))).toEqual([[null, '10.00', '1.000000']]);
    expect(show(allocatePayment(d('10.00'), 'USD', [line('5', 'A'), line('-5', 'B')], 1))).toEqual([[null, '10.00', '1.000000']]);
  });

  it('handles a zero and a negative payment', () => {
    expect(show(allocatePayment(d('0'), 'USD', [line('1', 'A'), line('3', 'B')], 1)).map((r) => r[1])).toEqual(['0.00', '0.00']);
    expect(show(allocatePayment(d('-0.03'), 'USD', [line('1', 'A'), line('1', 'B')], 1)).map((r) => r[1])).toEqual(['-0.01', '-0.02']);
  });

  it('refuses a payment the currency cannot hold and a bad segment index', () => {
    expect(() => allocatePayment(d('1.005'), 'USD', [line('1', 'A')], 1)).toThrow(/more than 2/);
    expect(() => allocatePayment(d('1'), 'USD', [line('1', 'A')], 0)).toThrow(/1 or more/);
  });
});

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

const currency = fc.constantFrom('USD', 'JPY', 'BHD', 'EUR');
const segmentValue = fc.constantFrom('A', 'B', 'C', 'D', 'Ops', '', ' ');
const lineArb = fc.record({
  units: fc.bigInt({ min: -100_000n, max: 10_000_000n }),
  scale: fc.constantFrom(0, 2, 3),
  segments: fc.array(segmentValue, { maxLength: 3 }),
});
const input = fc.record({
  c: currency,
  payment: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
  raw: fc.array(lineArb, { maxLength: 12 }),
  segmentIndex: fc.integer({ min: 1, max: 3 }),
});

type Input = typeof input extends fc.Arbitrary<infer T> ? T : never;

function build({ c, payment, raw, segmentIndex }: Input) {
  const lines = raw.map((r) => ({ total: Decimal.fromUnits(r.units, r.scale), segments: r.segments }));
  return { amount: fromMinorUnits(payment, c), c, lines, segmentIndex };
}

describe('allocation properties', () => {
  it('allocations always sum exactly to the payment', () => {
    fc.assert(
      fc.property(input, (i) => {
        const { amount, c, lines, segmentIndex } = build(i);
        const out = allocatePayment(amount, c, lines, segmentIndex);
        const sum = out.reduce((s, a) => s + toMinorUnits(a.amount, c), 0n);
        expect(sum).toBe(toMinorUnits(amount, c));
        for (const a of out) expect(a.amount.scale).toBe(minorUnits(c));
      }),
      { numRuns: 1000 },
    );
  });

  it('each allocation is within one minor unit of its exact pro-rata share', () => {
    fc.assert(
      fc.property(input, (i) => {
        const { amount, c, lines, segmentIndex } = build(i);
        const out = allocatePayment(amount, c, lines, segmentIndex);
        const scale = Math.max(0, ...lines.map((l) => l.total.scale));
        const groups = new Map<string | null, bigint>();
        for (const l of lines) {
          const key = l.segments[segmentIndex - 1]?.trim() || null;
          groups.set(key, (groups.get(key) ?? 0n) + l.total.unitsAt(scale));
        }
        const W = [...groups.values()].reduce((s, w) => s + w, 0n);
        const A = toMinorUnits(amount, c);
        if (W === 0n) {
          expect(out).toHaveLength(1);
          expect(out[0]!.costCentre).toBeNull();
          return;
        }
        const absW = W < 0n ? -W : W;
        for (const a of out) {
          const w = groups.get(a.costCentre)!;
          // |alloc − A·w/W| < 1  ⇔  |alloc·W − A·w| < |W|
          const diff = toMinorUnits(a.amount, c) * W - A * w;
          expect(diff < 0n ? -diff : diff).toBeLessThan(absW);
        }
        // Every non-zero cost centre appears exactly once.
        expect(out.map((a) => a.costCentre).sort()).toEqual(
          [...groups]
            .filter(([, w]) => w !== 0n)
            .map(([k]) => k)
            .sort(),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('is deterministic and ignores the order of the lines', () => {
    fc.assert(
      fc.property(input, fc.integer(), (i, seed) => {
        const { amount, c, lines, segmentIndex } = build(i);
        const shuffled = [...lines]
          .map((l, k) => ({ l, k: (k * 7919 + seed) % 104729 }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.l);
        const a = allocatePayment(amount, c, lines, segmentIndex);
        expect(show(allocatePayment(amount, c, lines, segmentIndex))).toEqual(show(a));
        expect(show(allocatePayment(amount, c, shuffled, segmentIndex))).toEqual(show(a));
      }),
      { numRuns: 500 },
    );
  });
});
