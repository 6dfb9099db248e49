/**
 * Wire JSON → core records. Money arrives as `{"amount": "375.00", "code": "USD"}` with the
 * amount a decimal STRING and is parsed exactly; a bill line's `quantity` is a string too.
 * A line names its category by `categoryid` or by a nested `category` object (both seen).
 * Tax percentages (a line's `tax_percent1`, a tax's `amount`) are decimal strings (FB-27).
 * Anything that cannot be read exactly is refused with an FreshBooksResponseError naming the
 * record and the field, never guessed.
 */
import { Decimal } from '../../lib/decimal.js';
import type { Bill, BillLine, BillPayment, LineTax, Vendor, VisState } from '../../core/records.js';
import type { BusinessTax, ExpenseCategory } from '../../sync/ports.js';
import { isRecord } from '../json.js';
import { FreshBooksResponseError } from './errors.js';

export type Wire = Record<string, unknown>;

interface WireMoney {
  amount: string;
  code: string;
}

function fail(what: string): never {
  throw new FreshBooksResponseError(what);
}

/** A short rendering of a wire value for a message. */
export function show(value: unknown): string {
  // JSON.stringify has no text for these (it returns undefined, whatever its declared type says).
  const plain = value === undefined || typeof value === 'function' || typeof value === 'symbol';
  const text = plain ? String(value) : JSON.stringify(value);
  return text.length > 60 ? text.slice(0, 57) + '…' : text;
}

/** An id as a string: FreshBooks ids are integers on the wire (sometimes sent as strings). */
export function idOf(value: unknown, what: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return fail(`${what} is missing or not an id (got ${show(value)})`);
}

/** Exact money: a decimal string (or an integer); a JSON fraction has already lost exactness and is refused. */
function decimalOf(value: unknown, what: string): Decimal {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value))) {
    const parsed = Decimal.tryParse(value);
    if (parsed) return parsed;
  }
  return fail(`${what} is not a decimal string (got ${show(value)})`);
}

/**
 * A quantity: a string on the wire; a JSON number is accepted through its shortest decimal
 * form (what the sender wrote), since quantities are not money.
 */
function quantityOf(value: unknown, what: string): Decimal {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const parsed = Decimal.tryParse(String(value));
    if (parsed) return parsed;
  }
  return decimalOf(value, what);
}

/** A tax percentage: a decimal string (FB-27); a JSON number is read like a quantity, since a percent is not money. */
const percentOf = quantityOf;

function moneyOf(value: unknown, what: string): { amount: Decimal; code: string } {
  if (!isRecord(value)) return fail(`${what} is not a money object {amount, code} (got ${show(value)})`);
  return { amount: decimalOf(value.amount, `${what}.amount`), code: typeof value.code === 'string' ? value.code : '' };
}

