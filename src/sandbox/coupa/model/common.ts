/** The small nested objects Coupa repeats inside suppliers, orders and invoices. */
import { COUNTRIES } from '../reference-data.js';
import type {
  AccountAllocationRecord,
  AccountRecord,
  AccountTypeRecord,
  AddressRecord,
  ContactRecord,
  CurrencyRecord,
  PaymentTermRecord,
  RemitToRecord,
  TaxCodeRecord,
  UomRecord,
  UserRecord,
} from '../types.js';
import { defineKind, obj, scalar, type Attr } from './kind.js';

export const userKind = defineKind<UserRecord>('user', ['id', 'login'], {
  id: scalar('integer', (u) => u.id),
  login: scalar('string', (u) => u.login),
  email: scalar('string', (u) => u.email),
  'employee-number': scalar('string', (u) => u.employeeNumber),
  firstname: scalar('string', (u) => u.firstname),
  lastname: scalar('string', (u) => u.lastname),
});

export const currencyKind = defineKind<CurrencyRecord>('currency', ['id', 'code'], {
  id: scalar('integer', (c) => c.id),
  code: scalar('string', (c) => c.code),
  decimals: scalar('integer', (c) => c.decimals),
});

export const paymentTermKind = defineKind<PaymentTermRecord>('payment-term', ['id', 'code'], {
  id: scalar('integer', (t) => t.id),
  code: scalar('string', (t) => t.code),
  description: scalar('string', (t) => t.description),
  'days-for-net-payment': scalar('integer', (t) => t.daysForNetPayment),
  'days-for-discount-payment': scalar('integer', (t) => t.daysForDiscountPayment),
  // Coupa sends rates as JSON numbers (not strings), unlike money.
  'discount-rate': scalar('float', (t) => (t.discountRate === null ? null : Number(t.discountRate))),
  active: scalar('boolean', () => true),
});

export const accountTypeKind = defineKind<AccountTypeRecord>('account-type', ['id', 'name'], {
  id: scalar('integer', (t) => t.id),
  name: scalar('string', (t) => t.name),
});

const SEGMENTS = 20;
const accountAttrs: Record<string, Attr<AccountRecord>> = {
  id: scalar('integer', (a) => a.id),
  name: scalar('string', (a) => a.name),
  code: scalar('string', (a) => a.code),
  active: scalar('boolean', (a) => a.active),
  'account-type-id': scalar('integer', (a) => a.accountTypeId),
};
// Coupa always lists all twenty segments, unused ones as null: one reason full payloads are big.
for (let i = 1; i <= SEGMENTS; i++) accountAttrs[`segment-${i}`] = scalar('string', (a) => a.segments[i - 1] ?? null);
export const accountKind = defineKind<AccountRecord>('account', ['id', 'code'], accountAttrs);

export const uomKind = defineKind<UomRecord>('uom', ['id', 'code'], {
  id: scalar('integer', (u) => u.id),
  code: scalar('string', (u) => u.code),
  name: scalar('string', (u) => u.name),
});

interface Phone {
  countryCode: string | null;
  areaCode: string | null;
  number: string;
}

/** "+1 415 5550100" → {country-code 1, area-code 415, number 5550100}. */
function splitPhone(phone: string): Phone {
  const [first, second, ...rest] = phone.replace(/^\+/, '').split(/\s+/);
  if (first !== undefined && second !== undefined) {
    return rest.length > 0
      ? { countryCode: first, areaCode: second, number: rest.join('') }
      : { countryCode: first, areaCode: null, number: second };
  }
  return { countryCode: null, areaCode: null, number: phone };
}

export const phoneKind = defineKind<Phone>('phone', ['number'], {
  'country-code': scalar('string', (p) => p.countryCode),
  'area-code': scalar('string', (p) => p.areaCode),
  number: scalar('string', (p) => p.number),
  extension: scalar('string', () => null),
});

export const contactKind = defineKind<ContactRecord>('contact', ['id', 'email'], {
  id: scalar('integer', (c) => c.id),
  email: scalar('string', (c) => c.email),
  'name-given': scalar('string', (c) => c.nameGiven),
  'name-family': scalar('string', (c) => c.nameFamily),
  'name-fullname': scalar('string', (c) => [c.nameGiven, c.nameFamily].filter(Boolean).join(' ') || null),
  'phone-work': obj('phone', (c) => (c.phone ? splitPhone(c.phone) : null)),
});

export const countryKind = defineKind<{ id: number; code: string; name: string }>('country', ['id', 'code'], {
  id: scalar('integer', (c) => c.id),
  code: scalar('string', (c) => c.code),
  name: scalar('string', (c) => c.name),
});

function addressAttrs<R extends AddressRecord>(): Record<string, Attr<R>> {
  return {
    id: scalar('integer', (a) => a.id),
    name: scalar('string', (a) => a.name),
    street1: scalar('string', (a) => a.street1),
    street2: scalar('string', (a) => a.street2),
    city: scalar('string', (a) => a.city),
    state: scalar('string', (a) => a.state),
    'postal-code': scalar('string', (a) => a.postalCode),
    country: obj('country', (a) => (a.countryCode ? (COUNTRIES[a.countryCode] ?? null) : null)),
  };
}

export const addressKind = defineKind<AddressRecord>('address', ['id', 'name'], {
  ...addressAttrs<AddressRecord>(),
  'vat-number': scalar('string', () => null),
  active: scalar('boolean', () => true),
});

export const remitToKind = defineKind<RemitToRecord>('remit-to-address', ['id', 'remit-to-code'], {
  id: scalar('integer', (a) => a.id),
  'remit-to-code': scalar('string', (a) => a.remitToCode),
  ...addressAttrs<RemitToRecord>(),
  active: scalar('boolean', (a) => a.active),
});

/**
 * One part of a line's split coding. Choice CP-47 (docs/api-notes.md): both `pct` and `amount`
 * are shown whichever was entered, `pct` as a decimal string like `amount` (only true floats
 * such as rates are JSON numbers), and `period` is null (the sandbox has no accounting periods).
 */
export const accountAllocationKind = defineKind<AccountAllocationRecord>('account-allocation', ['id'], {
  id: scalar('integer', (a) => a.id),
  pct: scalar('decimal', (a) => a.pct),
  amount: scalar('decimal', (a) => a.amount),
  period: scalar('string', () => null),
  account: obj('account', (a, { state }) => state.accounts.get(a.accountId) ?? null),
});

// Choice CP-46 (docs/api-notes.md): a tax code nests as {id, code, description, percentage, active}, percentage a JSON number.
export const taxCodeKind = defineKind<TaxCodeRecord>('tax-code', ['id', 'code'], {
  id: scalar('integer', (t) => t.id),
  code: scalar('string', (t) => t.code),
  description: scalar('string', (t) => t.description),
  percentage: scalar('float', (t) => (t.percentage === null ? null : Number(t.percentage))),
  active: scalar('boolean', (t) => t.active),
});
