/**
 * The wire shapes of bills, their lines and bill payments (docs/api-notes.md#freshbooks-the-resources-we-use): amounts as
 * Money with 2-place strings, `quantity` a STRING, lines carrying `categoryid` AND the nested
 * `category` object (Choice FB-26, docs/api-notes.md: both, so either reader works).
 */
import { billStatus, billTotals, countedPayments, dueDate, lineTotals } from './bill-math.js';
import { serializeCategory } from './categories.js';
import { money } from './money.js';
import type { AccountData, BillLineRecord, BillPaymentRecord, BillRecord } from './state.js';
import { sqlTimestamp, utcDay } from './time.js';
import { serializeVendor } from './vendors.js';

export function serializePayment(p: BillPaymentRecord) {
  return {
    id: p.id,
    billid: p.billid,
    amount: money(p.amount, p.code),
    paid_date: p.paid_date,
    payment_type: p.payment_type,
    note: p.note,
    matched_with_expense: false,
    vis_state: p.vis_state,
  };
}

function serializeLine(account: AccountData, line: BillLineRecord, index: number, code: string) {
  const t = lineTotals(line);
  const category = account.categories.get(line.categoryid);
  return {
    id: line.id,
    list_index: index + 1,
    categoryid: line.categoryid,
    category: category ? serializeCategory(category) : null,
    description: line.description,
    quantity: line.quantity.normalize().toString(),
    unit_cost: money(line.unitCost, code),
    amount: money(t.amount, code),
    total_amount: money(t.total, code),
    // Choice FB-27 (docs/api-notes.md): percents as decimal strings ("13", "8.875").
    tax_name1: line.tax_name1,
    tax_percent1: line.taxPercent1 ? line.taxPercent1.normalize().toString() : null,
    tax_amount1: t.tax1 ? money(t.tax1, code) : null,
    tax_authorityid1: line.tax_authorityid1,
    tax_name2: line.tax_name2,
    tax_percent2: line.taxPercent2 ? line.taxPercent2.normalize().toString() : null,
    tax_amount2: t.tax2 ? money(t.tax2, code) : null,
    tax_authorityid2: line.tax_authorityid2,
    compounded_tax: line.compounded_tax,
  };
}

export function serializeBill(account: AccountData, bill: BillRecord, now: number, opts: { includeVendor?: boolean } = {}) {
  const totals = billTotals(account, bill);
  const code = bill.currency_code;
  const due = dueDate(bill);
  const first = bill.lines[0];
  const json: Record<string, unknown> = {
    id: bill.id,
    vendorid: bill.vendorid,
    bill_number: bill.bill_number,
    status: billStatus(totals, due, utcDay(now)),
    vis_state: bill.vis_state,
    issue_date: bill.issue_date,
    due_offset_days: bill.due_offset_days,
    due_date: due,
    currency_code: code,
    language: bill.language,
    attachment: bill.attachment,
    amount: money(totals.amount, code),
    tax_amount: money(totals.tax, code),
    total_amount: money(totals.total, code),
    paid: money(totals.paid, code),
    outstanding: money(totals.outstanding, code),
    overall_category: first ? (account.categories.get(first.categoryid)?.category ?? null) : null,
    overall_description: first?.description ?? null,
    bill_payments: countedPayments(account, bill.id).map(serializePayment),
    created_at: sqlTimestamp(bill.createdAt),
    updated_at: sqlTimestamp(bill.updatedAt),
    lines: bill.lines.map((line, i) => serializeLine(account, line, i, code)),
  };
  if (opts.includeVendor) {
    const vendor = account.vendors.get(bill.vendorid);
    json.vendor = vendor ? serializeVendor(account, vendor, now) : null;
  }
  return json;
}
