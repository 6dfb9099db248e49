/**
 * Bills (`bills/bills`): create, edit, archive/delete by vis_state. The derived amounts and the
 * status live in bill-math.ts; the wire shape in bill-json.ts.
 */
import { Decimal } from '../../lib/decimal.js';
import { billStatus, billTotals, dueDate, linesTotals } from './bill-math.js';
import { ERRNO, NotFoundError, ValidationError } from './errors.js';
import { placesUsed } from './money.js';
import type { SearchField, SortField } from './search.js';
import { visEvent, type AccountData, type BillLineRecord, type BillRecord, type SandboxState } from './state.js';
import { utcDay } from './time.js';
import { BodyReader, isObject, present, readVisState, type Json } from './validation.js';

const OBJECT = 'bill';

/** Choice FB-55 (docs/api-notes.md): the most lines one bill may carry. */
const MAX_LINES = 100;
/** Choice FB-56 (docs/api-notes.md): the longest line description, in characters. */
const MAX_DESCRIPTION = 255;
/** Choice FB-57 (docs/api-notes.md): the decimal places a line quantity may use. */
const QUANTITY_PLACES = 2;

export function getBill(account: AccountData, id: number | undefined): BillRecord {
  const bill = id === undefined ? undefined : account.bills.get(id);
  if (!bill) throw new NotFoundError(OBJECT, 'billid', String(id ?? ''));
  return bill;
}

/** A referenced vendor must exist in the account and not be deleted. */
function checkVendor(reader: BodyReader, account: AccountData, vendorid: number | undefined): void {
  if (vendorid === undefined) return;
  const vendor = account.vendors.get(vendorid);
  // Choice FB-17 (docs/api-notes.md): a bad reference in a body is errno 1012 (unknown) or 1011 (deleted).
  if (!vendor) reader.fail(ERRNO.UnknownResource, 'vendorid', 'Vendor not found.', String(vendorid));
  else if (vendor.vis_state === 1) reader.fail(ERRNO.DeletedResource, 'vendorid', 'Vendor is deleted.', String(vendorid));
}

/**
 * One request line. Choice FB-19 (docs/api-notes.md): categoryid, quantity and unit_cost are required.
 * Choice FB-20 (docs/api-notes.md): a unit cost with more than two decimals is refused (errno 1004), not rounded.
 * Choice FB-57 (docs/api-notes.md): so is a quantity with more than two.
 * Choice FB-54 (docs/api-notes.md): `tax_name1`/`tax_name2` are free text kept on the line, whether
 * or not the business has a tax of that name; the percent sent is the one charged.
 */
function readLine(
  state: SandboxState,
  account: AccountData,
  item: unknown,
  index: number,
  currency: string | undefined,
  errors: BodyReader,
): BillLineRecord | undefined {
  const r = new BodyReader(OBJECT, isObject(item) ? item : {}, `lines[${index}].`);
  const categoryid = r.int('categoryid', { required: true });
  if (categoryid !== undefined && !account.categories.has(categoryid))
    r.fail(ERRNO.UnknownResource, 'categoryid', 'Expense category not found.', String(categoryid));
  const quantity = r.decimal('quantity', { required: true, nonNegative: true });
  if (quantity && placesUsed(quantity) > QUANTITY_PLACES)
    r.fail(ERRNO.InvalidValue, 'quantity', `At most ${QUANTITY_PLACES} decimal places.`, quantity.toString());
  const unitCost = r.money('unit_cost', { required: true });
  if (unitCost) {
    if (unitCost.code !== undefined && currency !== undefined && unitCost.code !== currency) {
      r.fail(ERRNO.InvalidValue, 'unit_cost.code', `Must match the bill currency ${currency}.`, unitCost.code);
    }
    if (placesUsed(unitCost.amount) > 2)
      r.fail(ERRNO.InvalidValue, 'unit_cost.amount', 'At most two decimal places.', unitCost.amount.toString());
    if (unitCost.amount.isNegative())
      r.fail(ERRNO.InvalidNegativeValue, 'unit_cost.amount', 'Must not be negative.', unitCost.amount.toString());
  }
  const line: Omit<BillLineRecord, 'id' | 'categoryid' | 'quantity' | 'unitCost'> = {
    description: r.string('description', { maxLength: MAX_DESCRIPTION }) ?? null,
    tax_name1: r.string('tax_name1') ?? null,
    tax_name2: r.string('tax_name2') ?? null,
    taxPercent1: r.percent('tax_percent1'),
    taxPercent2: r.percent('tax_percent2'),
    tax_authorityid1: r.string('tax_authorityid1') ?? null,
    tax_authorityid2: r.string('tax_authorityid2') ?? null,
    compounded_tax: r.bool('compounded_tax') ?? false,
  };
  errors.errors.push(...r.errors);
  if (r.errors.length > 0 || categoryid === undefined || !quantity || !unitCost) return undefined;
  return { id: state.nextId('line'), categoryid, quantity, unitCost: unitCost.amount, ...line };
}

