/**
 * `ml-connector demo` (what `npm start` runs): both sandboxes with a consulting firm's data,
 * the service, tenant `demo` connected through the real paths (Coupa client credentials; the
 * FreshBooks OAuth code flow through the service's own callback), a first sync, and then the
 * service keeps running — webhooks, workers and polling — until Ctrl-C.
 */
import type { Command } from 'commander';
import { AppError } from '../../lib/errors.js';
import { parsePort, wholeNumber } from '../options.js';
import { outcomeTotals } from '../outcome-view.js';
import { FlowProgress } from '../progress.js';
import { action, withExample, type ProgramIo } from '../program.js';
import { untilSignal } from '../signals.js';
import { renderSummary } from '../summary.js';
import { describeSandboxes } from './sandbox.js';

const TENANT = 'demo';
const DEMO_START_DATE = '2025-01-01';

class DemoError extends AppError {
  constructor(message: string, hint?: string) {
    super('demo', message, hint);
  }
}

interface DemoOptions {
  port: string;
  pollInterval: string;
  exitAfterSync?: boolean;
}

/** The FreshBooks "browser" step: the sandbox approves at once and redirects to our callback. */
async function authorizeInSandbox(authorizeUrl: string): Promise<void> {
  const approve = await fetch(authorizeUrl, { redirect: 'manual' });
  const callback = approve.headers.get('location');
  if (approve.status !== 302 || !callback) throw new DemoError(`The FreshBooks sandbox did not redirect (HTTP ${approve.status}).`);
  const done = await fetch(callback);
  if (!done.ok)
    throw new DemoError(
      `The OAuth callback answered HTTP ${done.status}: ${(await done.text())
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 200)}`,
    );
}