function visStateOf(value: unknown, what: string): VisState {
  if (value === undefined || value === null) return 0;
  const n = Number(value);
  if (n === 0 || n === 1 || n === 2) return n;
  return fail(`${what}.vis_state is not 0, 1 or 2 (got ${show(value)})`);
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function parseVendor(wire: unknown): Vendor {
  if (!isRecord(wire)) return fail(`a bill vendor is not an object (got ${show(wire)})`);
  const id = idOf(wire.vendorid ?? wire.id, 'bill_vendor.vendorid');
  const name = wire.vendor_name;
  if (typeof name !== 'string') return fail(`bill vendor ${id} has no vendor_name`);
  const vendor: Vendor = { id, name, visState: visStateOf(wire.vis_state, `bill vendor ${id}`) };
  const currency = text(wire.currency_code);
  if (currency) vendor.currency = currency;
  const email = text(wire.primary_contact_email);
  if (email) vendor.email = email;
  return vendor;
}

/** The category id of a bill line: `categoryid`, or the nested `category` object's categoryid/id. */
function lineCategoryId(line: Wire, what: string): string {
  if (line.categoryid !== undefined && line.categoryid !== null) return idOf(line.categoryid, `${what}.categoryid`);
  const category = line.category;
  if (isRecord(category)) return idOf(category.categoryid ?? category.id, `${what}.category.categoryid`);
  return fail(`${what} has neither categoryid nor a category object`);
}

const given = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/**
 * A line's first tax, when it has one. Choice FB-59 (docs/api-notes.md): a name without a
 * percent is a 0 % tax, a percent without a name a tax named ''; the second tax
 * (`tax_name2`/`tax_percent2`) is not read, since the connector writes only the first.
 */
function lineTaxOf(line: Wire, what: string): LineTax | undefined {
  if (!given(line.tax_name1) && !given(line.tax_percent1)) return undefined;
  const name = line.tax_name1;
  if (given(name) && typeof name !== 'string') return fail(`${what}.tax_name1 is not text (got ${show(name)})`);
  return {
    name: typeof name === 'string' ? name : '',
    percent: given(line.tax_percent1) ? percentOf(line.tax_percent1, `${what}.tax_percent1`) : Decimal.ZERO,
  };
}

function parseBillLine(wire: unknown, what: string): BillLine {
  if (!isRecord(wire)) return fail(`${what} is not an object`);
  const line: BillLine = {
    description: typeof wire.description === 'string' ? wire.description : '',
    quantity: quantityOf(wire.quantity, `${what}.quantity`),
    unitCost: moneyOf(wire.unit_cost, `${what}.unit_cost`).amount,
    categoryId: lineCategoryId(wire, what),
  };
  const tax = lineTaxOf(wire, what);
  if (tax) line.tax = tax;
  return line;
}

export function parseBill(wire: unknown): Bill {
  if (!isRecord(wire)) return fail(`a bill is not an object (got ${show(wire)})`);
  const id = idOf(wire.id ?? wire.billid, 'bill.id');
  const what = `bill ${id}`;
  const vendorId = wire.vendorid ?? (isRecord(wire.vendor) ? (wire.vendor.vendorid ?? wire.vendor.id) : undefined);
  const issueDate = wire.issue_date;
  if (typeof issueDate !== 'string') return fail(`${what} has no issue_date`);
  const total = moneyOf(wire.total_amount ?? wire.amount, `${what}.total_amount`);
  const currency = text(wire.currency_code) ?? total.code;
  if (!currency) return fail(`${what} has no currency_code`);
  const lines = wire.lines ?? [];
  if (!Array.isArray(lines)) return fail(`${what}.lines is not a list`);
  const dueOffset = wire.due_offset_days === undefined || wire.due_offset_days === null ? 0 : Number(wire.due_offset_days);
  if (!Number.isSafeInteger(dueOffset)) return fail(`${what}.due_offset_days is not a whole number (got ${show(wire.due_offset_days)})`);
  return {
    id,
    vendorId: idOf(vendorId, `${what}.vendorid`),
    billNumber: typeof wire.bill_number === 'string' && wire.bill_number !== '' ? wire.bill_number : null,
    issueDate,
    dueOffsetDays: dueOffset,
    currency,
    lines: lines.map((line, i) => parseBillLine(line, `${what} line ${i + 1}`)),
    total: total.amount,
    paid: wire.paid === undefined || wire.paid === null ? Decimal.ZERO : moneyOf(wire.paid, `${what}.paid`).amount,
    outstanding:
      wire.outstanding === undefined || wire.outstanding === null ? total.amount : moneyOf(wire.outstanding, `${what}.outstanding`).amount,
    status: typeof wire.status === 'string' ? wire.status : 'unpaid',
    visState: visStateOf(wire.vis_state, what),
  };
}

export function parseBillPayment(wire: unknown): BillPayment {
  if (!isRecord(wire)) return fail(`a bill payment is not an object (got ${show(wire)})`);
  const id = idOf(wire.id ?? wire.billpaymentid, 'bill_payment.id');
  const what = `bill payment ${id}`;
  const money = moneyOf(wire.amount, `${what}.amount`);
  const paidDate = wire.paid_date;
  if (typeof paidDate !== 'string') return fail(`${what} has no paid_date`);
  return {
    id,
    billId: idOf(wire.billid, `${what}.billid`),
    amount: money.amount,
    currency: money.code,
    paidDate,
    paymentType: typeof wire.payment_type === 'string' ? wire.payment_type : '',
    note: typeof wire.note === 'string' ? wire.note : null,
    visState: visStateOf(wire.vis_state, what),
  };
}

export function parseCategory(wire: unknown): ExpenseCategory & { parentId: string | null; visState: VisState } {
  if (!isRecord(wire)) return fail(`an expense category is not an object (got ${show(wire)})`);
  const id = idOf(wire.categoryid ?? wire.id, 'category.categoryid');
  const name = wire.category ?? wire.name;
  if (typeof name !== 'string') return fail(`expense category ${id} has no name`);
  return {
    id,
    name,
    parentId: wire.parentid === null || wire.parentid === undefined ? null : idOf(wire.parentid, `category ${id}.parentid`),
    visState: visStateOf(wire.vis_state, `category ${id}`),
  };
}

export interface Tax extends BusinessTax {
  /** The business's registration number for the tax. */
  number: string | null;
  compound: boolean;
}

/** A business tax: `taxid` (== `id`), `name`, and `amount`, the percentage as a decimal string. */
export function parseTax(wire: unknown): Tax {
  if (!isRecord(wire)) return fail(`a tax is not an object (got ${show(wire)})`);
  const id = idOf(wire.taxid ?? wire.id, 'tax.taxid');
  const name = wire.name;
  if (typeof name !== 'string') return fail(`tax ${id} has no name`);
  return {
    id,
    name,
    percent: percentOf(wire.amount, `tax ${id}.amount`),
    number: text(wire.number) ?? null,
    compound: wire.compound === true,
  };
}

/** An id as FreshBooks' own SDK sends it: a number when it is all digits (and fits), else the string. */
export function wireId(id: string): number | string {
  return /^\d+$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id;
}

export function wireMoney(amount: Decimal, code: string): WireMoney {
  return { amount: amount.toString(), code };
}

/** The list under `key` of a page's result, refused when it is not a list. */
export function listOf(result: Wire, key: string): unknown[] {
  const items = result[key];
  if (!Array.isArray(items)) return fail(`the page has no "${key}" list`);
  return items;
}

/** The object under `key` of a single-record result. */
export function objectOf(result: Wire, key: string): Wire {
  const item = result[key];
  if (!isRecord(item)) return fail(`the answer has no "${key}" object`);
  return item;
}
