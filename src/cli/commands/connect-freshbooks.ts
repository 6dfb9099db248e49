/**
 * `ml-connector connect freshbooks --tenant T --client-id ID --client-secret S --redirect-uri URI
 *   [--auth-url URL] [--api-url URL] [--code CODE | --refresh-token TOKEN] [--account-id ID]`
 *
 * Without --code/--refresh-token: prints the authorize URL (its `state` stored server-side,
 * 10 minutes, single use); `serve` finishes the connection at the redirect URI. With --code:
 * exchanges it at once. With --refresh-token: spends it at once and keeps the NEW pair. Then
 * reads the identity, picks the business (--account-id when there are several) and stores
 * everything encrypted. Prints what was connected — never a token or the secret.
 */
import type { Command } from 'commander';
import type { ConnectedFreshBooks, FreshBooksAppSettings } from '../../app/freshbooks-connect.js';
import { FRESHBOOKS_CALLBACK_PATH } from '../../app/endpoints.js';
import { AppError, UsageError } from '../../lib/errors.js';
import { DEFAULT_API_URL, DEFAULT_AUTH_URL } from '../../providers/freshbooks/auth.js';
import { NetworkError, TimeoutError } from '../../providers/http.js';
import { action, withExample, type ProgramIo } from '../program.js';
import { startDateOnConnect } from '../start-date.js';
import type { CliContext } from '../context.js';

interface ConnectFreshBooksOptions {
  tenant: string;
  startDate?: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  authUrl: string;
  apiUrl: string;
  code?: string;
  refreshToken?: string;
  accountId?: string;
}

