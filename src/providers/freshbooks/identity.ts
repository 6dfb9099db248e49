/**
 * Who authorised the app, and the businesses they reach: `GET /auth/api/v1/users/me`, whose
 * body is `{"response": {…}}` with no `result` level. The account id used in accounting and
 * events paths is `business_memberships[].business.account_id`; the business id is
 * `business.id` (not the membership id). A membership may lack an account id (a pure client
 * identity): such businesses cannot be connected.
 */
import type { FreshBooksClient } from './client.js';
import { isRecord } from '../json.js';
import { FreshBooksResponseError } from './errors.js';

const IDENTITY_PATH = '/auth/api/v1/users/me';

export interface Business {
  businessId: number;
  /** Absent for memberships that cannot use the accounting API. */
  accountId: string | null;
  name: string;
  role: string | null;
}

export interface Identity {
  identityId: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  businesses: Business[];
}

const textOrNull = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

function parseIdentity(body: unknown): Identity {
  const response = isRecord(body) ? body.response : undefined;
  if (!isRecord(response))
    throw new FreshBooksResponseError('the identity has no "response" object', { method: 'GET', path: IDENTITY_PATH });
  const memberships = Array.isArray(response.business_memberships) ? response.business_memberships : [];
  const businesses: Business[] = [];
  for (const m of memberships) {
    if (!isRecord(m) || !isRecord(m.business)) continue;
    const b = m.business;
    const businessId = Number(b.id);
    if (!Number.isSafeInteger(businessId)) continue;
    businesses.push({
      businessId,
      accountId: textOrNull(b.account_id),
      name: typeof b.name === 'string' ? b.name : `business ${businessId}`,
      role: textOrNull(m.role),
    });
  }
  return {
    identityId: Number(response.identity_id ?? response.id),
    firstName: textOrNull(response.first_name),
    lastName: textOrNull(response.last_name),
    email: textOrNull(response.email),
    businesses,
  };
}

/** The businesses that can be connected (those with an account id), one per account id. */
export function connectableBusinesses(identity: Identity): Array<Business & { accountId: string }> {
  const seen = new Map<string, Business & { accountId: string }>();
  for (const b of identity.businesses) if (b.accountId && !seen.has(b.accountId)) seen.set(b.accountId, { ...b, accountId: b.accountId });
  return [...seen.values()];
}

export class IdentityResource {
  constructor(private readonly client: FreshBooksClient) {}

  async me(): Promise<Identity> {
    return parseIdentity(await this.client.request('GET', IDENTITY_PATH));
  }
}
