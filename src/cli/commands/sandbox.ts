import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.js';
import type { FaultRule } from '../../sandbox/faults.js';
import type { Sandboxes } from '../../sandbox/index.js';
import type { WebhookFaults } from '../../sandbox/webhook-dispatcher.js';
import { action, withExample, type ProgramIo } from '../program.js';
import { parsePort } from '../options.js';

interface SandboxOptions {
  host: string;
  coupaPort: string;
  freshbooksPort: string;
  seed: string;
  scale: string;
  coupaFault: string[];
  freshbooksFault: string[];
  webhookFaults?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

// The simulators are imported only by this command and `demo` (a production install never
// loads them): test/cli/import-graph.test.ts holds that.
async function faults(specs: string[], flag: string): Promise<FaultRule[]> {
  const { FaultSpecError, parseFaultSpec } = await import('../../sandbox/faults.js');
  return specs.map((spec) => {
    try {
      return parseFaultSpec(spec);
    } catch (err) {
      if (err instanceof FaultSpecError) throw new UsageError(`${flag}: ${err.message}`);
      throw err;
    }
  });
}

function parseWebhookFaults(text: string): WebhookFaults {
  const out: WebhookFaults = {};
  for (const part of text.split(',')) {
    const [key, value] = part.split('=').map((s) => s.trim());
    const n = Number(value);
    if (!value || !Number.isFinite(n) || n < 0)
      throw new UsageError(`--webhook-faults: '${part}' is not key=number.`, 'Use e.g. "delayMs=500,duplicateRate=0.1,reorderWindow=4".');
    if (key === 'delayMs' || key === 'reorderWindow') out[key] = n;
    else if (key === 'duplicateRate' && n <= 1) out.duplicateRate = n;
    else throw new UsageError(`--webhook-faults: unknown or out-of-range '${key}'.`, 'Known: delayMs, duplicateRate (0–1), reorderWindow.');
  }
  return out;
}

function parseScale(text: string): 'demo' | number {
  if (text === 'demo') return 'demo';
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000)
    throw new UsageError(`--scale must be 'demo' or a record count from 1 to 1000000; got '${text}'.`);
  return n;
}

export function describeSandboxes(s: Sandboxes): string {
  const c = s.credentials;
  return [
    `Coupa sandbox       ${s.coupa.url}   (client id ${c.coupa.clientId}, secret ${c.coupa.clientSecret})`,
    `FreshBooks sandbox  ${s.freshbooks.url}   (client id ${c.freshbooks.clientId}, secret ${c.freshbooks.clientSecret}, account ${c.freshbooks.accountId})`,
    `Demo data: ${s.company}. Faults: ${s.coupa.url}/_sandbox/faults and ${s.freshbooks.url}/_sandbox/faults.`,
  ].join('\n');
}

export function registerSandbox(program: Command, io: ProgramIo): void {
  withExample(
    program
      .command('sandbox')
      .description(
        'run the Coupa and FreshBooks simulators alone, seeded with demo data; prints their URLs and demo credentials; Ctrl-C stops them',
      )
      .option('--host <host>', 'interface to listen on', '127.0.0.1')
      .option('--coupa-port <port>', 'Coupa simulator port (0: any free port)', '0')
      .option('--freshbooks-port <port>', 'FreshBooks simulator port (0: any free port)', '0')
      .option('--seed <n>', 'data generator seed', '1')
      .option('--scale <n>', "'demo' (a consulting firm with a dozen suppliers) or a record count", 'demo')
      .option(
        '--coupa-fault <spec>',
        'inject a fault into the Coupa simulator, e.g. "kind=error,status=503,probability=0.2,path=/api/suppliers" (repeatable)',
        collect,
        [],
      )
      .option(
        '--freshbooks-fault <spec>',
        'inject a fault into the FreshBooks simulator, e.g. "kind=rate_limit,times=5" (repeatable)',
        collect,
        [],
      )
      .option('--webhook-faults <spec>', 'faults on both simulators’ webhooks, e.g. "delayMs=500,duplicateRate=0.1,reorderWindow=4"')
      .action(
        action<SandboxOptions>(io, async (ctx, opts) => {
          const seed = Number(opts.seed);
          if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number; got '${opts.seed}'.`);
          const coupaPort = parsePort(opts.coupaPort, '--coupa-port');
          const freshbooksPort = parsePort(opts.freshbooksPort, '--freshbooks-port');
          const scale = parseScale(opts.scale);
          const coupaFaults = await faults(opts.coupaFault, '--coupa-fault');
          const freshbooksFaults = await faults(opts.freshbooksFault, '--freshbooks-fault');
          const { startSandboxes } = await import('../../sandbox/index.js');
          const sandboxes = await startSandboxes({
            host: opts.host,
            coupaPort,
            freshbooksPort,
            seed,
            scale,
            coupaFaults,
            freshbooksFaults,
            ...(opts.webhookFaults ? { webhookFaults: parseWebhookFaults(opts.webhookFaults) } : {}),
          });
          ctx.print(
            {
              coupa: { url: sandboxes.coupa.url, ...sandboxes.credentials.coupa },
              freshbooks: { url: sandboxes.freshbooks.url, ...sandboxes.credentials.freshbooks },
              company: sandboxes.company,
            },
            () => `${describeSandboxes(sandboxes)}\nPress Ctrl-C to stop.`,
          );
          await new Promise<void>((resolve) => {
            process.once('SIGINT', resolve);
            process.once('SIGTERM', resolve);
          });
          await sandboxes.close();
        }),
      ),
    'ml-connector sandbox',
    'ml-connector sandbox --coupa-port 4010 --freshbooks-port 4020 --coupa-fault "kind=rate_limit,times=3"',
  );
}
