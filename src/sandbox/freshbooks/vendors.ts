/**
 * Bill vendors (`bill_vendors/bill_vendors`, id key `vendorid`, no `id` key). Balances are
 * derived from the vendor's bills: arrays with one `{"amount": Money}` wrapper per currency.
 */
import { mustGet, recordOf } from '../guards.js';
import { Decimal } from '../../lib/decimal.js';
import { billStatus, billTotals, dueDate } from './bill-math.js';
import { ERRNO, NotFoundError } from './errors.js';
import { money } from './money.js';
import type { SearchField, SortField } from './search.js';
import { VENDOR_TEXT_FIELDS, visEvent, type AccountData, type SandboxState, type TaxDefault, type VendorRecord } from './state.js';
import { sqlTimestamp, utcDay } from './time.js';
import { BodyReader, isObject, readVisState, type Json } from './validation.js';

const OBJECT = 'bill_vendor';

export function getVendor(account: AccountData, id: number | undefined): VendorRecord {
  const vendor = id === undefined ? undefined : account.vendors.get(id);
  if (!vendor) throw new NotFoundError(OBJECT, 'vendorid', String(id ?? ''));
  return vendor;
}

function readTaxDefaults(reader: BodyReader): TaxDefault[] | undefined {
  const raw = reader.data.tax_defaults;
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    reader.fail(ERRNO.InvalidValue, 'tax_defaults', 'Must be a list.', raw);
    return;
  }
  return raw.map((item, i) => {
    const r = new BodyReader(OBJECT, isObject(item) ? item : {}, `tax_defaults[${i}].`);
    const taxDefault: TaxDefault = {
      // The Node SDK writes `tax_id`, the captures read `taxid`: accept both.
      taxid: r.int('taxid') ?? r.int('tax_id') ?? null,
      system_taxid: r.int('system_taxid') ?? null,
      name: r.string('name') ?? null,
      amount: r.string('amount') ?? null,
      enabled: r.bool('enabled') ?? true,
      tax_authorityid: r.string('tax_authorityid') ?? null,
    };
    reader.errors.push(...r.errors);
    return taxDefault;
  });
}

/** Reads the writable fields present in `data` (absent fields are left out of the result). */
function readVendorFields(data: Json, creating: boolean) {
  const reader = new BodyReader(OBJECT, data);
  const text: Partial<VendorRecord['text']> = {};
  for (const field of VENDOR_TEXT_FIELDS) {
    if (!reader.has(field) && !(creating && field === 'vendor_name')) continue;
    const value = reader.string(field, { required: field === 'vendor_name', maxLength: 255 });
    if (value !== undefined) text[field] = value;
  }
  const fields = {
    text,
    currency_code: reader.currency('currency_code'),
    is_1099: reader.bool('is_1099'),
    tax_defaults: readTaxDefaults(reader),
  };
  reader.throwIfErrors();
  return fields;
}

/** Choice FB-40 (docs/api-notes.md): only vendor_name is required; currency defaults to USD, language to "en"; names may repeat. */
export function createVendor(state: SandboxState, account: AccountData, data: Json): VendorRecord {
  const f = readVendorFields(data, true);
  const at = state.now();
  const text = recordOf(VENDOR_TEXT_FIELDS, (k) => f.text[k] ?? null);
  text.language ??= 'en';
  const vendor: VendorRecord = {
    vendorid: state.nextId('vendor'),
    text,
    currency_code: f.currency_code ?? 'USD',
    is_1099: f.is_1099 ?? false,
    tax_defaults: f.tax_defaults ?? [],
    vis_state: 0,
    createdAt: at,
    updatedAt: at,
  };
  account.vendors.set(vendor.vendorid, vendor);
  state.emit(account.accountId, 'bill_vendor.create', vendor.vendorid);
  return vendor;
}