function readLines(
  state: SandboxState,
  account: AccountData,
  reader: BodyReader,
  currency: string | undefined,
): BillLineRecord[] | undefined {
  const raw = reader.data.lines;
  if (!Array.isArray(raw) || raw.length === 0) {
    reader.fail(ERRNO.RequiredField, 'lines', 'A bill needs at least one line.');
    return undefined;
  }
  if (raw.length > MAX_LINES) {
    reader.fail(ERRNO.InvalidValue, 'lines', `A bill has at most ${MAX_LINES} lines (got ${raw.length}).`);
    return undefined;
  }
  const lines = raw.map((item, i) => readLine(state, account, item, i, currency, reader));
  return lines.every((l) => l !== undefined) ? lines : undefined;
}

/**
 * Choice FB-18 (docs/api-notes.md): vendorid, issue_date, currency_code and lines are required.
 * Read-only fields a client echoes back (id, amounts, due_date, status…) are ignored.
 */
export function createBill(state: SandboxState, account: AccountData, data: Json): BillRecord {
  const r = new BodyReader(OBJECT, data);
  const vendorid = r.int('vendorid', { required: true });
  checkVendor(r, account, vendorid);
  const currency = r.currency('currency_code', { required: true });
  const bill = {
    bill_number: r.string('bill_number', { maxLength: 255 }) ?? null,
    issue_date: r.date('issue_date', { required: true }),
    due_offset_days: r.int('due_offset_days', { min: 0 }) ?? 0,
    language: r.string('language') ?? 'en',
    attachment: isObject(data.attachment) ? data.attachment : null,
    lines: readLines(state, account, r, currency),
  };
  r.throwIfErrors();
  const at = state.now();
  const record: BillRecord = {
    id: state.nextId('bill'),
    vendorid: present(vendorid, 'vendorid'),
    currency_code: present(currency, 'currency_code'),
    ...bill,
    issue_date: present(bill.issue_date, 'issue_date'),
    lines: present(bill.lines, 'lines'),
    vis_state: 0,
    createdAt: at,
    updatedAt: at,
  };
  account.bills.set(record.id, record);
  account.index(account.billsByVendor, record.vendorid, record.id);
  state.emit(account.accountId, 'bill.create', record.id);
  return record;
}

/**
 * Choice FB-21 (docs/api-notes.md): edits beyond vis_state are accepted:
 * fields present replace the old ones, `lines` replaces every line. A deleted bill must be
 * restored first (errno 1011). The new total may not fall below what is already paid, and the
 * currency may not change once payments exist.
 */
