/**
 * Is this Coupa connection ready for the sync? For `ping`: a fresh token (proves the id and
 * secret today, not yesterday's cached token), the scopes it carries, and one `limit=1` read
 * per resource the flows use. Each problem is a typed finding with its facts; the edge that
 * shows them (ping) turns each into a line of advice naming what to run.
 */
import { AppError, errorMessage } from '../../lib/errors.js';
import type { RetryPolicy } from '../retry.js';
import { findRefusedScopes, type IssuedToken } from './auth.js';
import type { CoupaClient } from './client.js';
import { CoupaAuthError, CoupaScopeError } from './errors.js';
import { DEFAULT_COUPA_SCOPES, missingScopes } from './scopes.js';

/** Few, short tries: a person is waiting for the verdict (Retry-After is still honoured, capped at 30 s). */
export const QUICK_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 30_000 };

interface CoupaCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** What the check found, as facts; in the order found, `ready` alone when nothing is wrong. */
export type CoupaFinding =
  | { kind: 'ready'; neededScopes: number }
  /** Coupa refused a token for the connection's scope list because of these scopes; the id and secret work when `credentialsOk`. */
  | { kind: 'scopes_refused'; scopes: string[]; credentialsOk: boolean }
  /** invalid_client: the id or secret is wrong. */
  | { kind: 'credentials_refused'; error: CoupaAuthError }
  | { kind: 'no_token'; error: unknown }
  /** A token was issued without these needed scopes. */
  | { kind: 'scopes_not_granted'; scopes: string[] }
  /** The connection does not ask for these needed scopes; `wanted` is what it should ask for. */
  | { kind: 'scopes_not_requested'; scopes: string[]; wanted: string[] }
  | { kind: 'read_refused'; resource: string; scopes: string[] }
  | { kind: 'read_failed'; resource: string; error: unknown };

interface CoupaReadiness {
  ready: boolean;
  checks: CoupaCheck[];
  /** Needed scopes the connection lacks (not granted by Coupa, or not asked for). */
  missingScopes: string[];
  findings: CoupaFinding[];
  /** What Coupa granted with the fresh token (absent when no token was issued). */
  grantedScopes?: string[];
  tokenExpiresAt?: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function reason(err: unknown): string {
  return err instanceof AppError ? err.message.replace(/\.$/, '') : errorMessage(err);
}

export async function checkCoupa(client: CoupaClient, neededScopes: readonly string[] = DEFAULT_COUPA_SCOPES): Promise<CoupaReadiness> {
  const checks: CoupaCheck[] = [];
  const findings: CoupaFinding[] = [];
  const missing = new Set<string>();
  const configured = client.auth.scopes;
  const notRequested = missingScopes(neededScopes, configured);

  // 1. A fresh token for the scopes the connection asks for.
  let token: IssuedToken | undefined;
  try {
    token = await client.auth.requestToken(configured);
    checks.push({
      name: 'token',
      ok: true,
      detail: `token OK (expires ${new Date(token.expiresAt).toISOString()}; scopes: ${token.granted.join(' ') || 'none echoed'})`,
    });
  } catch (err) {
    if (err instanceof CoupaScopeError) {
      let refused = err.scopes;
      try {
        refused = await findRefusedScopes(client.auth, configured);
      } catch {
        // keep what the first refusal said
      }
      if (refused.length === 0) refused = err.scopes;
      for (const s of refused) missing.add(s);
      checks.push({
        name: 'token',
        ok: false,
        detail: `Coupa refused a token for the connection's scopes because of ${plural(refused.length, 'scope')} the OAuth client lacks: ${refused.join(', ')}`,
      });
      // The id and secret work (each other scope alone got a token); the scope list does not.
      findings.push({ kind: 'scopes_refused', scopes: refused, credentialsOk: refused.length < configured.length });
    } else {
      checks.push({ name: 'token', ok: false, detail: reason(err) });
      findings.push(err instanceof CoupaAuthError ? { kind: 'credentials_refused', error: err } : { kind: 'no_token', error: err });
    }
  }

  // 2. The scopes the flows need, against what the token carries.
  if (token) {
    const notGranted = missingScopes(neededScopes, token.granted).filter((s) => !notRequested.includes(s));
    for (const s of notGranted) missing.add(s);
    if (notGranted.length > 0) findings.push({ kind: 'scopes_not_granted', scopes: notGranted });
  }
  for (const s of notRequested) missing.add(s);
  if (notRequested.length > 0) {
    findings.push({ kind: 'scopes_not_requested', scopes: notRequested, wanted: [...new Set([...configured, ...neededScopes])] });
  }
  checks.push({
    name: 'scopes',
    ok: missing.size === 0 && token !== undefined,
    detail:
      token === undefined && missing.size === 0
        ? 'unknown (no token)'
        : missing.size === 0
          ? `all ${plural(neededScopes.length, 'needed scope')} granted`
          : `missing ${[...missing].join(', ')}`,
  });

  // 3. One read per resource the flows use.
  const reads: Array<[string, () => Promise<unknown[]>, string]> = [
    ['suppliers', () => client.suppliers.probe(), 'supplier'],
    ['purchase orders', () => client.purchaseOrders.probe(), 'purchase order'],
    ['invoices', () => client.invoices.probe(), 'invoice'],
  ];
  for (const [name, read, noun] of reads) {
    if (!token) {
      checks.push({ name, ok: false, detail: 'not tried (no token)' });
      continue;
    }
    try {
      const rows = await read();
      checks.push({ name, ok: true, detail: rows.length > 0 ? `read OK (1 ${noun} read and parsed)` : `read OK (no ${noun}s yet)` });
    } catch (err) {
      checks.push({ name, ok: false, detail: reason(err) });
      if (err instanceof CoupaScopeError) {
        const fresh = err.scopes.filter((s) => !missing.has(s));
        for (const s of fresh) missing.add(s);
        if (fresh.length > 0) findings.push({ kind: 'read_refused', resource: name, scopes: fresh });
      } else {
        findings.push({ kind: 'read_failed', resource: name, error: err });
      }
    }
  }

  const ready = checks.every((c) => c.ok) && missing.size === 0;
  if (ready) findings.unshift({ kind: 'ready', neededScopes: neededScopes.length });
  // The scopes line names every missing scope once, in the order the flows list them.
  const ordered = [...neededScopes.filter((s) => missing.has(s)), ...[...missing].filter((s) => !neededScopes.includes(s))];
  const result: CoupaReadiness = { ready, checks, missingScopes: ordered, findings };
  if (token) {
    result.grantedScopes = token.granted;
    result.tokenExpiresAt = new Date(token.expiresAt).toISOString();
  }
  return result;
}
