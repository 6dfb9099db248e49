/**
 * Exact decimal numbers for money and quantities: a bigint of units and a scale
 * (value = units / 10^scale). Parsing accepts what the two APIs send ("375.00", "2.0", "-1",
 * "1234.5678"); nothing here ever passes through a JavaScript float.
 */
export class DecimalError extends Error {
  constructor(readonly input: unknown) {
    super(`Not a decimal number: ${JSON.stringify(input)} (expected digits with an optional sign and decimal point, like "12.50")`);
    this.name = 'DecimalError';
  }
}

type RoundingMode = 'half-up' | 'half-even' | 'down';

const PATTERN = /^([+-])?(\d*)(?:\.(\d*))?$/;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

export class Decimal {
  private constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);

  static parse(input: string | number | bigint): Decimal {
    if (typeof input === 'bigint') return new Decimal(input, 0);
    if (typeof input === 'number') {
      // Integers only: a float has already lost exactness before it gets here.
      if (!Number.isSafeInteger(input)) throw new DecimalError(input);
      return new Decimal(BigInt(input), 0);
    }
    const text = input.trim();
    const m = PATTERN.exec(text);
    if (!m || (!m[2] && !m[3])) throw new DecimalError(input);
    const sign = m[1] === '-' ? -1n : 1n;
    const whole = m[2] || '0';
    const frac = m[3] ?? '';
    return new Decimal(sign * BigInt(whole + frac), frac.length);
  }

  static tryParse(input: unknown): Decimal | undefined {
    if (typeof input !== 'string' && typeof input !== 'number' && typeof input !== 'bigint') return undefined;
    try {
      return Decimal.parse(input);
    } catch {
      return undefined;
    }
  }

  static fromUnits(units: bigint, scale: number): Decimal {
    return new Decimal(units, scale);
  }

  static sum(values: Iterable<Decimal>): Decimal {
    let total = Decimal.ZERO;
    for (const v of values) total = total.add(v);
    return total;
  }

  /** The units of this value at the given scale; throws if that would drop digits. */
  unitsAt(scale: number): bigint {
    if (scale >= this.scale) return this.units * pow10(scale - this.scale);
    const factor = pow10(this.scale - scale);
    if (this.units % factor !== 0n) throw new RangeError(`${this.toString()} has more than ${scale} decimal places`);
    return this.units / factor;
  }

  private aligned(other: Decimal): [bigint, bigint, number] {
    const scale = Math.max(this.scale, other.scale);
    return [this.units * pow10(scale - this.scale), other.units * pow10(scale - other.scale), scale];
  }

  add(other: Decimal): Decimal {
    const [a, b, s] = this.aligned(other);
    return new Decimal(a + b, s);
  }

  sub(other: Decimal): Decimal {
    const [a, b, s] = this.aligned(other);
    return new Decimal(a - b, s);
  }

  mul(other: Decimal): Decimal {
    return new Decimal(this.units * other.units, this.scale + other.scale);
  }

  neg(): Decimal {
    return new Decimal(-this.units, this.scale);
  }

  abs(): Decimal {
    return this.units < 0n ? this.neg() : this;
  }

  cmp(other: Decimal): -1 | 0 | 1 {
    const [a, b] = this.aligned(other);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  eq(other: Decimal): boolean {
    return this.cmp(other) === 0;
  }

  lt(other: Decimal): boolean {
    return this.cmp(other) < 0;
  }

  gt(other: Decimal): boolean {
    return this.cmp(other) > 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  round(scale: number, mode: RoundingMode = 'half-even'): Decimal {
    if (scale >= this.scale) return new Decimal(this.units * pow10(scale - this.scale), scale);
    const factor = pow10(this.scale - scale);
    const negative = this.units < 0n;
    const abs = negative ? -this.units : this.units;
    let q = abs / factor;
    const r = abs % factor;
    if (mode !== 'down' && r !== 0n) {
      const twice = r * 2n;
      if (twice > factor || (twice === factor && (mode === 'half-up' || q % 2n === 1n))) q += 1n;
    }
    return new Decimal(negative ? -q : q, scale);
  }

  /** Fixed notation with exactly `scale` places, rounding half-even when digits are dropped. */
  toFixed(scale: number, mode: RoundingMode = 'half-even'): string {
    return this.round(scale, mode).toString();
  }

  /** Shortest exact form without trailing zeros: "2.50" → "2.5", "3.00" → "3". */
  normalize(): Decimal {
    let { units, scale } = this;
    while (scale > 0 && units % 10n === 0n) {
      units /= 10n;
      scale -= 1;
    }
    return new Decimal(units, scale);
  }

  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString().padStart(this.scale + 1, '0');
    const whole = digits.slice(0, digits.length - this.scale);
    const frac = this.scale > 0 ? '.' + digits.slice(digits.length - this.scale) : '';
    return (negative ? '-' : '') + whole + frac;
  }

  toJSON(): string {
    return this.toString();
  }
}
