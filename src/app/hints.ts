/**
 * The hint a person sees for an error of a provider client. The providers say what went wrong
 * in their own terms — typed errors carrying facts, hints that name no command of ours — and
 * this module names the `ml-connector` command (and flag) that fixes it, for the tenant at
 * hand. Used wherever such an error reaches a person: the CLI, the worker's stored outcome
 * (read with `deliveries` and on the dashboard), `ping`'s advice and the OAuth callback page.
 */
import { AppError, errorMessage } from '../lib/errors.js';
import { COUPA_OAUTH_CLIENTS_PAGE, CoupaApiError, CoupaAuthError, CoupaScopeError } from '../providers/coupa/errors.js';
import {
  FreshBooksOAuthError,
  FreshBooksReauthRequiredError,
  FreshBooksResponseError,
  FreshBooksScopeError,
  FreshBooksUnauthorizedError,
} from '../providers/freshbooks/errors.js';

/** `ml-connector connect <side> --tenant T …`, the command that (re)connects a tenant. */
export function connectCommand(side: 'coupa' | 'freshbooks', tenantId: string | undefined): string {
  return `ml-connector connect ${side} --tenant ${tenantId ?? '<tenant>'} …`;
}

function them(n: number): string {
  return n === 1 ? 'it' : 'them';
}

function coupaHint(err: unknown, tenantId: string | undefined): string | undefined {
  const connect = connectCommand('coupa', tenantId);
  if (err instanceof CoupaAuthError) {
    return err.reason === 'invalid_client'
      ? `Check the client id and secret of the OAuth client (Coupa: ${COUPA_OAUTH_CLIENTS_PAGE}) and run \`${connect}\` again.`
      : `Check that the OAuth client is active and its scopes cover this call; then run \`ml-connector ping --tenant ${tenantId ?? '<tenant>'}\`.`;
  }
  if (err instanceof CoupaScopeError) {
    return `Add ${them(err.scopes.length)} to the OAuth client in Coupa (${COUPA_OAUTH_CLIENTS_PAGE}), or connect again with --scopes listing only the scopes the client has (\`${connect} --scopes "…"\`).`;
  }
  if (err instanceof CoupaApiError && err.code === 'coupa_no_token_endpoint') {
    return `Check --instance-url: it is the base URL of the Coupa instance, e.g. https://acme.coupahost.com (\`${connect}\`).`;
  }
  return undefined;
}

function freshbooksHint(err: unknown, tenantId: string | undefined): string | undefined {
  const connect = connectCommand('freshbooks', tenantId);
  if (err instanceof FreshBooksReauthRequiredError) {
    return `Authorise again: \`${connect}\` (without --code it prints the URL to open).`;
  }
  if (err instanceof FreshBooksOAuthError) {
    // A token endpoint failing or busy says so itself; nothing to run.
    if (err.status !== undefined && (err.status === 429 || err.status >= 500)) return undefined;
    switch (err.oauthError) {
      case 'invalid_client':
      case 'unauthorized_client':
        return `Check --client-id and --client-secret against the app in the FreshBooks developer portal, then run \`${connect}\` again.`;
      case 'invalid_grant':
        return `The authorisation code is single-use and lives 5 minutes: run \`${connect}\` again for a new one.`;
      case 'invalid_scope':
        return undefined;
      default:
        return 'Check --client-id, --client-secret and --redirect-uri (it must match the app\u2019s registered redirect URI exactly).';
    }
  }
  if (err instanceof FreshBooksUnauthorizedError) {
    return `The token was refused even after a refresh; authorise again with \`${connect}\`.`;
  }
  if (err instanceof FreshBooksScopeError) {
    const n = err.missingScopes.length;
    return n > 0
      ? `re-authorise with ${them(n)}: enable ${err.missingScopes.join(' ')} on the app in the FreshBooks developer portal, then run \`${connect}\` again`
      : `Check the scopes enabled on the app in the FreshBooks developer portal and the role of the user who authorised it, then run \`${connect}\` again.`;
  }
  if (err instanceof FreshBooksResponseError) {
    return 'Check that --api-url points at the FreshBooks API (https://api.freshbooks.com); if it does, report this with the time of the call.';
  }
  return undefined;
}

/** What a person should do about `err`, naming the command to run; undefined when the error's own hint says it best. */
export function hintFor(err: unknown, tenantId?: string): string | undefined {
  return coupaHint(err, tenantId) ?? freshbooksHint(err, tenantId);
}

/** The one line a person reads: "what went wrong — what to do". */
export function explain(err: unknown, tenantId?: string): string {
  const hint = hintFor(err, tenantId);
  return err instanceof AppError && hint !== undefined ? `${err.message} — ${hint}` : errorMessage(err);
}

/** The same error with another hint (its code and message kept, the original as its cause). */
export function rehinted(err: AppError, hint: string): AppError {
  return new AppError(err.code, err.message, hint, { cause: err });
}

/** `err` as it should leave the edge: with `hintFor`'s hint when there is one, else as it is. */
export function withHintFor(err: unknown, tenantId?: string): unknown {
  const hint = hintFor(err, tenantId);
  return err instanceof AppError && hint !== undefined ? rehinted(err, hint) : err;
}
