/**
 * Who exists in the FreshBooks sandbox: the registered OAuth apps, the one user who approves
 * every authorization, and that user's businesses. Defaults describe the demo tenant.
 */
import type { FaultRule } from '../faults.js';
import type { FreshBooksSeed } from './seed.js';

export interface FreshBooksAppConfig {
  clientId: string;
  clientSecret: string;
  /** Exact redirect URIs registered for the app (any loopback URI is also accepted, see oauth-routes.ts). */
  redirectUris: string[];
  /** The scopes enabled on the app; also the default grant when `scope` is left off. */
  scopes: string[];
}

export interface FreshBooksBusinessConfig {
  /** Short alphanumeric id used in `/accounting/account/{accountId}` and `/events/account/{accountId}`. */
  accountId: string;
  /** Integer business id (the `business.id` of a membership, not the membership id). */
  businessId: number;
  name: string;
  timezone?: string;
  dateFormat?: string;
}

export interface FreshBooksUserConfig {
  identityId: number;
  /** Legacy per-account user id sent as `user_id` in webhooks and `userid` in roles. */
  userId: number;
  firstName: string;
  lastName: string;
  email: string;
}

export interface FreshBooksSandboxOptions {
  /** Port to listen on (0 = any free port). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Seed of the PRNG behind ids of tokens, verifiers, uuids and fault dice. */
  seed?: number;
  /** Registered OAuth apps (default: the demo app). */
  apps?: FreshBooksAppConfig[];
  /** Businesses the configured user belongs to (default: one, the demo business). */
  businesses?: FreshBooksBusinessConfig[];
  /** The user who approves every authorization. */
  user?: FreshBooksUserConfig;
  /** Pre-existing records, created in the first business before the server starts. */
  data?: FreshBooksSeed;
  /** Fixed window per access token (default 600 requests per 60 s). */
  rateLimit?: { limit: number; windowSeconds: number };
  /** Fault rules active from the start (more can be added through /_sandbox/faults). */
  faults?: FaultRule[];
  /** Waits between webhook attempts when the receiver fails (default 1 s, 5 s, 30 s, 120 s). */
  webhookRetryDelaysMs?: number[];
  /** Per-attempt timeout of webhook deliveries (default 10 s). */
  webhookTimeoutMs?: number;
  /** Clock in epoch milliseconds, injectable so tests move time instead of sleeping. */
  now?: () => number;
}

const BILL_SCOPES = [
  'user:bills:read',
  'user:bills:write',
  'user:bill_vendors:read',
  'user:bill_vendors:write',
  'user:bill_payments:read',
  'user:bill_payments:write',
] as const;

export const FRESHBOOKS_DEMO = {
  clientId: 'demo-freshbooks-client',
  clientSecret: 'demo-freshbooks-secret',
  // Sandbox only: the real developer portal requires https and rejects http://localhost;
  // the sandbox also accepts any loopback redirect URI so local tools can pick their port.
  redirectUri: 'http://127.0.0.1:8080/oauth/freshbooks/callback',
  accountId: 'NWCo01',
  businessId: 7310442,
  businessName: 'Northwind Consulting',
  // What the connector asks for: the bill family, categories (FB-09) and the business's taxes (FB-58).
  scopes: ['user:profile:read', ...BILL_SCOPES, 'user:expenses:read', 'user:taxes:read'] as string[],
  user: { identityId: 4819203, userId: 1, firstName: 'Dana', lastName: 'Whitfield', email: 'dana.whitfield@northwind.example' },
} as const;

export interface ResolvedConfig {
  apps: FreshBooksAppConfig[];
  businesses: Required<FreshBooksBusinessConfig>[];
  user: FreshBooksUserConfig;
  rateLimit: { limit: number; windowSeconds: number };
  seed: number;
}

export function resolveConfig(options: FreshBooksSandboxOptions): ResolvedConfig {
  const businesses = options.businesses ?? [
    { accountId: FRESHBOOKS_DEMO.accountId, businessId: FRESHBOOKS_DEMO.businessId, name: FRESHBOOKS_DEMO.businessName },
  ];
  if (businesses.length === 0) throw new Error('The FreshBooks sandbox needs at least one business');
  return {
    apps: options.apps ?? [
      {
        clientId: FRESHBOOKS_DEMO.clientId,
        clientSecret: FRESHBOOKS_DEMO.clientSecret,
        redirectUris: [FRESHBOOKS_DEMO.redirectUri],
        scopes: [...FRESHBOOKS_DEMO.scopes],
      },
    ],
    businesses: businesses.map((b) => ({ timezone: 'America/New_York', dateFormat: 'mm/dd/yyyy', ...b })),
    user: options.user ?? { ...FRESHBOOKS_DEMO.user },
    rateLimit: options.rateLimit ?? { limit: 600, windowSeconds: 60 },
    seed: options.seed ?? 1,
  };
}
