import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.js';
import { createServer } from '../../server/app.js';
import { routes } from '../../server/routes/index.js';
import { action, withExample, type ProgramIo } from '../program.js';

interface ServeOptions {
  host: string;
  port: string;
  publicUrl?: string;
}

export function parsePort(value: string, flag: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${flag} must be a port number from 0 to 65535; got '${value}'.`);
  return port;
}

export function registerServe(program: Command, io: ProgramIo): void {
  withExample(
    program
      .command('serve')
      .description('run the HTTP service: FreshBooks OAuth callback, webhooks from both sides, admin API, health')
      .option('--host <host>', 'interface to listen on', '127.0.0.1')
      .option('--port <port>', 'port to listen on', '8080')
      .option('--public-url <url>', 'the URL this service is reached at from outside (default http://HOST:PORT)')
      .action(
        action<ServeOptions>(io, async (ctx, opts) => {
          const port = parsePort(opts.port, '--port');
          const store = await ctx.store();
          const vault = await ctx.vault();
          const logger = ctx.logger();
          const publicUrl = opts.publicUrl ?? `http://${opts.host}:${port}`;
          const app = await createServer({ store, vault, logger, publicUrl }, routes);
          await app.listen({ host: opts.host, port });
          const address = app.server.address();
          const bound = typeof address === 'object' && address ? address.port : port;
          ctx.print({ listening: `http://${opts.host}:${bound}`, publicUrl }, `ml-connector listening on http://${opts.host}:${bound}`);
          await new Promise<void>((resolve) => {
            const stop = () => resolve();
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
          });
          await app.close();
        }),
      ),
    'ml-connector serve --port 8080',
    'ml-connector serve --host 0.0.0.0 --port 8080 --public-url https://sync.example.com',
  );
}
