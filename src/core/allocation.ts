/**
 * Allocation of a payment to cost centres, for the payment recorded on a Coupa invoice.
 *
 * Coupa has no cost-centre field: it is one segment of each line's account (which one is the
 * tenant's choice). The payment is split pro rata to the invoice lines' totals grouped by that
 * segment's value. Rules:
 * - Lines without the segment (blank or missing) form the "unassigned" bucket (costCentre
 *   null): their share is still accounted for, never spread over the others.
 * - A line coded to several accounts (Coupa's `account-allocations`, a percentage or an amount
 *   per account) is split first: each part weighs as much as its share of the line, under its
 *   own account's segment.
 * - Weights are the signed net totals per cost centre: a credit line reduces its cost
 *   centre's share, and a cost centre whose lines net to a credit gets a negative allocation
 *   (paying the invoice settles that credit too). Cost centres netting to zero get nothing and
 *   are left out.
 * - If the lines net to zero (or there are none), pro rata is undefined: the whole payment goes
 *   to the unassigned bucket.
 * - Exactness: computed in the currency's minor units with the largest-remainder method, so
 *   the allocations always sum exactly to the payment, and each is within one minor unit of
 *   its exact share (floor, plus one unit for the largest remainders).
 * - Determinism: ties between equal remainders go to the larger weight, then to cost centres
 *   in code-unit order (unassigned last); the result is listed in that same name order. The
 *   order of the input lines never matters.
 */
import { Decimal } from '../lib/decimal.js';
import { apportion, floorDiv } from './apportion.js';
import { fromMinorUnits, toMinorUnits } from './money.js';
import type { Allocation, InvoiceLine } from './records.js';

/** Places kept in `share` (informational: the amounts are exact, the share is rounded half-even). */
const SHARE_SCALE = 6;

export type AllocationLine = Pick<InvoiceLine, 'total' | 'segments' | 'accountAllocations'>;

/**
 * Splits `amount` (in `currency`, must fit its minor unit) over the cost centres found in
 * segment `segmentIndex` (1-based: segment-1 is 1, as Coupa names them) of the lines.
 */
export function allocatePayment(amount: Decimal, currency: string, lines: readonly AllocationLine[], segmentIndex: number): Allocation[] {
  if (!Number.isInteger(segmentIndex) || segmentIndex < 1) {
    throw new RangeError(`segmentIndex must be 1 or more (segment-1 is 1), got ${segmentIndex}`);
  }
  const payment = toMinorUnits(amount, currency);
  const groups = weights(lines, segmentIndex);
  const total = groups.reduce((s, g) => s + g.weight, 0n);

  if (total === 0n) {
    return [{ costCentre: null, amount: fromMinorUnits(payment, currency), share: Decimal.parse(1).round(SHARE_SCALE) }];
  }

  const amounts = apportion(
    payment,
    groups.map((g) => g.weight),
    // Ties go to the larger weight, then by name.
    (i, j) => {
      const [a, b] = [groups[i], groups[j]];
      return a && b ? cmpBig(abs(b.weight), abs(a.weight)) || byName(a.costCentre, b.costCentre) : 0;
    },
  );
  const sign = total < 0n ? -1n : 1n;
  return groups
    .map((g, i) => ({
      costCentre: g.costCentre,
      amount: fromMinorUnits(amounts[i] ?? 0n, currency),
      share: ratio(g.weight * sign, total * sign, SHARE_SCALE),
    }))
    .sort((a, b) => byName(a.costCentre, b.costCentre));
}

interface Group {
  costCentre: string | null;
  /** Net line total, as an integer at the lines' common scale. */
  weight: bigint;
}

function weights(lines: readonly AllocationLine[], segmentIndex: number): Group[] {
  const pieces = lines.flatMap((line) => piecesOf(line));
  const scale = pieces.reduce((s, p) => Math.max(s, p.amount.scale), 0);
  const sums = new Map<string | null, bigint>();
  for (const piece of pieces) {
    const value = piece.segments[segmentIndex - 1]?.trim();
    const key = value ? value : null;
    sums.set(key, (sums.get(key) ?? 0n) + piece.amount.unitsAt(scale));
  }
  return [...sums].filter(([, w]) => w !== 0n).map(([costCentre, weight]) => ({ costCentre, weight }));
}

const PERCENT = Decimal.parse('0.01');

/**
 * A line's parts by account: its split coding when it has one (an amount per account, or a
 * percentage of the line: `pct` is a percentage, as Coupa sends it), else the line itself.
 * A percentage part is the exact product, not rounded: only proportions matter here.
 */
function piecesOf(line: AllocationLine): Array<{ segments: readonly string[]; amount: Decimal }> {
  const split = line.accountAllocations ?? [];
  if (split.length === 0) return [{ segments: line.segments, amount: line.total }];
  return split.map((part) => ({
    segments: part.segments,
    amount: part.amount ?? line.total.mul(part.pct ?? Decimal.ZERO).mul(PERCENT),
  }));
}

/**
 * One payment's part of a running total: the split of everything paid on the invoice so far
 * (this payment included), less what earlier payments were given. Rounding is done once, on
 * the total, so partial payments never drift: three payments of 100.00 over three equal cost
 * centres give 33.34/33.33/33.33, then 33.33/33.34/33.33, then 33.33/33.33/33.34 — 100.00
 * each, and 100.00 per cost centre in the end.
 */
export function allocateCumulative(
  amount: Decimal,
  paidBefore: Decimal,
  allocatedBefore: readonly Pick<Allocation, 'costCentre' | 'amount'>[],
  currency: string,
  lines: readonly AllocationLine[],
  segmentIndex: number,
): Allocation[] {
  const total = allocatePayment(paidBefore.add(amount), currency, lines, segmentIndex);
  const before = new Map<string | null, Decimal>();
  for (const a of allocatedBefore) before.set(a.costCentre, (before.get(a.costCentre) ?? Decimal.ZERO).add(a.amount));
  const out: Allocation[] = [];
  for (const a of total) {
    const part = a.amount.sub(before.get(a.costCentre) ?? Decimal.ZERO);
    before.delete(a.costCentre);
    if (!part.isZero()) out.push({ costCentre: a.costCentre, amount: part, share: a.share });
  }
  // A cost centre given money before but none of the running total now (the lines changed): give it back.
  for (const [costCentre, given] of before) {
    if (!given.isZero()) out.push({ costCentre, amount: given.neg(), share: Decimal.ZERO.round(SHARE_SCALE) });
  }
  return out.sort((a, b) => byName(a.costCentre, b.costCentre));
}

/** num/den (den > 0) as a decimal rounded half-even to `scale` places. */
function ratio(num: bigint, den: bigint, scale: number): Decimal {
  const scaled = num * 10n ** BigInt(scale);
  const q = floorDiv(scaled, den);
  const twice = (scaled - q * den) * 2n;
  const up = twice > den || (twice === den && q % 2n !== 0n);
  return Decimal.fromUnits(up ? q + 1n : q, scale);
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Cost centres by code units, the unassigned bucket last. */
function byName(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
