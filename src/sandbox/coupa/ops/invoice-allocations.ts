/**
 * Split coding of an invoice line (`account-allocations`): parts by percentage or by amount,
 * each on an account, checked as Coupa checks them before it saves the invoice.
 */
import { Decimal } from '../../../lib/decimal.js';
import { CoupaApiError } from '../errors.js';
import { checkPrecision, formatMoney, formatQuantity, readDecimal } from '../money.js';
import type { CoupaState } from '../state.js';
import type { AccountAllocationRecord, AccountRecord, CurrencyRecord } from '../types.js';

const KEY = 'invoice' as const;
const HUNDRED = Decimal.parse('100');
const PERCENT = Decimal.parse('0.01');
/** Places of a percentage worked out from an amount. */
const PCT_SCALE = 2;

export interface AllocationInput {
  /** An account of the chart, by code (`NW-OPS-6100`)… */
  accountCode?: string;
  /** …or by its segments (`["NW", "OPS", "6100"]`). */
  segments?: string[];
  /** A percentage of the line (60 for 60 %)… */
  pct?: string;
  /** …or an amount of it. */
  amount?: string;
}

/** A part as entered: `value` is a percentage or an amount, as `by` says. */
interface Part {
  account: AccountRecord;
  by: 'pct' | 'amount';
  value: Decimal;
}

// Choice CP-49 (docs/api-notes.md): a code must name an account of the chart; segments find it or
// create it, as a chart of accounts that allows dynamic accounts does.
function accountOf(state: CoupaState, input: AllocationInput, label: string): AccountRecord {
  const { accountCode, segments } = input;
  if (segments !== undefined) {
    if (segments.length === 0 || segments.length > 20 || segments.some((s) => s.trim() === '' || s.includes('-')))
      throw CoupaApiError.invalid(KEY, `${label}: segments must be 1 to 20 non-empty values without "-"`);
    const code = segments.map((s) => s.trim()).join('-');
    if (accountCode !== undefined && accountCode.toLowerCase() !== code.toLowerCase())
      throw CoupaApiError.invalid(KEY, `${label}: account code ${accountCode} does not match segments ${code}`);
    return state.findAccount(code) ?? state.addAccount(code);
  }
  if (accountCode !== undefined) return state.accountByCodeOrFail(accountCode, KEY);
  throw CoupaApiError.invalid(KEY, `${label}: Account can't be blank (send accountCode or segments)`);
}

function partOf(state: CoupaState, input: AllocationInput, currency: CurrencyRecord, label: string): Part {
  const account = accountOf(state, input, label);
  if ((input.pct === undefined) === (input.amount === undefined))
    throw CoupaApiError.invalid(KEY, `${label}: give either a pct or an amount`);
  if (input.pct !== undefined) {
    const pct = readDecimal(input.pct, KEY, `${label}: Pct`);
    if (!pct.gt(Decimal.ZERO) || pct.gt(HUNDRED)) throw CoupaApiError.invalid(KEY, `${label}: Pct must be greater than 0 and at most 100`);
    return { account, by: 'pct', value: pct };
  }
  const amount = checkPrecision(readDecimal(input.amount, KEY, `${label}: Amount`), currency.decimals, KEY, `${label}: Amount`);
  if (amount.isZero()) throw CoupaApiError.invalid(KEY, `${label}: Amount must not be 0`);
  return { account, by: 'amount', value: amount };
}

/** part ÷ whole × 100, rounded half-up to PCT_SCALE places; null for a zero whole. */
function percentOf(part: Decimal, whole: Decimal): Decimal | null {
  const scale = Math.max(part.scale, whole.scale);
  const den = whole.unitsAt(scale);
  if (den === 0n) return null;
  const num = part.unitsAt(scale) * 100n * 10n ** BigInt(PCT_SCALE);
  const negative = num < 0n !== den < 0n;
  const [n, d] = [num < 0n ? -num : num, den < 0n ? -den : den];
  const q = (2n * n + d) / (2n * d);
  return Decimal.fromUnits(negative ? -q : q, PCT_SCALE);
}

/**
 * The allocation records of a line whose total is `lineTotal`. Choice CP-48 (docs/api-notes.md):
 * every part of a line is by pct or every part by amount; pcts add up to exactly 100 and amounts
 * to exactly the line total, else the invoice is refused. Amounts from pcts are rounded at the
 * currency's precision and the last part takes what rounding left, so the parts sum to the line.
 */
export function buildAllocations(
  state: CoupaState,
  inputs: readonly AllocationInput[] | undefined,
  lineTotal: Decimal,
  currency: CurrencyRecord,
  lineLabel: string,
): AccountAllocationRecord[] {
  if (!inputs || inputs.length === 0) return [];
  const parts = inputs.map((input, i) => partOf(state, input, currency, `${lineLabel}, account allocation ${i + 1}`));
  const by = parts[0]?.by;
  if (parts.some((p) => p.by !== by))
    throw CoupaApiError.invalid(KEY, `${lineLabel}: account allocations mix pct and amount; use one for every part of a line`);
  const money = (d: Decimal) => formatMoney(d, currency.decimals);
  const sum = Decimal.sum(parts.map((p) => p.value));
  if (by === 'pct') {
    if (!sum.eq(HUNDRED))
      throw CoupaApiError.invalid(KEY, `${lineLabel}: account allocation percentages add up to ${sum.normalize().toString()}, not 100`);
    let given = Decimal.ZERO;
    return parts.map((p, i) => {
      const last = i === parts.length - 1;
      const amount = last ? lineTotal.sub(given) : lineTotal.mul(p.value).mul(PERCENT).round(currency.decimals, 'half-up');
      given = given.add(amount);
      return { id: state.nextId('account_allocation'), accountId: p.account.id, pct: formatQuantity(p.value), amount: money(amount) };
    });
  }
  if (!sum.eq(lineTotal))
    throw CoupaApiError.invalid(KEY, `${lineLabel}: account allocations add up to ${money(sum)}, not the line total ${money(lineTotal)}`);
  return parts.map((p) => {
    const pct = percentOf(p.value, lineTotal);
    return {
      id: state.nextId('account_allocation'),
      accountId: p.account.id,
      pct: pct ? formatQuantity(pct) : null,
      amount: money(p.value),
    };
  });
}
