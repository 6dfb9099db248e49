/**
 * Is this FreshBooks connection ready for the sync? For `ping`: a valid token (refreshed when
 * it is about to expire), the identity and the connected business, one `per_page=1` read per
 * resource the flows use, and the scopes the token carries against the scopes the flows need —
 * each turned into a verdict a person can act on ("FreshBooks: missing scope user:bills:write —
 * re-authorise the app with it").
 */
import { AppError, errorMessage } from '../../lib/errors.js';
import { NetworkError, TimeoutError } from '../http.js';
import type { RetryPolicy } from '../retry.js';
import { REQUIRED_SCOPES } from './auth.js';
import type { FreshBooksClient } from './client.js';
import { FreshBooksOAuthError, FreshBooksReauthRequiredError, FreshBooksScopeError, FreshBooksUnauthorizedError } from './errors.js';
import { expiresAt, type FreshBooksTokens } from './tokens.js';

/** Few, short tries: a person is waiting for the verdict (Retry-After is still honoured up to 30 s). */
export const QUICK_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 30_000 };

export interface FreshBooksCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface FreshBooksReadiness {
  ready: boolean;
  checks: FreshBooksCheck[];
  /** Needed scopes the token lacks (not granted, or refused by a read). */
  missingScopes: string[];
  /** One line per thing to do, starting with "FreshBooks:". */
  advice: string[];
  grantedScopes?: string[];
  tokenExpiresAt?: string;
  accountId?: string;
  businessName?: string;
}

/** The reads the flows depend on, and the scope that gates each. */
export const FRESHBOOKS_READS = [
  { name: 'bill vendors', path: 'bill_vendors/bill_vendors', key: 'bill_vendors', scope: 'user:bill_vendors:read' },
  { name: 'bills', path: 'bills/bills', key: 'bills', scope: 'user:bills:read' },
  { name: 'bill payments', path: 'bill_payments/bill_payments', key: 'bill_payments', scope: 'user:bill_payments:read' },
  { name: 'expense categories', path: 'expenses/categories', key: 'categories', scope: 'user:expenses:read' },
] as const;

function reason(err: unknown): string {
  return (err instanceof AppError ? err.message : errorMessage(err)).replace(/\.$/, '');
}

function withHint(err: unknown): string {
  return err instanceof AppError && err.hint ? `${reason(err)} — ${err.hint}` : reason(err);
}