export function updateVendor(state: SandboxState, account: AccountData, id: number | undefined, data: Json): VendorRecord {
  const vendor = getVendor(account, id);
  const vis = readVisState(data, OBJECT);
  if (vis !== undefined) {
    // A PUT carrying vis_state changes only vis_state; every other field is silently dropped.
    if (vis !== vendor.vis_state) {
      vendor.vis_state = vis;
      vendor.updatedAt = state.now();
      state.emit(account.accountId, visEvent('bill_vendor', vendor.vis_state), vendor.vendorid);
    }
    return vendor;
  }
  const f = readVendorFields(data, false);
  Object.assign(vendor.text, f.text);
  if (f.currency_code !== undefined) vendor.currency_code = f.currency_code;
  if (f.is_1099 !== undefined) vendor.is_1099 = f.is_1099;
  if (f.tax_defaults !== undefined) vendor.tax_defaults = f.tax_defaults;
  vendor.updatedAt = state.now();
  state.emit(account.accountId, 'bill_vendor.update', vendor.vendorid);
  return vendor;
}

type Balances = { amount: ReturnType<typeof money> }[];

/** Outstanding and overdue sums of the vendor's bills that are not deleted, one entry per currency. */
function balances(account: AccountData, vendor: VendorRecord, today: string): { outstanding: Balances; overdue: Balances } {
  const outstanding = new Map<string, Decimal>();
  const overdue = new Map<string, Decimal>();
  for (const billId of account.billsByVendor.get(vendor.vendorid) ?? []) {
    const bill = mustGet(account.bills, billId, 'bill');
    if (bill.vis_state === 1) continue;
    const totals = billTotals(account, bill);
    if (!totals.outstanding.gt(Decimal.ZERO)) continue;
    const code = bill.currency_code;
    outstanding.set(code, (outstanding.get(code) ?? Decimal.ZERO).add(totals.outstanding));
    if (billStatus(totals, dueDate(bill), today) === 'overdue')
      overdue.set(code, (overdue.get(code) ?? Decimal.ZERO).add(totals.outstanding));
  }
  const list = (m: Map<string, Decimal>) =>
    [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, sum]) => ({ amount: money(sum, code) }));
  return { outstanding: list(outstanding), overdue: list(overdue) };
}

export function serializeVendor(account: AccountData, vendor: VendorRecord, now: number) {
  const { outstanding, overdue } = balances(account, vendor, utcDay(now));
  const t = vendor.text;
  return {
    vendorid: vendor.vendorid,
    vendor_name: t.vendor_name,
    vis_state: vendor.vis_state,
    account_number: t.account_number,
    city: t.city,
    country: t.country,
    currency_code: vendor.currency_code,
    is_1099: vendor.is_1099,
    language: t.language,
    note: t.note,
    phone: t.phone,
    postal_code: t.postal_code,
    primary_contact_email: t.primary_contact_email,
    primary_contact_first_name: t.primary_contact_first_name,
    primary_contact_last_name: t.primary_contact_last_name,
    province: t.province,
    street: t.street,
    street2: t.street2,
    website: t.website,
    outstanding_balance: outstanding,
    overdue_balance: overdue,
    tax_defaults: vendor.tax_defaults.map((d) => ({
      ...d,
      vendorid: vendor.vendorid,
      created_at: sqlTimestamp(vendor.createdAt),
      updated_at: sqlTimestamp(vendor.updatedAt),
    })),
    created_at: sqlTimestamp(vendor.createdAt),
    updated_at: sqlTimestamp(vendor.updatedAt),
  };
}

/** Choice FB-41 (docs/api-notes.md): undocumented vendor filters, offered here; the connector must not rely on them. */
export const VENDOR_SEARCH: SearchField<VendorRecord>[] = [
  { name: 'vendorid', type: 'int', get: (v) => v.vendorid, plural: 'vendorids' },
  { name: 'id', type: 'int', get: (v) => v.vendorid, plural: 'ids' },
  { name: 'vendor_name', type: 'string', get: (v) => v.text.vendor_name, like: true },
  { name: 'primary_contact_email', type: 'string', get: (v) => v.text.primary_contact_email, like: true },
  { name: 'currency_code', type: 'string', get: (v) => v.currency_code },
  { name: 'vis_state', type: 'int', get: (v) => v.vis_state },
  { name: 'updated', type: 'timestamp', get: (v) => v.updatedAt, equals: false, range: true },
  { name: 'created', type: 'timestamp', get: (v) => v.createdAt, equals: false, range: true },
];

export const VENDOR_SORTS: SortField<VendorRecord>[] = [
  { name: 'vendor_name', get: (v) => v.text.vendor_name },
  { name: 'vendorid', get: (v) => v.vendorid },
  { name: 'updated', get: (v) => v.updatedAt },
  { name: 'created', get: (v) => v.createdAt },
];
