/**
 * Pre-existing FreshBooks data, produced by the shared data generator. The `FreshBooksSeed`
 * shape is a contract with that generator: keep it exactly as it is.
 */
import type { AccountData, SandboxState } from './state.js';
import { createVendor } from './vendors.js';

export interface FreshBooksSeed {
  vendors?: Array<{
    vendor_name: string;
    currency_code: string;
    primary_contact_email?: string | null;
    city?: string | null;
    country?: string | null;
    phone?: string | null;
    website?: string | null;
  }>;
}

/** Creates the seed's records (before any callback exists, so no webhook fires). */
export function applySeed(state: SandboxState, account: AccountData, seed: FreshBooksSeed): void {
  for (const v of seed.vendors ?? []) createVendor(state, account, { ...v });
}