export async function checkFreshBooks(client: FreshBooksClient, needs: readonly string[] = REQUIRED_SCOPES): Promise<FreshBooksReadiness> {
  const quick = client.withRetryPolicy(QUICK_RETRY);
  const tenant = client.tenantId ?? '<tenant>';
  const reconnect = `\`ml-connector connect freshbooks --tenant ${tenant} …\``;
  const checks: FreshBooksCheck[] = [];
  const advice: string[] = [];
  const missing = new Set<string>();
  const skip = (names: string[], why: string) => names.forEach((name) => checks.push({ name, ok: false, detail: `not checked (${why})` }));
  const later = ['identity', ...FRESHBOOKS_READS.map((r) => r.name), 'scopes'];
  const result = (): FreshBooksReadiness => {
    const ready = checks.every((c) => c.ok) && missing.size === 0;
    const ordered = [...needs.filter((s) => missing.has(s)), ...[...missing].filter((s) => !needs.includes(s)).sort()];
    if (ready)
      advice.unshift(
        `FreshBooks: ready — token OK, all ${needs.length} needed scopes granted, bill vendors, bills, bill payments and expense categories readable.`,
      );
    return { ready, checks, missingScopes: ordered, advice, ...extra };
  };
  const extra: Partial<FreshBooksReadiness> = {};

  // 1. A valid token (refreshed first when it is about to expire).
  let tokens: FreshBooksTokens;
  try {
    tokens = await quick.tokens();
    extra.tokenExpiresAt = new Date(expiresAt(tokens) * 1000).toISOString();
    checks.push({ name: 'token', ok: true, detail: `token OK (valid until ${extra.tokenExpiresAt})` });
  } catch (err) {
    checks.push({ name: 'token', ok: false, detail: reason(err) });
    if (err instanceof FreshBooksReauthRequiredError)
      advice.push(`FreshBooks: the connection needs re-authorisation (${reason(err)}) — run ${reconnect} and approve access again.`);
    else if (err instanceof FreshBooksOAuthError) advice.push(`FreshBooks: the token could not be refreshed — ${withHint(err)}`);
    else advice.push(`FreshBooks: no token — ${withHint(err)}`);
    skip(later, 'no token');
    return result();
  }

  // 2. Who authorised, and whether they still reach the connected business.
  try {
    const identity = await quick.identity.me();
    const business = identity.businesses.find((b) => b.accountId === client.accountId);
    if (business) {
      extra.accountId = client.accountId;
      extra.businessName = business.name;
      checks.push({
        name: 'identity',
        ok: true,
        detail: `signed in as ${identity.email ?? `identity ${identity.identityId}`}; business '${business.name}' (account ${client.accountId})`,
      });
    } else {
      checks.push({
        name: 'identity',
        ok: false,
        detail: `the user who authorised (${identity.email ?? identity.identityId}) no longer reaches account ${client.accountId}`,
      });
      advice.push(
        `FreshBooks: account ${client.accountId} is not among the authorising user's businesses — have a user of that business run ${reconnect} again.`,
      );
    }
  } catch (err) {
    checks.push({ name: 'identity', ok: false, detail: reason(err) });
    if (err instanceof NetworkError || err instanceof TimeoutError) {
      advice.push(
        `FreshBooks: cannot reach ${client.apiUrl} — ${err instanceof NetworkError ? err.reason : 'no answer in time'}; check the network and the API URL the tenant was connected with.`,
      );
      skip(later.slice(1), 'FreshBooks unreachable');
      return result();
    }
    if (err instanceof FreshBooksUnauthorizedError || err instanceof FreshBooksReauthRequiredError) {
      advice.push(`FreshBooks: the token is refused — run ${reconnect} and approve access again.`);
      skip(later.slice(1), 'token refused');
      return result();
    }
    if (err instanceof FreshBooksScopeError) err.missingScopes.forEach((s) => missing.add(s));
    advice.push(`FreshBooks: reading the identity failed — ${withHint(err)}`);
  }

  // 3. One read per resource the flows use.
  for (const read of FRESHBOOKS_READS) {
    try {
      const page = await quick.accounting('GET', read.path, { query: { page: 1, per_page: 1 } });
      const total = Number(page.total);
      checks.push({ name: read.name, ok: true, detail: Number.isFinite(total) ? `read OK (${total} in FreshBooks)` : 'read OK' });
    } catch (err) {
      checks.push({ name: read.name, ok: false, detail: reason(err) });
      if (err instanceof FreshBooksScopeError) {
        const lacking = err.missingScopes.length > 0 ? err.missingScopes : [read.scope];
        lacking.forEach((s) => missing.add(s));
      } else {
        advice.push(`FreshBooks: reading ${read.name} failed — ${withHint(err)}`);
      }
    }
  }

  // 4. The scopes the token carries against the scopes the flows need.
  const granted = tokens.scope.split(/\s+/).filter(Boolean);
  if (granted.length > 0) {
    extra.grantedScopes = granted;
    for (const s of needs) if (!granted.includes(s)) missing.add(s);
  }
  const ordered = [...needs.filter((s) => missing.has(s)), ...[...missing].filter((s) => !needs.includes(s)).sort()];
  for (const s of ordered) {
    advice.push(
      `FreshBooks: missing scope ${s} — re-authorise the app with it (enable it on the app in the FreshBooks developer portal, then run ${reconnect}).`,
    );
  }
  checks.push({
    name: 'scopes',
    ok: missing.size === 0,
    detail:
      missing.size > 0
        ? `missing ${ordered.join(', ')}`
        : granted.length > 0
          ? `all ${needs.length} needed scopes granted`
          : 'FreshBooks did not list the token\u2019s scopes; the reads above passed',
  });
  return result();
}