export function updateBill(state: SandboxState, account: AccountData, id: number | undefined, data: Json): BillRecord {
  const bill = getBill(account, id);
  const vis = readVisState(data, OBJECT);
  if (vis !== undefined) {
    // A PUT carrying vis_state changes only vis_state; every other field is silently dropped.
    if (vis !== bill.vis_state) {
      bill.vis_state = vis;
      bill.updatedAt = state.now();
      state.emit(account.accountId, visEvent('bill', bill.vis_state), bill.id);
    }
    return bill;
  }
  if (bill.vis_state === 1) {
    throw new ValidationError([
      { errno: ERRNO.DeletedResource, field: 'vis_state', message: 'The bill is deleted; restore it first.', object: OBJECT, value: '1' },
    ]);
  }
  const r = new BodyReader(OBJECT, data);
  const vendorid = r.int('vendorid', { required: r.has('vendorid') });
  if (vendorid !== bill.vendorid) checkVendor(r, account, vendorid);
  const currency = r.has('currency_code') ? r.currency('currency_code', { required: true }) : bill.currency_code;
  const next = {
    bill_number: r.has('bill_number') ? (r.string('bill_number', { maxLength: 255 }) ?? null) : bill.bill_number,
    issue_date: r.has('issue_date') ? r.date('issue_date', { required: true }) : bill.issue_date,
    due_offset_days: r.has('due_offset_days') ? r.int('due_offset_days', { required: true, min: 0 }) : bill.due_offset_days,
    language: r.has('language') ? (r.string('language') ?? 'en') : bill.language,
    attachment: r.has('attachment') ? (isObject(data.attachment) ? data.attachment : null) : bill.attachment,
    lines: r.has('lines') ? readLines(state, account, r, currency) : currency === bill.currency_code ? bill.lines : undefined,
  };
  const paid = billTotals(account, bill).paid;
  if (currency !== bill.currency_code && paid.gt(Decimal.ZERO))
    r.fail(ERRNO.InvalidValue, 'currency_code', 'The currency of a bill with payments cannot change.', currency);
  else if (!r.has('lines') && currency !== bill.currency_code)
    r.fail(ERRNO.RequiredField, 'lines', 'Changing the currency needs the lines again, priced in the new currency.');
  if (next.lines && linesTotals(next.lines).total.lt(paid))
    r.fail(ERRNO.InvalidValue, 'lines', 'The bill total cannot be less than the amount already paid.');
  r.throwIfErrors();
  if (vendorid !== undefined && vendorid !== bill.vendorid) {
    account.unindex(account.billsByVendor, bill.vendorid, bill.id);
    account.index(account.billsByVendor, vendorid, bill.id);
    bill.vendorid = vendorid;
  }
  Object.assign(bill, next, { currency_code: currency });
  bill.updatedAt = state.now();
  state.emit(account.accountId, 'bill.update', bill.id);
  return bill;
}

/** Searches need the status, which depends on payments and today's date. */
export function billSearchFields(account: AccountData, now: number): SearchField<BillRecord>[] {
  const today = utcDay(now);
  return [
    { name: 'id', type: 'int', get: (b) => b.id, plural: 'ids' },
    { name: 'vendorid', type: 'int', get: (b) => b.vendorid, plural: 'vendorids' },
    { name: 'status', type: 'string', get: (b) => billStatus(billTotals(account, b), dueDate(b), today), plural: 'statuses' },
    { name: 'currency_code', type: 'string', get: (b) => b.currency_code },
    // Choice FB-22 (docs/api-notes.md): undocumented search[bill_number], offered as equals and _like.
    { name: 'bill_number', type: 'string', get: (b) => b.bill_number, like: true },
    { name: 'vis_state', type: 'int', get: (b) => b.vis_state },
    { name: 'issue_date', type: 'date', get: (b) => b.issue_date, range: true },
    { name: 'due_date', type: 'date', get: (b) => dueDate(b), range: true },
    { name: 'amount', type: 'decimal', get: (b) => linesTotals(b.lines).amount, equals: false, range: true },
    // Choice FB-23 (docs/api-notes.md): search[updated_min|max] on bills, at day granularity (UTC).
    { name: 'updated', type: 'timestamp', get: (b) => b.updatedAt, equals: false, range: true },
    { name: 'created', type: 'timestamp', get: (b) => b.createdAt, equals: false, range: true },
  ];
}

export const BILL_SORTS: SortField<BillRecord>[] = [
  { name: 'id', get: (b) => b.id },
  { name: 'issue_date', get: (b) => b.issue_date },
  { name: 'due_date', get: (b) => dueDate(b) },
  { name: 'bill_number', get: (b) => b.bill_number },
  { name: 'amount', get: (b) => linesTotals(b.lines).amount },
  { name: 'updated', get: (b) => b.updatedAt },
  { name: 'created', get: (b) => b.createdAt },
];
