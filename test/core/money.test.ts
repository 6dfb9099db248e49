import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from '../../src/lib/decimal.js';
import {
  fromMinorUnits,
  isRepresentable,
  minorUnits,
  MoneyError,
  parseMoney,
  roundMoney,
  toMinorUnits,
  toMoneyString,
} from '../../src/core/money.js';
import { d } from './fixtures.js';

describe('minorUnits', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['GBP', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['BHD', 3],
    ['KWD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['XYZ', 2],
  ] as const)('%s has %i', (c, n) => {
    expect(minorUnits(c)).toBe(n);
  });

  it('rejects what is not a currency code', () => {
    for (const bad of ['usd', 'US', 'USDD', '', '12$']) expect(() => minorUnits(bad)).toThrow(MoneyError);
  });
});

describe('toMoneyString', () => {
  it('writes exactly the currency decimals', () => {
    expect(toMoneyString(d('12.5'), 'USD')).toBe('12.50');
    expect(toMoneyString(d('1500.00'), 'JPY')).toBe('1500');
    expect(toMoneyString(d('1.25'), 'BHD')).toBe('1.250');
    expect(toMoneyString(d('-0.1'), 'USD')).toBe('-0.10');
    expect(toMoneyString(d('-0'), 'USD')).toBe('0.00');
  });

  it('never rounds: too many digits is an error', () => {
    expect(() => toMoneyString(d('12.505'), 'USD')).toThrow(/more than 2 decimal places/);
    expect(() => toMoneyString(d('10.5'), 'JPY')).toThrow(MoneyError);
    expect(roundMoney(d('12.505'), 'USD').toString()).toBe('12.50');
    expect(roundMoney(d('12.515'), 'USD').toString()).toBe('12.52');
    expect(roundMoney(d('12.505'), 'USD', 'half-up').toString()).toBe('12.51');
  });

  it('minor units round trip', () => {
    expect(toMinorUnits(d('12.34'), 'USD')).toBe(1234n);
    expect(fromMinorUnits(1234n, 'BHD').toString()).toBe('1.234');
    expect(isRepresentable(d('1.230'), 'USD')).toBe(true);
    expect(isRepresentable(d('1.234'), 'USD')).toBe(false);
  });
});

describe('parseMoney', () => {
  it('parses what the APIs send', () => {
    expect(parseMoney('375.00').toString()).toBe('375.00');
    expect(parseMoney(' -12.5 ').toString()).toBe('-12.5');
    expect(parseMoney('1500.00', 'JPY').eq(d('1500'))).toBe(true);
    expect(parseMoney('0.125', 'BHD').toString()).toBe('0.125');
  });

  it.each([
    [12.5, 'not-a-string', /decimal string/],
    [null, 'not-a-string', /decimal string/],
    ['', 'empty', /empty/],
    ['  ', 'empty', /empty/],
    ['1e3', 'malformed', /no exponents/],
    ['1,234.50', 'malformed', /thousands separators/],
    ['12,50', 'malformed', /decimal point/],
    ['+12', 'malformed', /"\+"/],
    ['.5', 'malformed', /before the decimal point/],
    ['5.', 'malformed', /after the decimal point/],
    ['$12.00', 'malformed', /currency symbols/],
    ['12 USD', 'malformed', /currency symbols/],
    ['1.2.3', 'malformed', /expected digits/],
    ['NaN', 'malformed', /currency symbols|expected/],
  ])('rejects %j (%s)', (input, code, message) => {
    try {
      parseMoney(input);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(MoneyError);
      expect((err as MoneyError).code).toBe(code);
      expect((err as MoneyError).message).toMatch(message);
    }
  });

  it('rejects more digits than the currency has', () => {
    expect(() => parseMoney('12.345', 'USD')).toThrow(/more than 2/);
    expect(() => parseMoney('10.5', 'JPY')).toThrow(/more than 0/);
  });
});

const currency = fc.constantFrom('USD', 'EUR', 'JPY', 'KRW', 'BHD', 'KWD', 'TND');
const units = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });

describe('money properties', () => {
  it('parse ∘ format is the identity on amounts the currency can hold', () => {
    fc.assert(
      fc.property(currency, units, (c, u) => {
        const amount = fromMinorUnits(u, c);
        const text = toMoneyString(amount, c);
        expect(parseMoney(text, c).eq(amount)).toBe(true);
        expect(toMoneyString(parseMoney(text, c), c)).toBe(text);
      }),
    );
  });

  it('format ∘ parse is the identity on canonical strings', () => {
    fc.assert(
      fc.property(currency, units, fc.nat(4), (c, u, extraZeros) => {
        const canonical = toMoneyString(fromMinorUnits(u, c), c);
        const padded =
          minorUnits(c) === 0 ? canonical + (extraZeros ? '.' + '0'.repeat(extraZeros) : '') : canonical + '0'.repeat(extraZeros);
        expect(toMoneyString(parseMoney(padded, c), c)).toBe(canonical);
      }),
    );
  });

  it('adds exactly, with no float anywhere ("0.1" + "0.2" = "0.3")', () => {
    expect(toMoneyString(parseMoney('0.1').add(parseMoney('0.2')), 'USD')).toBe('0.30');
    expect(parseMoney('0.1').add(parseMoney('0.2')).eq(parseMoney('0.3'))).toBe(true);
    fc.assert(
      fc.property(fc.array(units, { minLength: 1, maxLength: 20 }), (us) => {
        const sum = Decimal.sum(us.map((u) => parseMoney(toMoneyString(fromMinorUnits(u, 'USD'), 'USD'))));
        expect(toMinorUnits(sum, 'USD')).toBe(us.reduce((a, b) => a + b, 0n));
      }),
    );
  });

  it('amounts beyond float precision survive', () => {
    const big = '90071992547409931.07';
    expect(toMoneyString(parseMoney(big), 'USD')).toBe(big);
  });
});
