import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.js';
import type { RegisterResult, WebhooksView } from '../../app/webhook-setup.js';

/** How long `webhooks register` waits for FreshBooks to verify the callbacks, by default. */
const DEFAULT_WAIT_SECONDS = 60;
import { parsePublicUrl } from '../options.js';
import { action, withExample, type ProgramIo } from '../program.js';

interface RegisterOptions {
  tenant: string;
  publicUrl: string;
  wait: string;
}

interface ShowOptions {
  tenant: string;
  publicUrl?: string;
  rotateCoupaSecret?: boolean;
}

function waitSeconds(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 3600)
    throw new UsageError(`--wait must be a whole number of seconds from 1 to 3600; got '${text}'.`);
  return n;
}

const ACTION_TEXT = { created: 'created', kept: 'already there', resent: 'verification sent again' } as const;

function registerText(r: RegisterResult): string {
  const lines = [
    `FreshBooks callbacks of tenant '${r.tenant}' → ${r.freshbooks.url}`,
    '  ' + 'ID'.padEnd(12) + 'EVENT'.padEnd(22) + 'VERIFIED'.padEnd(10) + 'THIS RUN',
    ...r.freshbooks.callbacks.map(
      (c) => '  ' + c.id.padEnd(12) + c.event.padEnd(22) + (c.verified ? 'yes' : 'no').padEnd(10) + ACTION_TEXT[c.action],
    ),
    `Coupa push URL: ${r.coupa.url}${r.coupa.secretCreated ? ' (a push secret was made for it)' : ''}`,
    `The push secret: \`ml-connector webhooks show --tenant ${r.tenant}\`.`,
    r.changed ? 'Webhooks registered and verified.' : 'Nothing changed: everything was already registered and verified.',
  ];
  return lines.join('\n');
}

function showText(v: WebhooksView): string {
  const lines: string[] = [];
  if (v.freshbooks.callbacks.length === 0) {
    lines.push(
      `FreshBooks callbacks of tenant '${v.tenant}': none yet (run \`ml-connector webhooks register --tenant ${v.tenant} --public-url URL\`).`,
    );
  } else {
    lines.push(`FreshBooks callbacks of tenant '${v.tenant}':`);
    lines.push('  ' + 'ID'.padEnd(12) + 'EVENT'.padEnd(22) + 'VERIFIED'.padEnd(10) + 'URI');
    for (const c of v.freshbooks.callbacks)
      lines.push('  ' + c.id.padEnd(12) + c.event.padEnd(22) + (c.verified ? 'yes' : 'no').padEnd(10) + c.uri);
  }
  lines.push(
    `Coupa push URL:    ${v.coupa.url ?? `unknown — pass --public-url, or run \`ml-connector webhooks register --tenant ${v.tenant} --public-url URL\`; the path is /webhooks/coupa/${v.tenant}`}`,
    `Coupa push secret: ${v.coupa.secret}`,
    `  (${v.coupa.rotated ? 'new, made now' : v.coupa.secretCreated ? 'made now' : `since ${v.coupa.secretCreatedAt}`}; sign pushes Standard Webhooks style: webhook-id, webhook-timestamp, webhook-signature v1 over "id.timestamp.body")`,
  );
  for (const p of v.coupa.previousSecrets) lines.push(`  previous secret (made ${p.createdAt}) still accepted until ${p.acceptedUntil}`);
  return lines.join('\n');
}

export function registerWebhooks(program: Command, io: ProgramIo): void {
  const webhooks = program
    .command('webhooks')
    .description('the webhook endpoints of a tenant: FreshBooks callbacks and the Coupa push URL and secret');
  withExample(
    webhooks,
    'ml-connector webhooks register --tenant acme --public-url https://sync.example.com',
    'ml-connector webhooks show --tenant acme',
  );

  withExample(
    webhooks
      .command('register')
      .description(
        'register the FreshBooks callbacks (bill.create|update|delete, bill_vendor.create|update|delete) at <public-url>/webhooks/freshbooks/<tenant> and complete their ' +
          'verification, which needs `ml-connector serve` running and reachable at that URL (it answers FreshBooks\u2019 verification message); waits until FreshBooks ' +
          'lists them verified. Makes sure the tenant has a Coupa push secret. Running it again changes nothing.',
      )
      .requiredOption('--tenant <tenant>', 'the tenant')
      .requiredOption('--public-url <url>', 'the URL serve is reached at from the internet (its --public-url)')
      .option('--wait <seconds>', 'how long to wait for the verification', String(DEFAULT_WAIT_SECONDS))
      .action(
        action<RegisterOptions>(io, async (ctx, opts) => {
          const { registerWebhooks: registerTenantWebhooks } = await import('../../app/webhook-setup.js');
          const wait = waitSeconds(opts.wait);
          const publicUrl = parsePublicUrl(opts.publicUrl);
          const result = await registerTenantWebhooks(await ctx.tenantScope(opts.tenant), {
            publicUrl,
            waitMs: wait * 1000,
            onProgress: (verified, total) => {
              ctx.info(`Waiting for FreshBooks to verify the callbacks through serve at ${opts.publicUrl}: ${verified}/${total} verified…`);
            },
          });
          ctx.print(result, () => registerText(result));
        }),
      ),
    'ml-connector webhooks register --tenant acme --public-url https://sync.example.com',
  );

  withExample(
    webhooks
      .command('show')
      .description(
        'print the FreshBooks callbacks (id, event, uri, verified) and the Coupa push URL and secret (made if the tenant has none) — the secret is what you paste ' +
          'into whatever sends Coupa events; --rotate-coupa-secret makes a new one and keeps the old one accepted for 24 h',
      )
      .requiredOption('--tenant <tenant>', 'the tenant')
      .option('--public-url <url>', 'base URL for the Coupa push URL (default: the one last registered)')
      .option('--rotate-coupa-secret', 'make a new Coupa push secret; the previous one stays accepted for 24 hours')
      .action(
        action<ShowOptions>(io, async (ctx, opts) => {
          const { showWebhooks } = await import('../../app/webhook-setup.js');
          const view = await showWebhooks(await ctx.tenantScope(opts.tenant), {
            ...(opts.publicUrl !== undefined ? { publicUrl: parsePublicUrl(opts.publicUrl) } : {}),
            rotate: opts.rotateCoupaSecret === true,
          });
          ctx.print(view, () => showText(view));
        }),
      ),
    'ml-connector webhooks show --tenant acme',
    'ml-connector webhooks show --tenant acme --rotate-coupa-secret --json',
  );
}
