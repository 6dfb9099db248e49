/**
 * Decimal strings as Coupa writes them: money at the currency's precision ("100.00", JPY
 * "5000"), quantities like Rails prints a BigDecimal ("2.0", "1.5"). Never a JS float.
 */
import { Decimal } from '../../lib/decimal.js';
import { CoupaApiError, type ErrorKey } from './errors.js';

// Choice CP-22 (docs/api-notes.md): money is rendered at the currency's decimals (JPY has none).
export function formatMoney(value: Decimal, decimals: number): string {
  return value.toFixed(decimals, 'half-up');
}

export function formatQuantity(value: Decimal): string {
  const n = value.normalize();
  return n.scale === 0 ? `${n.toString()}.0` : n.toString();
}

/** Reads a decimal from a request: a string ("12.50") or an integer; a JS float is refused. */
export function readDecimal(input: unknown, key: ErrorKey, label: string): Decimal {
  if (typeof input === 'number' && !Number.isSafeInteger(input)) {
    // Floats from JSON bodies are read through their shortest text form, which is what Rails
    // would do with a JSON number; it is exact for anything a client should send.
    const parsed = Decimal.tryParse(String(input));
    if (parsed && /^-?\d+(\.\d+)?$/.test(String(input))) return parsed;
  }
  const d = Decimal.tryParse(input);
  if (!d) throw CoupaApiError.invalid(key, `${label} is not a number`);
  return d;
}

/** Refuses more decimal places than the currency has. */
export function checkPrecision(value: Decimal, decimals: number, key: ErrorKey, label: string): Decimal {
  const n = value.normalize();
  if (n.scale > decimals) {
    // Choice CP-23 (docs/api-notes.md): more decimals than the currency has are refused, not rounded.
    throw CoupaApiError.invalid(key, `${label} has more than ${decimals} decimal places for this currency`);
  }
  return n;
}
