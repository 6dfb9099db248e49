/**
 * `ml-connector connect coupa --tenant T --instance-url URL --client-id ID --client-secret S [--scopes "…"]`
 *
 * Asks Coupa for a token at once (proving the id, secret and scopes), then stores everything
 * sealed by the vault and prints what was connected — never the secret.
 */
import type { Command } from 'commander';
import { errorMessage, UsageError } from '../../lib/errors.js';
import { DEFAULT_COUPA_SCOPES, parseScopes } from '../../providers/coupa/scopes.js';
import { action, withExample, type ProgramIo } from '../program.js';
import { startDateOnConnect } from '../start-date.js';

interface ConnectCoupaOptions {
  tenant: string;
  startDate?: string;
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
}

const EXAMPLE_URL = 'https://acme.coupahost.com';

/** The instance's base URL, normalised (no trailing slash), or a UsageError saying what is wrong. */
export function parseInstanceUrl(input: string): { url: string; insecure: boolean } {
  const given = input.trim();
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UsageError(
      `--instance-url '${given.slice(0, 80)}' is not a URL.`,
      `Give the base URL of the Coupa instance, e.g. ${EXAMPLE_URL}.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(
      `--instance-url must be an http(s) URL, got '${url.protocol.replace(/:$/, '')}:'.`,
      `Give the base URL of the Coupa instance, e.g. ${EXAMPLE_URL}.`,
    );
  }
  if (url.username || url.password) {
    throw new UsageError(
      '--instance-url must not contain a user name or password.',
      'Pass the OAuth client with --client-id and --client-secret instead.',
    );
  }
  if (url.search || url.hash) {
    throw new UsageError(
      '--instance-url must not have a query (?…) or fragment (#…).',
      `Give the base URL of the Coupa instance, e.g. ${EXAMPLE_URL}.`,
    );
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/(api|oauth2)(\/|$)/.test(path)) {
    throw new UsageError(
      `--instance-url should be the instance's base URL, not an API path (${url.pathname}).`,
      `Drop the path: e.g. ${url.origin}.`,
    );
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return { url: url.origin + path, insecure: url.protocol === 'http:' && !loopback };
}

export function registerConnectCoupa(connect: Command, io: ProgramIo): void {
  withExample(
    connect
      .command('coupa')
      .description('connect a tenant to its Coupa instance with an OAuth2 client (client credentials); gets a token at once to prove them')
      .requiredOption('--tenant <tenant>', 'the tenant to connect')
      .requiredOption('--instance-url <url>', `base URL of the Coupa instance, e.g. ${EXAMPLE_URL}`)
      .requiredOption('--client-id <id>', "the OAuth client's identifier (Coupa: Setup > Integrations > OAuth2/OpenID Connect Clients)")
      .requiredOption('--client-secret <secret>', "the OAuth client's secret (stored encrypted, never printed)")
      .option('--scopes <scopes>', 'space-separated scopes to ask for', DEFAULT_COUPA_SCOPES.join(' '))
      .option(
        '--start-date <date>',
        'for a tenant with none yet: POs and invoices dated from this day on become bills (asked on a terminal; default: the first day of this month)',
      )
      .action(
        action<ConnectCoupaOptions>(io, async (ctx, opts) => {
          const { connectCoupa } = await import('../../app/coupa-connect.js');
          const { requireTenant } = await import('../../store/queries/tenants.js');
          const { url: instanceUrl, insecure } = parseInstanceUrl(opts.instanceUrl);
          let scopes: string[];
          try {
            scopes = parseScopes(opts.scopes);
          } catch (err) {
            throw new UsageError(
              `--scopes: ${errorMessage(err)}.`,
              `Separate scopes with spaces, e.g. --scopes "${DEFAULT_COUPA_SCOPES.join(' ')}".`,
            );
          }
          if (scopes.length === 0)
            throw new UsageError(
              '--scopes is empty.',
              `Leave it out for the default, or name scopes, e.g. --scopes "${DEFAULT_COUPA_SCOPES.join(' ')}".`,
            );
          const clientId = opts.clientId.trim();
          if (clientId === '') throw new UsageError('--client-id is empty.', 'Copy the Identifier of the OAuth client from Coupa.');
          if (opts.clientSecret.trim() === '')
            throw new UsageError('--client-secret is empty.', 'Copy the Secret of the OAuth client from Coupa.');

          const store = await ctx.store();
          await requireTenant(store.db, opts.tenant);
          const startDate = await startDateOnConnect(ctx, opts.tenant, opts.startDate, {
            stdin: io.stdin ?? process.stdin,
            stderr: io.stderr,
          });
          if (insecure) ctx.warn(`warning: ${instanceUrl} is plain http; Coupa instances are served over https only.`);
          const { granted, notGranted, tokenExpiresAt, replaced } = await connectCoupa(await ctx.tenantScope(opts.tenant), {
            instanceUrl,
            clientId,
            clientSecret: opts.clientSecret,
            scopes,
          });

          await startDate.save();
          if (notGranted.length > 0)
            ctx.warn(
              `warning: Coupa did not grant ${notGranted.join(', ')}; calls that need ${notGranted.length === 1 ? 'it' : 'them'} will fail until the OAuth client has ${notGranted.length === 1 ? 'it' : 'them'}.`,
            );
          const expires = new Date(tokenExpiresAt).toISOString();
          ctx.print(
            {
              tenant: opts.tenant,
              provider: 'coupa',
              instanceUrl,
              clientId,
              scopesRequested: scopes,
              scopesGranted: granted,
              missingScopes: notGranted,
              tokenExpiresAt: expires,
              replaced,
            },
            [
              `Connected tenant '${opts.tenant}' to Coupa at ${instanceUrl}${replaced ? ' (replacing the previous Coupa connection)' : ''}.`,
              `  client id:      ${clientId}`,
              `  scopes granted: ${granted.join(' ')}`,
              `  token expires:  ${expires}`,
              `Credentials are stored encrypted. Next: \`ml-connector ping --tenant ${opts.tenant}\`.`,
            ].join('\n'),
          );
        }),
      ),
    `ml-connector connect coupa --tenant acme --instance-url ${EXAMPLE_URL} --client-id 3f9c… --client-secret "$COUPA_SECRET"`,
  );
}
