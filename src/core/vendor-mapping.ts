/**
 * Coupa supplier → FreshBooks bill vendor fields.
 *
 * Every writable field is present in the draft: `null` when Coupa has nothing, so a value
 * removed in Coupa is removed in FreshBooks on the next update ("updates propagate"), and the
 * fingerprint of the draft changes only when something that maps has changed.
 */
import type { Supplier, VendorDraft } from './records.js';

/**
 * Maps name, primary contact, primary address, currency, phone and website.
 * - Text is trimmed; blank becomes null. The name is written as Coupa spells it (matching
 *   uses `normaliseName`, so the vendor is found again however FreshBooks echoes it).
 * - `state` → `province`, `postalCode` → `postal_code`, `street1` → `street`.
 * - `country` is kept as Coupa gives it (a name or an ISO code, see `Address.country`): no
 *   translation table to drift out of date, and nothing the customer typed is rewritten.
 * - `currency` is upper-cased (ISO codes are capitals on both sides).
 */
export function vendorFromSupplier(supplier: Supplier): VendorDraft {
  const name = supplier.name.trim();
  if (name === '') throw new Error(`Supplier ${supplier.id} has a blank name; FreshBooks requires vendor_name`);
  const { contact, address } = supplier;
  return {
    vendorName: name,
    primaryContactFirstName: text(contact?.firstName),
    primaryContactLastName: text(contact?.lastName),
    primaryContactEmail: text(contact?.email),
    street: text(address?.street1),
    street2: text(address?.street2),
    city: text(address?.city),
    province: text(address?.state),
    postalCode: text(address?.postalCode),
    country: text(address?.country),
    phone: text(contact?.phone),
    website: text(supplier.website),
    currencyCode: text(supplier.currency)?.toUpperCase() ?? null,
  };
}

function text(value: string | undefined): string | null {
  const t = value?.trim();
  return t ? t : null;
}

/**
 * The fields Coupa changed since they were last read from it: what `next` holds that
 * `previous` did not. Only these are written, so what a person typed into the FreshBooks vendor
 * (a city, an email Coupa never had) survives every later Coupa change. A vendor linked by name
 * starts from the supplier as it was then (`previous` = that draft): nothing is written until
 * Coupa changes a field. With no `previous` at all, every field Coupa has is sent.
 */
export function vendorChanges(previous: VendorDraft | null, next: VendorDraft): Partial<VendorDraft> {
  const changes: Partial<VendorDraft> = {};
  for (const key of VENDOR_FIELDS) {
    const before = previous ? previous[key] : null;
    if (next[key] !== before) Object.assign(changes, { [key]: next[key] });
  }
  return changes;
}

const VENDOR_FIELDS = [
  'vendorName',
  'primaryContactFirstName',
  'primaryContactLastName',
  'primaryContactEmail',
  'street',
  'street2',
  'city',
  'province',
  'postalCode',
  'country',
  'phone',
  'website',
  'currencyCode',
] as const satisfies readonly (keyof VendorDraft)[];
