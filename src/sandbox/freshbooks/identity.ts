/**
 * `GET /auth/api/v1/users/me`: the identity behind the token, `{"response": {...}}` with no
 * `result` level. `business_memberships[].business.account_id` is the accountId of the
 * accounting and events paths; `business.id` is the businessId. Every business carries
 * `address`, `phone_number` and `business_clients`: the official JS SDK throws without them.
 */
import type { FastifyInstance } from 'fastify';
import type { ResolvedConfig } from './config.js';
import type { SandboxState } from './state.js';
import { PROFILE_SCOPE } from './tokens.js';

/** A stable uuid per business, derived from its id (no randomness: identity never changes). */
function businessUuid(businessId: number): string {
  const hex = businessId.toString(16).padStart(12, '0').slice(-12);
  return `046e2f0c-5b1a-4d7e-9c3f-${hex}`;
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 20) || 'business';

/** The `system` URL FreshBooks puts in verification messages (e.g. https://thumbworks.freshbooks.com). */
export function systemUrl(config: ResolvedConfig, accountId: string): string {
  const business = config.businesses.find((b) => b.accountId === accountId);
  return `https://${slug(business?.name ?? accountId)}.freshbooks.com`;
}

function buildIdentity(config: ResolvedConfig, createdAtIso: string) {
  const user = config.user;
  return {
    id: user.identityId,
    identity_id: user.identityId,
    identity_origin: 'magnum',
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email,
    language: 'en',
    confirmed_at: createdAtIso,
    created_at: createdAtIso,
    unconfirmed_email: null,
    setup_complete: true,
    phone_numbers: [],
    addresses: [],
    business_memberships: config.businesses.map((b, i) => ({
      id: 9_100_000 + i,
      role: 'owner',
      unacknowledged_change: false,
      fully_activated: true,
      business: {
        id: b.businessId,
        business_uuid: businessUuid(b.businessId),
        name: b.name,
        account_id: b.accountId,
        date_format: b.dateFormat,
        timezone: b.timezone,
        address: {
          id: 5_500_000 + i,
          street: '120 King St W',
          city: 'Toronto',
          province: 'Ontario',
          country: 'Canada',
          postal_code: 'M5H 1J9',
        },
        phone_number: { title: '', phone_number: '4165550100' },
        business_clients: [],
        active: true,
        status: 'active',
      },
    })),
    // The older, deprecated list keyed by account id.
    roles: config.businesses.map((b, i) => ({
      id: 2_290_000 + i,
      role: 'admin',
      systemid: 4_354_000 + i,
      userid: user.userId,
      created_at: createdAtIso,
      links: { destroy: `/api/v1/users/role/${2_290_000 + i}` },
      accountid: b.accountId,
    })),
    groups: config.businesses.map((b, i) => ({
      id: 6_765_000 + i,
      group_id: 5_206_000 + i,
      role: 'owner',
      identity_id: user.identityId,
      first_name: user.firstName,
      last_name: user.lastName,
      email: user.email,
      company: b.name,
      business_id: b.businessId,
      active: true,
    })),
    subscription_statuses: {},
    integrations: {},
    links: { me: '/service/auth/v1/users/me' },
  };
}

export function registerIdentityRoutes(app: FastifyInstance, state: SandboxState): void {
  const createdAt = new Date(state.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  app.get('/auth/api/v1/users/me', { config: { freshbooks: { scopes: [PROFILE_SCOPE] } } }, () => ({
    response: buildIdentity(state.config, createdAt),
  }));
}
