/** Generated suppliers: names, numbers, contacts, addresses, terms; a few near-duplicates. */
import { itemAt } from '../guards.js';
import type { Random } from '../../lib/random.js';
import type { SupplierSeed } from '../coupa/seed.js';
import { NameBook, nearDuplicate, slug, supplierName } from './names.js';
import { COUNTRIES, COUNTRY_WEIGHTS, FAMILY_NAMES, GIVEN_NAMES, INDUSTRIES, STREETS, type CountryInfo, type Industry } from './pools.js';

export interface SupplierInfo {
  seed: SupplierSeed;
  country: CountryInfo;
  industry: Industry;
  currency: string;
  active: boolean;
  /** The supplier this one near-duplicates, if any. */
  duplicateOf?: string;
}

const DAY = 86_400_000;

function weightedCountry(rng: Random): CountryInfo {
  const total = Object.values(COUNTRY_WEIGHTS).reduce((a, b) => a + b, 0);
  let r = rng.int(1, total);
  for (const c of COUNTRIES) {
    r -= COUNTRY_WEIGHTS[c.code] ?? 0;
    if (r <= 0) return c;
  }
  return itemAt(COUNTRIES, 0, 'country');
}

function digits(rng: Random, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

function taxId(rng: Random, country: string): string {
  switch (country) {
    case 'US':
      return `${digits(rng, 2)}-${digits(rng, 7)}`;
    case 'CA':
      return `${digits(rng, 9)}RT0001`;
    case 'JP':
      return `T${digits(rng, 13)}`;
    default:
      return `${country}${digits(rng, 11)}`;
  }
}

function supplierSeed(rng: Random, index: number, name: string, country: CountryInfo, createdAt: number, active: boolean): SupplierSeed {
  const s = slug(name);
  const place = rng.pick(country.cities);
  const given = rng.pick(GIVEN_NAMES);
  const family = rng.pick(FAMILY_NAMES);
  return {
    name,
    displayName: name,
    number: `SUP-${String(index + 1).padStart(5, '0')}`,
    status: active ? 'active' : 'inactive',
    website: `https://www.${s}.example`,
    taxId: taxId(rng, country.code),
    paymentTerm: rng.pick(['Net 15', 'Net 30', 'Net 30', 'Net 30', 'Net 45', '2/10 Net 30']),
    poEmail: `orders@${s}.example`,
    contact: {
      email: `ap@${s}.example`,
      firstName: given,
      lastName: family,
      phone: `${country.phonePrefix} ${rng.int(20, 989)} ${digits(rng, 7)}`,
    },
    address: {
      street1: `${rng.int(1, 2400)} ${rng.pick(STREETS)}`,
      city: place.city,
      state: place.state,
      postalCode: place.postalCode,
      country: country.code,
    },
    createdAt: new Date(createdAt).toISOString(),
  };
}

/**
 * `count` suppliers created over the two months before `startMs`. About 4% are retyped
 * near-duplicates of an earlier one (same company, another spelling); at least one whenever
 * there are three suppliers or more.
 */
export function* generateSuppliers(rng: Random, count: number, startMs: number, book: NameBook): Generator<SupplierInfo> {
  const made: SupplierInfo[] = [];
  let duplicates = 0;
  for (let i = 0; i < count; i++) {
    const createdAt = startMs - 60 * DAY + Math.floor((i / Math.max(1, count)) * 60 * DAY);
    const forceDuplicate = duplicates === 0 && i === Math.min(count - 1, 5) && i >= 2;
    let info: SupplierInfo | undefined;
    if (made.length > 0 && (forceDuplicate || rng.chance(0.04))) {
      const base = forceDuplicate ? itemAt(made, 0, 'supplier') : rng.pick(made);
      const name = nearDuplicate(rng, base.seed.name, book);
      if (name) {
        info = { ...base, seed: supplierSeed(rng, i, name, base.country, createdAt, true), active: true, duplicateOf: base.seed.name };
        duplicates += 1;
      }
    }
    if (!info) {
      const country = weightedCountry(rng);
      const industry = rng.pick(INDUSTRIES);
      const active = i < 3 || !rng.chance(0.04);
      info = {
        seed: supplierSeed(rng, i, supplierName(rng, country.code, industry, book), country, createdAt, active),
        country,
        industry,
        currency: country.currency,
        active,
      };
    }
    made.push(info);
    yield info;
  }
}
