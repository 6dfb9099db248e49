/**
 * `ping`'s advice: one line per finding of a readiness check (providers/*\/check.ts), each
 * saying what is wrong and what to do — here, at the edge, where the commands to run are known.
 */
import { AppError, errorMessage } from '../lib/errors.js';
import type { CoupaFinding } from '../providers/coupa/check.js';
import { COUPA_OAUTH_CLIENTS_PAGE } from '../providers/coupa/errors.js';
import type { FreshBooksFinding } from '../providers/freshbooks/check.js';
import { connectCommand, hintFor } from './hints.js';

const OAUTH_CLIENTS = `Coupa: ${COUPA_OAUTH_CLIENTS_PAGE}`;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function them(n: number): string {
  return n === 1 ? 'it' : 'them';
}

function reason(err: unknown): string {
  return (err instanceof AppError ? err.message : errorMessage(err)).replace(/\.$/, '');
}

/** "reason — what to do", the hint naming our command when there is one. */
function withHint(err: unknown, tenantId: string): string {
  const hint = hintFor(err, tenantId) ?? (err instanceof AppError ? err.hint : undefined);
  return hint ? `${reason(err)} — ${hint}` : reason(err);
}

function coupaLine(f: CoupaFinding, tenantId: string): string {
  const connect = connectCommand('coupa', tenantId);
  switch (f.kind) {
    case 'ready':
      return `Coupa: ready — token OK, all ${plural(f.neededScopes, 'needed scope')} granted, suppliers, purchase orders and invoices readable.`;
    case 'scopes_refused':
      return `Coupa: ${f.credentialsOk ? 'credentials OK' : 'token refused'}; missing scope${f.scopes.length === 1 ? '' : 's'} ${f.scopes.join(', ')} — add ${them(f.scopes.length)} to the OAuth client (${OAUTH_CLIENTS}), or connect again with --scopes without ${them(f.scopes.length)} (\`${connect} --scopes "…"\`).`;
    case 'credentials_refused':
      return `Coupa: the client id/secret were refused (invalid_client) — check them in ${OAUTH_CLIENTS} and run \`${connect}\` again.`;
    case 'no_token':
      return `Coupa: no token — ${withHint(f.error, tenantId)}`;
    case 'scopes_not_granted':
      return `Coupa: token OK; missing scope${f.scopes.length === 1 ? '' : 's'} ${f.scopes.join(', ')} — add ${them(f.scopes.length)} to the OAuth client (${OAUTH_CLIENTS}).`;
    case 'scopes_not_requested':
      return `Coupa: scope${f.scopes.length === 1 ? '' : 's'} ${f.scopes.join(', ')} not requested by this connection — run \`${connect} --scopes "${f.wanted.join(' ')}"\`.`;
    case 'read_refused':
      return `Coupa: reading ${f.resource} refused; missing scope ${f.scopes.join(', ')} — add ${them(f.scopes.length)} to the OAuth client (${OAUTH_CLIENTS}).`;
    case 'read_failed':
      return `Coupa: reading ${f.resource} failed — ${withHint(f.error, tenantId)}`;
  }
}

function freshbooksLine(f: FreshBooksFinding, tenantId: string): string {
  const reconnect = `\`${connectCommand('freshbooks', tenantId)}\``;
  switch (f.kind) {
    case 'ready':
      return `FreshBooks: ready — token OK, all ${f.neededScopes} needed scopes granted, bill vendors, bills, bill payments, expense categories and taxes readable.`;
    case 'reauth_required':
      return `FreshBooks: the connection needs re-authorisation (${reason(f.error)}) — run ${reconnect} and approve access again.`;
    case 'refresh_failed':
      return `FreshBooks: the token could not be refreshed — ${withHint(f.error, tenantId)}`;
    case 'no_token':
      return `FreshBooks: no token — ${withHint(f.error, tenantId)}`;
    case 'account_not_reached':
      return `FreshBooks: account ${f.accountId} is not among the authorising user's businesses — have a user of that business run ${reconnect} again.`;
    case 'unreachable':
      return `FreshBooks: cannot reach ${f.apiUrl} — ${f.reason}; check the network and the API URL the tenant was connected with.`;
    case 'token_refused':
      return `FreshBooks: the token is refused — run ${reconnect} and approve access again.`;
    case 'identity_failed':
      return `FreshBooks: reading the identity failed — ${withHint(f.error, tenantId)}`;
    case 'read_failed':
      return `FreshBooks: reading ${f.resource} failed — ${withHint(f.error, tenantId)}`;
    case 'missing_scope':
      return `FreshBooks: missing scope ${f.scope} — re-authorise the app with it (enable it on the app in the FreshBooks developer portal, then run ${reconnect}).`;
  }
}

export function coupaAdvice(findings: readonly CoupaFinding[], tenantId: string): string[] {
  return findings.map((f) => coupaLine(f, tenantId));
}

export function freshbooksAdvice(findings: readonly FreshBooksFinding[], tenantId: string): string[] {
  return findings.map((f) => freshbooksLine(f, tenantId));
}
