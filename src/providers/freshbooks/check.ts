/**
 * Is this FreshBooks connection ready for the sync? For `ping`: a valid token (refreshed when
 * it is about to expire), the identity and the connected business, one `per_page=1` read per
 * resource the flows use, and the scopes the token carries against the scopes the flows need.
 * Each problem is a typed finding with its facts; the edge that shows them (ping) turns each
 * into a line of advice naming what to run.
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

interface FreshBooksCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** What the check found, as facts; in the order found, `ready` alone when nothing is wrong. */
export type FreshBooksFinding =
  | { kind: 'ready'; neededScopes: number }
  /** The refresh token was refused (now or before): a person must authorise again. */
  | { kind: 'reauth_required'; error: FreshBooksReauthRequiredError }
  /** The token endpoint refused the refresh for another reason. */
  | { kind: 'refresh_failed'; error: FreshBooksOAuthError }
  | { kind: 'no_token'; error: unknown }
  /** The user who authorised no longer reaches the connected business. */
  | { kind: 'account_not_reached'; accountId: string }
  | { kind: 'unreachable'; apiUrl: string; reason: string }
  /** The API refuses the access token even after a refresh. */
  | { kind: 'token_refused' }
  | { kind: 'identity_failed'; error: unknown }
  | { kind: 'read_failed'; resource: string; error: unknown }
  | { kind: 'missing_scope'; scope: string };

interface FreshBooksReadiness {
  ready: boolean;
  checks: FreshBooksCheck[];
  /** Needed scopes the token lacks (not granted, or refused by a read). */
  missingScopes: string[];
  findings: FreshBooksFinding[];
  grantedScopes?: string[];
  tokenExpiresAt?: string;
  accountId?: string;
  businessName?: string;
}

/** The reads the flows depend on, and the scope that gates each. */
const FRESHBOOKS_READS = [
  { name: 'bill vendors', path: 'bill_vendors/bill_vendors', key: 'bill_vendors', scope: 'user:bill_vendors:read' },
  { name: 'bills', path: 'bills/bills', key: 'bills', scope: 'user:bills:read' },
  { name: 'bill payments', path: 'bill_payments/bill_payments', key: 'bill_payments', scope: 'user:bill_payments:read' },
  { name: 'expense categories', path: 'expenses/categories', key: 'categories', scope: 'user:expenses:read' },
  { name: 'taxes', path: 'taxes/taxes', key: 'taxes', scope: 'user:taxes:read' },
] as const;

function reason(err: unknown): string {
  return (err instanceof AppError ? err.message : errorMessage(err)).replace(/\.$/, '');
}

export async function checkFreshBooks(client: FreshBooksClient, needs: readonly string[] = REQUIRED_SCOPES): Promise<FreshBooksReadiness> {
  const quick = client.withRetryPolicy(QUICK_RETRY);
  const checks: FreshBooksCheck[] = [];
  const findings: FreshBooksFinding[] = [];
  const missing = new Set<string>();
  const extra: Partial<FreshBooksReadiness> = {};
  const skip = (names: string[], why: string) => {
    for (const name of names) checks.push({ name, ok: false, detail: `not checked (${why})` });
  };
  const later = ['identity', ...FRESHBOOKS_READS.map((r) => r.name), 'scopes'];
  const result = (): FreshBooksReadiness => {
    const ready = checks.every((c) => c.ok) && missing.size === 0;
    const ordered = [...needs.filter((s) => missing.has(s)), ...[...missing].filter((s) => !needs.includes(s)).sort()];
    if (ready) findings.unshift({ kind: 'ready', neededScopes: needs.length });
    return { ready, checks, missingScopes: ordered, findings, ...extra };
  };

  // 1. A valid token (refreshed first when it is about to expire).
  let tokens: FreshBooksTokens;
  try {
    tokens = await quick.tokens();
    extra.tokenExpiresAt = new Date(expiresAt(tokens) * 1000).toISOString();
    checks.push({ name: 'token', ok: true, detail: `token OK (valid until ${extra.tokenExpiresAt})` });
  } catch (err) {
    checks.push({ name: 'token', ok: false, detail: reason(err) });
    if (err instanceof FreshBooksReauthRequiredError) findings.push({ kind: 'reauth_required', error: err });
    else if (err instanceof FreshBooksOAuthError) findings.push({ kind: 'refresh_failed', error: err });
    else findings.push({ kind: 'no_token', error: err });
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
      findings.push({ kind: 'account_not_reached', accountId: client.accountId });
    }
  } catch (err) {
    checks.push({ name: 'identity', ok: false, detail: reason(err) });
    if (err instanceof NetworkError || err instanceof TimeoutError) {
      findings.push({ kind: 'unreachable', apiUrl: client.apiUrl, reason: err instanceof NetworkError ? err.reason : 'no answer in time' });
      skip(later.slice(1), 'FreshBooks unreachable');
      return result();
    }
    if (err instanceof FreshBooksUnauthorizedError || err instanceof FreshBooksReauthRequiredError) {
      findings.push({ kind: 'token_refused' });
      skip(later.slice(1), 'token refused');
      return result();
    }
    if (err instanceof FreshBooksScopeError) for (const s of err.missingScopes) missing.add(s);
    findings.push({ kind: 'identity_failed', error: err });
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
        for (const s of err.missingScopes.length > 0 ? err.missingScopes : [read.scope]) missing.add(s);
      } else {
        findings.push({ kind: 'read_failed', resource: read.name, error: err });
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
  for (const scope of ordered) findings.push({ kind: 'missing_scope', scope });
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
