/**
 * Money as text and minor units, per currency.
 *
 * Both APIs carry money as decimal strings ("375.00"); parsing goes straight to `Decimal`, so a
 * float never sees an amount. Formatting never rounds silently: an amount with more digits than
 * its currency has is an error the caller must decide about (`roundMoney` is the explicit way).
 */
import { Decimal } from '../lib/decimal.js';

type MoneyErrorCode = 'not-a-string' | 'empty' | 'malformed' | 'too-precise' | 'unknown-currency';

export class MoneyError extends Error {
  constructor(
    readonly code: MoneyErrorCode,
    message: string,
    readonly input: unknown,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

/** ISO 4217 currencies with no minor unit. */
const ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'UYI',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
/** ISO 4217 currencies with three decimal places. */
const THREE_DECIMAL = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** Digits after the decimal point for a currency: 0 (JPY, KRW, …), 3 (BHD, KWD, JOD, OMR, TND, …), else 2. */
export function minorUnits(currency: string): 0 | 2 | 3 {
  if (!CURRENCY_CODE.test(currency)) {
    throw new MoneyError(
      'unknown-currency',
      `Not a currency code: ${JSON.stringify(currency)} (expected three capital letters, like "USD")`,
      currency,
    );
  }
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/** True when the amount has no more digits than the currency's minor unit ("12.50" USD yes, "12.505" USD no, "1500.00" JPY yes). */
export function isRepresentable(amount: Decimal, currency: string): boolean {
  try {
    amount.unitsAt(minorUnits(currency));
    return true;
  } catch (err) {
    if (err instanceof MoneyError) throw err;
    return false;
  }
}

/** The amount in minor units (cents, yen, fils); throws `too-precise` rather than round. */
export function toMinorUnits(amount: Decimal, currency: string): bigint {
  const scale = minorUnits(currency);
  try {
    return amount.unitsAt(scale);
  } catch {
    throw new MoneyError('too-precise', `${amount.toString()} ${currency} has more than ${scale} decimal places`, amount.toString());
  }
}

export function fromMinorUnits(units: bigint, currency: string): Decimal {
  return Decimal.fromUnits(units, minorUnits(currency));
}

/** The amount with exactly the currency's decimals: "12.50" USD, "1500" JPY, "1.250" BHD. Never rounds. */
export function toMoneyString(amount: Decimal, currency: string): string {
  return fromMinorUnits(toMinorUnits(amount, currency), currency).toString();
}

/** For people: the currency's decimals when the amount fits them ("0.00", "12.50" USD), else as it is; never rounds, never throws. */
export function formatMoney(amount: Decimal, currency: string): string {
  try {
    return isRepresentable(amount, currency) ? amount.toFixed(minorUnits(currency)) : amount.toString();
  } catch (err) {
    if (err instanceof MoneyError) return amount.toString();
    throw err;
  }
}

/** Explicit rounding to the currency's minor unit (half-even unless told), for callers that decide to round. */
export function roundMoney(amount: Decimal, currency: string, mode: 'half-even' | 'half-up' | 'down' = 'half-even'): Decimal {
  return amount.round(minorUnits(currency), mode);
}

const MONEY = /^-?\d+(?:\.\d+)?$/;

/**
 * Parses a money string as the APIs send it: optional minus, digits, optional decimal part
 * ("375.00", "-12.5", "1500"). Surrounding whitespace is ignored. Rejects numbers (a float has
 * already lost exactness), exponents, thousands separators, currency symbols, and — when a
 * currency is given — more digits than that currency has (trailing zeros are fine: "1500.00" JPY).
 */
export function parseMoney(input: unknown, currency?: string): Decimal {
  if (typeof input !== 'string') {
    throw new MoneyError('not-a-string', `Money must be a decimal string like "12.50", got ${typeof input} ${String(input)}`, input);
  }
  const text = input.trim();
  if (text === '') throw new MoneyError('empty', 'Money amount is empty (expected a decimal string like "12.50")', input);
  if (!MONEY.test(text)) throw new MoneyError('malformed', `Not a money amount: ${JSON.stringify(input)} (${whyMalformed(text)})`, input);
  const value = Decimal.parse(text);
  if (currency !== undefined) toMinorUnits(value, currency);
  return value;
}

function whyMalformed(text: string): string {
  if (/^[+-]?\d*\.?\d+e[+-]?\d+$/i.test(text)) return 'no exponents: write the digits out';
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return 'no thousands separators';
  if (/^-?\d+,\d+$/.test(text)) return 'use "." as the decimal point';
  if (/^[+]/.test(text)) return 'no "+" sign';
  if (/^-?\./.test(text)) return 'digits are required before the decimal point, like "0.50"';
  if (/\.$/.test(text)) return 'digits are required after the decimal point';
  if (/[^\d.,+-]/.test(text)) return 'only digits, one "." and a leading "-" are allowed (no currency symbols or codes)';
  return 'expected digits with an optional leading "-" and one "."';
}
