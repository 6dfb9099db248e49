/** Random money and quantities as exact decimal strings (integer units; never a float). */
import { Decimal } from '../../lib/decimal.js';
import type { Random } from '../../lib/random.js';

const CURRENCY_DECIMALS: Readonly<Record<string, number>> = { USD: 2, CAD: 2, EUR: 2, GBP: 2, JPY: 0 };

// Rough price levels per currency, so a JPY invoice is in the hundreds of thousands.
const SCALE: Readonly<Record<string, bigint>> = { USD: 1n, CAD: 1n, EUR: 1n, GBP: 1n, JPY: 150n };

function decimalsOf(currency: string): number {
  return CURRENCY_DECIMALS[currency] ?? 2;
}

/** A price between min and max (whole currency units, USD-ish), at the currency's precision. */
export function randomPrice(rng: Random, min: number, max: number, currency: string): string {
  const decimals = decimalsOf(currency);
  const scale = SCALE[currency] ?? 1n;
  const whole = BigInt(rng.int(min, max)) * scale;
  if (decimals === 0) return whole.toString();
  // Mostly round prices, sometimes odd cents.
  const cents = rng.pick([0n, 0n, 0n, 50n, 99n, BigInt(rng.int(1, 98))]);
  return Decimal.fromUnits(whole * 100n + cents, 2).toString();
}

export function randomQuantity(rng: Random, fractional = false): string {
  if (fractional && rng.chance(0.4)) return `${rng.int(1, 40)}.5`;
  return String(rng.int(1, 24));
}

export function lineTotal(quantity: string | null | undefined, price: string, currency: string): Decimal {
  const p = Decimal.parse(price);
  const total = quantity === null || quantity === undefined ? p : Decimal.parse(quantity).mul(p);
  return total.round(decimalsOf(currency), 'half-up');
}

/** numerator/denominator of `value`, rounded down to the currency's precision. */
export function portion(value: Decimal, numerator: number, denominator: number, currency: string): Decimal {
  const d = decimalsOf(currency);
  const units = value.round(d, 'half-up').unitsAt(d);
  return Decimal.fromUnits((units * BigInt(numerator)) / BigInt(denominator), d);
}

export function money(value: Decimal, currency: string): string {
  return value.toFixed(decimalsOf(currency), 'half-up');
}
