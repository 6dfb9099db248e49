/**
 * A bill's derived fields, exact to the cent (docs/api-notes.md#freshbooks-the-resources-we-use):
 *   line.amount       = round2(quantity × unit_cost)
 *   line.tax_amountN  = round2(line.amount × tax_percentN / 100)   (per line, then summed)
 *   bill.amount       = Σ line.amount          bill.tax_amount = Σ line taxes
 *   bill.total_amount = amount + tax_amount    bill.paid = Σ payments not deleted
 *   bill.outstanding  = total_amount − paid    bill.due_date = issue_date + due_offset_days
 */
import { mustGet } from '../guards.js';
import { Decimal } from '../../lib/decimal.js';
import { roundMoney } from './money.js';
import type { AccountData, BillLineRecord, BillPaymentRecord, BillRecord } from './state.js';
import { addDays } from './time.js';

interface LineTotals {
  amount: Decimal;
  tax1: Decimal | null;
  tax2: Decimal | null;
  total: Decimal;
}

/** base × percent / 100, rounded to the cent (dividing by 100 is two more decimal places). */
function percentOf(base: Decimal, percent: Decimal): Decimal {
  const product = base.mul(percent);
  return roundMoney(Decimal.fromUnits(product.units, product.scale + 2));
}

export function lineTotals(line: BillLineRecord): LineTotals {
  const amount = roundMoney(line.quantity.mul(line.unitCost));
  const tax1 = line.taxPercent1 ? percentOf(amount, line.taxPercent1) : null;
  // Choice FB-28 (docs/api-notes.md): with `compounded_tax`, tax 2 is charged on amount + tax 1.
  const base2 = line.compounded_tax && tax1 ? amount.add(tax1) : amount;
  const tax2 = line.taxPercent2 ? percentOf(base2, line.taxPercent2) : null;
  return { amount, tax1, tax2, total: amount.add(tax1 ?? Decimal.ZERO).add(tax2 ?? Decimal.ZERO) };
}

interface BillTotals {
  amount: Decimal;
  tax: Decimal;
  total: Decimal;
  paid: Decimal;
  outstanding: Decimal;
}

/**
 * Payments that count toward `paid`: every one not deleted. Choice FB-30 (docs/api-notes.md):
 * an archived payment still counts.
 */
export function countedPayments(account: AccountData, billId: number): BillPaymentRecord[] {
  const ids = [...(account.paymentsByBill.get(billId) ?? [])].sort((a, b) => a - b);
  return ids.map((id) => mustGet(account.payments, id, 'bill payment')).filter((p) => p.vis_state !== 1);
}

export function linesTotals(lines: readonly BillLineRecord[]): { amount: Decimal; tax: Decimal; total: Decimal } {
  let amount = Decimal.ZERO;
  let tax = Decimal.ZERO;
  for (const line of lines) {
    const t = lineTotals(line);
    amount = amount.add(t.amount);
    tax = tax.add(t.tax1 ?? Decimal.ZERO).add(t.tax2 ?? Decimal.ZERO);
  }
  return { amount, tax, total: amount.add(tax) };
}

export function billTotals(account: AccountData, bill: BillRecord): BillTotals {
  const { amount, tax, total } = linesTotals(bill.lines);
  const paid = Decimal.sum(countedPayments(account, bill.id).map((p) => p.amount));
  return { amount, tax, total, paid, outstanding: total.sub(paid) };
}

export function dueDate(bill: BillRecord): string {
  return addDays(bill.issue_date, bill.due_offset_days);
}

type BillStatus = 'unpaid' | 'partial' | 'paid' | 'overdue';

/**
 * Status precedence (Choice FB-31, docs/api-notes.md), in this order:
 *   paid     nothing outstanding (a zero-total bill is paid)
 *   overdue  due_date before today with something outstanding, even if partly paid
 *            ("today" is the UTC date of the injected clock, not the business's timezone)
 *   partial  something paid, something outstanding
 *   unpaid   nothing paid
 */
export function billStatus(totals: BillTotals, due: string, today: string): BillStatus {
  if (!totals.outstanding.gt(Decimal.ZERO)) return 'paid';
  if (due < today) return 'overdue';
  if (totals.paid.gt(Decimal.ZERO)) return 'partial';
  return 'unpaid';
}
