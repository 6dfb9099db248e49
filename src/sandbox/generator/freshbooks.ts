/**
 * The customer's FreshBooks before the first sync: some bill vendors that already are Coupa
 * suppliers under the very same name (the connector must link, not duplicate), some under a
 * near name (the connector must queue them for review), and some that exist only there.
 */
import { itemAt } from '../guards.js';
import type { Random } from '../../lib/random.js';
import { NameBook, nearDuplicate, slug, supplierName } from './names.js';
import { COUNTRIES, INDUSTRIES } from './pools.js';
import type { SupplierInfo } from './suppliers.js';

/** Same shape as the FreshBooks sandbox's `FreshBooksSeed['vendors'][number]`. */
export interface FreshBooksVendorSeed {
  vendor_name: string;
  currency_code: string;
  primary_contact_email?: string | null;
  city?: string | null;
  country?: string | null;
  phone?: string | null;
  website?: string | null;
}

function vendorFromSupplier(info: SupplierInfo, name = info.seed.name): FreshBooksVendorSeed {
  const s = slug(name);
  return {
    vendor_name: name,
    currency_code: info.currency,
    primary_contact_email: info.seed.contact?.email ?? `ap@${s}.example`,
    city: info.seed.address?.city ?? null,
    country: info.country.name,
    phone: info.seed.contact?.phone ?? null,
    website: info.seed.website ?? null,
  };
}

/** ~5% exact matches, ~2% near matches, ~3% FreshBooks-only vendors; at least one of each. */
export function* generateVendors(rng: Random, suppliers: SupplierInfo[], book: NameBook): Generator<FreshBooksVendorSeed> {
  const originals = suppliers.filter((s) => !s.duplicateOf);
  if (originals.length === 0) return;
  const exact = Math.max(1, Math.round(originals.length * 0.05));
  const near = Math.max(1, Math.round(originals.length * 0.02));
  const only = Math.max(1, Math.round(originals.length * 0.03));
  // Evenly spread picks: deterministic, no repeats.
  const step = Math.max(1, Math.floor(originals.length / (exact + near)));
  let index = 0;
  for (let i = 0; i < exact && index < originals.length; i++, index += step) yield vendorFromSupplier(itemAt(originals, index, 'supplier'));
  // Near names are checked against Coupa's names (a FreshBooks name must not be a Coupa name).
  for (let i = 0; i < near && index < originals.length; i++, index += step) {
    const info = itemAt(originals, index, 'supplier');
    const name = nearDuplicate(rng, info.seed.name, book);
    if (name) yield vendorFromSupplier(info, name);
  }
  for (let i = 0; i < only; i++) {
    const country = rng.pick(COUNTRIES);
    const name = supplierName(rng, country.code, rng.pick(INDUSTRIES), book);
    yield {
      vendor_name: name,
      currency_code: country.currency,
      primary_contact_email: `billing@${slug(name)}.example`,
      city: rng.pick(country.cities).city,
      country: country.name,
      phone: null,
      website: null,
    };
  }
}
