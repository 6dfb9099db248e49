/**
 * FreshBooks money: `{"amount": "375.00", "code": "USD"}` with the amount a decimal string,
 * two places in responses. Held as exact decimals; never a JS float.
 */
import { Decimal } from '../../lib/decimal.js';

export interface MoneyJson {
  amount: string;
  code: string;
}

/** Money rounding. Choice FB-29 (docs/api-notes.md): half-up to the cent. */
export function roundMoney(value: Decimal): Decimal {
  return value.round(2, 'half-up');
}

export function money(value: Decimal, code: string): MoneyJson {
  return { amount: roundMoney(value).toString(), code };
}

/**
 * A decimal from a request value. JSON numbers arrive already parsed; their shortest decimal
 * form (`String(12.5)` = "12.5") is the literal the client wrote, so no float arithmetic happens.
 */
export function decimalFromInput(value: unknown): Decimal | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Decimal.tryParse(String(value)) : undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : Decimal.tryParse(value);
  return undefined;
}

/** Decimal places actually used ("12.50" → 1, "3.000" → 0). */
export function placesUsed(value: Decimal): number {
  return value.normalize().scale;
}

export const CURRENCY = /^[A-Z]{3}$/;
