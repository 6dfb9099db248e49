/**
 * Is this Coupa connection ready for the sync? For `ping`: a fresh token (proves the id and
 * secret today, not yesterday's cached token), the scopes it carries, and one `limit=1` read
 * per resource the flows use, each turned into a verdict a person can act on.
 */
import { AppError, errorMessage } from '../../lib/errors.js';
import { findRefusedScopes, type IssuedToken } from './auth.js';
import type { CoupaClient } from './client.js';
import { CoupaAuthError, CoupaScopeError } from './errors.js';
import { DEFAULT_COUPA_SCOPES, missingScopes } from './scopes.js';
import type { RetryPolicy } from '../retry.js';

/** Few, short tries: a person is waiting for the verdict (Retry-After is still honoured, capped at 30 s). */
export const QUICK_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 30_000 };

export interface CoupaCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface CoupaReadiness {
  ready: boolean;
  checks: CoupaCheck[];
  /** Needed scopes the connection lacks (not granted by Coupa, or not asked for). */
  missingScopes: string[];
  /** One line per thing to do, starting with "Coupa:". */
  advice: string[];
  /** What Coupa granted with the fresh token (absent when no token was issued). */
  grantedScopes?: string[];
  tokenExpiresAt?: string;
}

const OAUTH_CLIENTS = 'Coupa: Setup > Integrations > OAuth2/OpenID Connect Clients';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function reason(err: unknown): string {
  return err instanceof AppError ? err.message.replace(/\.$/, '') : errorMessage(err);
}

export async function checkCoupa(client: CoupaClient, neededScopes: readonly string[] = DEFAULT_COUPA_SCOPES): Promise<CoupaReadiness> {
  const checks: CoupaCheck[] = [];
  const advice: string[] = [];
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
      const it = refused.length === 1 ? 'it' : 'them';
      // The id and secret work (each other scope alone got a token); the scope list does not.
      const credentialsOk = refused.length < configured.length;
      checks.push({
        name: 'token',
        ok: false,
        detail: `Coupa refused a token for the connection's scopes because of ${plural(refused.length, 'scope')} the OAuth client lacks: ${refused.join(', ')}`,
      });
      advice.push(
        `Coupa: ${credentialsOk ? 'credentials OK' : 'token refused'}; missing scope${refused.length === 1 ? '' : 's'} ${refused.join(', ')} — add ${it} to the OAuth client (${OAUTH_CLIENTS}), or connect again with --scopes without ${it}.`,
      );
    } else if (err instanceof CoupaAuthError) {
      checks.push({ name: 'token', ok: false, detail: reason(err) });
      advice.push(
        `Coupa: the client id/secret were refused (invalid_client) — check them in ${OAUTH_CLIENTS} and run \`ml-connector connect coupa\` again.`,
      );
    } else {
      checks.push({ name: 'token', ok: false, detail: reason(err) });
      advice.push(`Coupa: no token — ${reason(err)}${err instanceof AppError && err.hint ? ` — ${err.hint}` : ''}`);
    }
  }

  // 2. The scopes the flows need, against what the token carries.
  if (token) {
    const notGranted = missingScopes(neededScopes, token.granted).filter((s) => !notRequested.includes(s));
    for (const s of notGranted) missing.add(s);
    if (notGranted.length > 0) {
      advice.push(
        `Coupa: token OK; missing scope${notGranted.length === 1 ? '' : 's'} ${notGranted.join(', ')} — add ${notGranted.length === 1 ? 'it' : 'them'} to the OAuth client (${OAUTH_CLIENTS}).`,
      );
    }
  }
  for (const s of notRequested) missing.add(s);
  if (notRequested.length > 0) {
    advice.push(
      `Coupa: scope${notRequested.length === 1 ? '' : 's'} ${notRequested.join(', ')} not requested by this connection — run \`ml-connector connect coupa … --scopes "${[...new Set([...configured, ...neededScopes])].join(' ')}"\`.`,
    );
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
        if (fresh.length > 0)
          advice.push(`Coupa: reading ${name} refused; missing scope ${fresh.join(', ')} — add it to the OAuth client (${OAUTH_CLIENTS}).`);
      } else {
        advice.push(`Coupa: reading ${name} failed — ${reason(err)}${err instanceof AppError && err.hint ? ` — ${err.hint}` : ''}`);
      }
    }
  }

  const ready = checks.every((c) => c.ok) && missing.size === 0;
  if (ready)
    advice.unshift(
      `Coupa: ready — token OK, all ${plural(neededScopes.length, 'needed scope')} granted, suppliers, purchase orders and invoices readable.`,
    );
  // The scopes line names every missing scope once, in the order the flows list them.
  const ordered = [...neededScopes.filter((s) => missing.has(s)), ...[...missing].filter((s) => !neededScopes.includes(s))];
  const result: CoupaReadiness = { ready, checks, missingScopes: ordered, advice };
  if (token) {
    result.grantedScopes = token.granted;
    result.tokenExpiresAt = new Date(token.expiresAt).toISOString();
  }
  return result;
}