/** An http(s) base URL without query or credentials, trailing slashes dropped; or a UsageError. */
function parseBaseUrl(flag: string, input: string, example: string): string {
  const given = input.trim();
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UsageError(`${flag} '${given.slice(0, 80)}' is not a URL.`, `Give an absolute http(s) URL, e.g. ${example}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`${flag} must be an http(s) URL, got '${url.protocol.replace(/:$/, '')}:'.`, `E.g. ${example}.`);
  if (url.username || url.password) throw new UsageError(`${flag} must not contain a user name or password.`, `E.g. ${example}.`);
  if (url.search || url.hash) throw new UsageError(`${flag} must not have a query (?…) or fragment (#…).`, `E.g. ${example}.`);
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** The redirect URI exactly as registered on the app: absolute http(s), no query (FreshBooks refuses one). */
function parseRedirectUri(input: string): string {
  const given = input.trim();
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UsageError(
      `--redirect-uri '${given.slice(0, 80)}' is not a URL.`,
      `Give the redirect URI registered on the FreshBooks app, e.g. https://sync.example.com${FRESHBOOKS_CALLBACK_PATH}.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(
      `--redirect-uri must be an http(s) URL, got '${url.protocol.replace(/:$/, '')}:'.`,
      `E.g. https://sync.example.com${FRESHBOOKS_CALLBACK_PATH}.`,
    );
  if (url.search || url.hash) {
    throw new UsageError(
      '--redirect-uri must not have a query (?…) or fragment (#…): FreshBooks refuses redirect URIs with a query string.',
      `Register and pass a plain URI, e.g. https://sync.example.com${FRESHBOOKS_CALLBACK_PATH}.`,
    );
  }
  return given;
}

function nonEmpty(flag: string, value: string | undefined, hint: string): string {
  const v = (value ?? '').trim();
  if (v === '') throw new UsageError(`${flag} is empty.`, hint);
  return v;
}

/** Network failures get a hint about the flag that chose the host. */
function aboutApiUrl(err: unknown, apiUrl: string): unknown {
  if (err instanceof NetworkError || err instanceof TimeoutError) {
    return new AppError(
      err.code,
      err.message,
      `Check --api-url (now ${apiUrl}; the default is ${DEFAULT_API_URL}) and that the host is reachable from here.`,
      { cause: err },
    );
  }
  return err;
}

function printConnected(ctx: CliContext, done: ConnectedFreshBooks, replaced: boolean): void {
  if (done.missingScopes.length > 0) {
    ctx.warn(
      `warning: the token lacks ${done.missingScopes.join(', ')}; the flows that need ${done.missingScopes.length === 1 ? 'it' : 'them'} will fail — enable ${done.missingScopes.length === 1 ? 'it' : 'them'} on the app in the FreshBooks developer portal and connect again.`,
    );
  }
  ctx.print(
    {
      tenant: done.tenantId,
      provider: 'freshbooks',
      status: 'connected',
      businessName: done.businessName,
      accountId: done.accountId,
      businessId: done.businessId,
      user: done.user,
      scopes: done.scopes,
      missingScopes: done.missingScopes,
      tokenExpiresAt: done.tokenExpiresAt,
      replaced,
    },
    [
      `Connected tenant '${done.tenantId}' to FreshBooks business '${done.businessName}' (account id ${done.accountId})${replaced ? ', replacing the previous FreshBooks connection' : ''}.`,
      `  authorised by:  ${done.user ?? 'unknown user'}`,
      `  scopes:         ${done.scopes.join(' ') || '(FreshBooks did not list them)'}`,
      `  token expires:  ${done.tokenExpiresAt} (renewed automatically)`,
      `Credentials are stored encrypted. Next: \`ml-connector ping --tenant ${done.tenantId}\`.`,
    ].join('\n'),
  );
}

export function registerConnectFreshBooks(connect: Command, io: ProgramIo): void {
  withExample(
    connect
      .command('freshbooks')
      .description(
        'connect a tenant to a FreshBooks business by OAuth2: prints the URL to approve access (serve finishes it), or uses --code / --refresh-token at once',
      )
      .requiredOption('--tenant <tenant>', 'the tenant to connect')
      .requiredOption('--client-id <id>', "the app's client id (FreshBooks developer portal)")
      .requiredOption('--client-secret <secret>', "the app's client secret (stored encrypted, never printed)")
      .requiredOption(
        '--redirect-uri <uri>',
        `the redirect URI registered on the app, served by \`ml-connector serve\` at ${FRESHBOOKS_CALLBACK_PATH}`,
      )
      .option('--auth-url <url>', 'FreshBooks authorization server', DEFAULT_AUTH_URL)
      .option('--api-url <url>', 'FreshBooks API (also serves the token endpoint)', DEFAULT_API_URL)
      .option('--code <code>', 'an authorization code to exchange now (single use, valid 5 minutes)')
      .option('--refresh-token <token>', 'a refresh token to use now, e.g. from the developer portal (it is spent: the new one is kept)')
      .option('--account-id <id>', 'the business to connect when the user has several (its account id)')
      .option(
        '--start-date <date>',
        'for a tenant with none yet: POs and invoices dated from this day on become bills (asked on a terminal; default: the first day of this month)',
      )
      .action(
        action<ConnectFreshBooksOptions>(io, async (ctx, opts) => {
          const { completePendingFreshBooks, connectFreshBooks, startFreshBooksAuthorization } =
            await import('../../app/freshbooks-connect.js');
          const { getCredential } = await import('../../store/queries/credentials.js');
          const { requireTenant } = await import('../../store/queries/tenants.js');
          const clientId = nonEmpty('--client-id', opts.clientId, 'Copy the client id of the app from the FreshBooks developer portal.');
          const clientSecret = nonEmpty(
            '--client-secret',
            opts.clientSecret,
            'Copy the client secret of the app from the FreshBooks developer portal.',
          );
          const redirectUri = parseRedirectUri(opts.redirectUri);
          const authUrl = parseBaseUrl('--auth-url', opts.authUrl, DEFAULT_AUTH_URL);
          const apiUrl = parseBaseUrl('--api-url', opts.apiUrl, DEFAULT_API_URL);
          if (opts.code !== undefined && opts.refreshToken !== undefined) {
            throw new UsageError(
              '--code and --refresh-token cannot be used together.',
              'Pass the authorization code from the redirect, or a refresh token, not both.',
            );
          }
          const code =
            opts.code === undefined
              ? undefined
              : nonEmpty('--code', opts.code, 'Pass the code= value of the address FreshBooks redirected to.');
          const refreshToken =
            opts.refreshToken === undefined
              ? undefined
              : nonEmpty('--refresh-token', opts.refreshToken, 'Pass a refresh token issued for this app.');
          const accountId =
            opts.accountId === undefined
              ? undefined
              : nonEmpty('--account-id', opts.accountId, 'Pass the account id of the business to connect.');
          const app: FreshBooksAppSettings = { clientId, clientSecret, redirectUri, authUrl, apiUrl };

          const store = await ctx.store();
          await requireTenant(store.db, opts.tenant);
          const startDate = await startDateOnConnect(ctx, opts.tenant, opts.startDate, {
            stdin: io.stdin ?? process.stdin,
            stderr: io.stderr,
          });
          const scope = await ctx.tenantScope(opts.tenant);
          const previous = await getCredential(store.db, opts.tenant, 'freshbooks');
          const deps = { timeoutMs: 20_000 };

          try {
            const grant = code !== undefined ? { code } : refreshToken !== undefined ? { refreshToken } : undefined;
            if (grant) {
              const connected = await connectFreshBooks(scope, app, grant, { accountId, deps });
              await startDate.save();
              printConnected(ctx, connected, previous !== undefined);
              return;
            }
            if (accountId !== undefined) {
              const done = await completePendingFreshBooks(scope, app, accountId, deps);
              if (done) {
                await startDate.save();
                printConnected(ctx, done, previous !== undefined);
                return;
              }
            }
          } catch (err) {
            throw aboutApiUrl(err, apiUrl);
          }

          const started = await startFreshBooksAuthorization(scope, app, { accountId });
          if (new URL(redirectUri).pathname.replace(/\/+$/, '') !== FRESHBOOKS_CALLBACK_PATH) {
            ctx.warn(
              `note: \`ml-connector serve\` finishes the connection at ${FRESHBOOKS_CALLBACK_PATH}; your redirect URI's path is ${new URL(redirectUri).pathname}. Make sure it reaches serve.`,
            );
          }
          await startDate.save();
          const expires = new Date(started.expiresAt).toISOString();
          ctx.print(
            {
              tenant: opts.tenant,
              provider: 'freshbooks',
              status: 'authorization_pending',
              authorizeUrl: started.url,
              redirectUri,
              expiresAt: expires,
              accountId: accountId ?? null,
            },
            [
              `Open this URL in a browser, sign in to FreshBooks and approve access for tenant '${opts.tenant}':`,
              '',
              `  ${started.url}`,
              '',
              `FreshBooks then sends the browser to ${redirectUri}, where \`ml-connector serve\` must be running: it finishes the connection and shows what was connected.`,
              `The link works once, until ${expires} (10 minutes).`,
              `Without serve: after approving, copy the code= value from the browser's address bar and run this command again with --code <code> (within 5 minutes).`,
            ].join('\n'),
          );
        }),
      ),
    'ml-connector connect freshbooks --tenant acme --client-id … --client-secret "$FB_SECRET" --redirect-uri https://sync.example.com/oauth/freshbooks/callback',
    'ml-connector connect freshbooks --tenant acme --client-id … --client-secret "$FB_SECRET" --redirect-uri https://sync.example.com/oauth/freshbooks/callback --code 5f2c…',
  );
}