export function registerDemo(program: Command, io: ProgramIo): void {
  withExample(
    program
      .command('demo')
      .description(
        'the whole thing on this machine: Coupa and FreshBooks sandboxes with a consulting firm’s data, the service, tenant "demo" connected to both, a first sync, then webhooks, workers and polling until Ctrl-C',
      )
      .option('--port <port>', 'port of the ml-connector service (0: any free port)', '0')
      .option('--poll-interval <seconds>', 'seconds between polls', '60')
      .option('--exit-after-sync', 'stop after the first sync instead of running on')
      .action(
        action<DemoOptions>(io, async (ctx, opts) => {
          const { connectCoupa } = await import('../../app/coupa-connect.js');
          const { startFreshBooksAuthorization } = await import('../../app/freshbooks-connect.js');
          const { startSandboxes } = await import('../../sandbox/index.js');
          const { createServer } = await import('../../server/app.js');
          const { registerWebhooks, showWebhooks } = await import('../../app/webhook-setup.js');
          const { routes } = await import('../../server/routes/index.js');
          const { addTenant, removeTenant, updateTenantSettings } = await import('../../store/queries/tenants.js');
          const { getCredential } = await import('../../store/queries/credentials.js');
          const { listReviews } = await import('../../store/queries/reviews.js');
          const { failures } = await import('../../sync/report.js');
          const { PollScheduler } = await import('../../worker/poll-scheduler.js');
          const { WorkerPool } = await import('../../worker/pool.js');
          const { runTenantSync } = await import('../../app/tenant-sync.js');
          const port = parsePort(opts.port, '--port');
          const pollSeconds = wholeNumber(opts.pollInterval, '--poll-interval', 0, 86_400);
          const store = await ctx.store();
          const vault = await ctx.vault();
          const logger = await ctx.logger();
          const scope = { store, vault, tenantId: TENANT };
          if (await removeTenant(store.db, TENANT))
            ctx.info(`Reset tenant '${TENANT}' left by an earlier demo (the sandboxes start fresh each time).`);
          await addTenant(store.db, TENANT);
          // The demo's documents go back to 2025; a real tenant starts at the first of this month unless told otherwise.
          await updateTenantSettings(store.db, TENANT, { startDate: DEMO_START_DATE });
          ctx.info(
            `Tenant "${TENANT}" syncs documents dated from ${DEMO_START_DATE} on (its start date; \`tenant settings ${TENANT} --start-date\` changes it).`,
          );

          ctx.info('Starting the Coupa and FreshBooks sandboxes…');
          const sandboxes = await startSandboxes();
          const pool = new WorkerPool({ store, vault, logger });
          let app: Awaited<ReturnType<typeof createServer>> | undefined;
          let scheduler: InstanceType<typeof PollScheduler> | undefined;
          try {
            const server = await createServer(
              {
                store,
                vault,
                logger,
                publicUrl: 'http://127.0.0.1',
                onEnqueued: () => {
                  pool.poke();
                },
              },
              routes(),
            );
            app = server;
            await server.listen({ host: '127.0.0.1', port });
            const address = server.server.address();
            const serviceUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;

            ctx.info('Connecting tenant "demo" to Coupa (client credentials)…');
            const c = sandboxes.credentials;
            await connectCoupa(scope, {
              instanceUrl: c.coupa.instanceUrl,
              clientId: c.coupa.clientId,
              clientSecret: c.coupa.clientSecret,
              scopes: c.coupa.scopes,
            });
            ctx.info('Connecting tenant "demo" to FreshBooks (OAuth authorization code, through this service’s callback)…');
            const { url } = await startFreshBooksAuthorization(scope, {
              clientId: c.freshbooks.clientId,
              clientSecret: c.freshbooks.clientSecret,
              redirectUri: `${serviceUrl}/oauth/freshbooks/callback`,
              authUrl: c.freshbooks.authUrl,
              apiUrl: c.freshbooks.apiUrl,
            });
            await authorizeInSandbox(url);
            if ((await getCredential(store.db, TENANT, 'freshbooks'))?.status !== 'connected')
              throw new DemoError('FreshBooks did not end up connected.');

            // The plan first, as a firm would see it on day one: nothing is written until it is read.
            const { planTenantSync } = await import('../../app/dry-run.js');
            const plan = await planTenantSync(scope);
            ctx.info(
              `Dry run — what the first sync will do (nothing written yet; \`sync --tenant ${TENANT} --report plan\` lists each record):`,
            );
            ctx.info(outcomeTotals(plan.outcome, 'plan'));
            ctx.info('First sync:');
            const progress = new FlowProgress(io.stderr, !ctx.json);
            let report;
            try {
              ({ report } = await runTenantSync(scope, {
                source: 'demo',
                onProgress: (flow, n) => {
                  progress.update(flow, n);
                },
              }));
            } finally {
              progress.finish();
            }
            const reviewsWaiting = (await listReviews(store.db, TENANT)).length;

            let live: string[] = [];
            if (!opts.exitAfterSync) {
              // From now on changes arrive by webhook: FreshBooks callbacks verified through this
              // service, and the Coupa sandbox pushing to it with the tenant's signing secret.
              ctx.info('Registering webhooks on both sides…');
              await registerWebhooks(scope, { publicUrl: serviceUrl, waitMs: 15_000 });
              const view = await showWebhooks(scope);
              if (view.coupa.url === null) throw new DemoError('The Coupa push URL is unknown after registering the webhooks.');
              sandboxes.coupa.control.setPushTargets([{ url: view.coupa.url, secret: view.coupa.secret }]);
              const pending = sandboxes.coupa.control.records('invoices').find((i) => i.status === 'pending_approval');
              live = [
                'Live: both sandboxes now send webhooks here. Act as a Coupa user and watch the bill appear:',
                ...(pending ? [`  curl -X POST ${sandboxes.coupa.url}/_sandbox/invoices/${String(pending.id)}/approve`] : []),
                `  npx ml-connector deliveries list --tenant ${TENANT}`,
              ];
            }

            ctx.print(
              {
                tenant: TENANT,
                service: serviceUrl,
                coupa: sandboxes.coupa.url,
                freshbooks: sandboxes.freshbooks.url,
                failures: failures(report),
                report,
              },
              () =>
                [
                  renderSummary(report, TENANT, reviewsWaiting),
                  '',
                  `ml-connector service  ${serviceUrl}   (health ${serviceUrl}/healthz)`,
                  describeSandboxes(sandboxes),
                  '',
                  'Try, in another terminal (same directory):',
                  `  npx ml-connector review list --tenant ${TENANT}`,
                  `  npx ml-connector tenant list`,
                  `  npx ml-connector audit --tenant ${TENANT}`,
                  ...live,
                  opts.exitAfterSync ? '' : 'Running: webhooks, workers and polling. Ctrl-C stops the demo.',
                ].join('\n'),
            );
            if (opts.exitAfterSync) return;

            pool.start();
            scheduler = new PollScheduler(store, logger, pollSeconds * 1000, () => {
              pool.poke();
            });
            scheduler.start();
            await untilSignal();
            ctx.info('Stopping…');
          } finally {
            scheduler?.stop();
            await app?.close();
            await pool.stop(5_000);
            await sandboxes.close();
          }
        }),
      ),
    'npm start',
    'ml-connector demo --port 8080',
  );
}
