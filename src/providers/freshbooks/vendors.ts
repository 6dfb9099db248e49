/**
 * Bill vendors: `/accounting/account/{accountId}/bill_vendors/bill_vendors[/{vendorid}]`,
 * keys `bill_vendor` / `bill_vendors`, id field `vendorid`. Delete is `{"bill_vendor":
 * {"vis_state": 1}}` sent alone (FreshBooks drops every other field of a body with vis_state).
 * No vendor search is documented, so finding by name is a full scan by the caller.
 */
import type { Vendor, VendorDraft } from '../../core/records.js';
import type { FreshBooksQuery } from '../../sync/ports.js';
import type { FreshBooksClient } from './client.js';
import { mapPages, pagesOf } from './paging.js';
import { objectOf, parseVendor } from './parse.js';

const PATH = 'bill_vendors/bill_vendors';

const FIELD_NAMES: ReadonlyArray<readonly [keyof VendorDraft, string]> = [
  ['vendorName', 'vendor_name'],
  ['primaryContactFirstName', 'primary_contact_first_name'],
  ['primaryContactLastName', 'primary_contact_last_name'],
  ['primaryContactEmail', 'primary_contact_email'],
  ['street', 'street'],
  ['street2', 'street2'],
  ['city', 'city'],
  ['province', 'province'],
  ['postalCode', 'postal_code'],
  ['country', 'country'],
  ['phone', 'phone'],
  ['website', 'website'],
  ['currencyCode', 'currency_code'],
];

/** The writable fields given (all of a draft, or only the changed ones); null clears a field. Never carries vis_state. */
function vendorBody(draft: Partial<VendorDraft>): { bill_vendor: Record<string, unknown> } {
  const body: Record<string, unknown> = {};
  for (const [key, wire] of FIELD_NAMES) if (key in draft) body[wire] = draft[key];
  return { bill_vendor: body };
}

export function updatedMinQuery(query?: FreshBooksQuery): Record<string, string | undefined> {
  return { 'search[updated_min]': query?.updatedMin };
}

export class VendorsResource {
  constructor(private readonly client: FreshBooksClient) {}

  /** Active and archived vendors (FreshBooks leaves deleted ones out), one page of up to 100 at a time. */
  list(query?: FreshBooksQuery): AsyncIterable<Vendor[]> {
    return mapPages(
      pagesOf((q) => this.client.accounting('GET', PATH, { query: q }), 'bill_vendors', updatedMinQuery(query)),
      parseVendor,
    );
  }

  async get(id: string): Promise<Vendor> {
    return parseVendor(objectOf(await this.client.accounting('GET', `${PATH}/${encodeURIComponent(id)}`), 'bill_vendor'));
  }

  async create(draft: VendorDraft): Promise<Vendor> {
    return parseVendor(objectOf(await this.client.accounting('POST', PATH, { body: vendorBody(draft) }), 'bill_vendor'));
  }

  async update(id: string, draft: Partial<VendorDraft>): Promise<Vendor> {
    return parseVendor(
      objectOf(await this.client.accounting('PUT', `${PATH}/${encodeURIComponent(id)}`, { body: vendorBody(draft) }), 'bill_vendor'),
    );
  }

  /** Soft delete: vis_state 1, alone. */
  async delete(id: string): Promise<void> {
    await this.client.accounting('PUT', `${PATH}/${encodeURIComponent(id)}`, { body: { bill_vendor: { vis_state: 1 } } });
  }
}
