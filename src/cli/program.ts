/**
 * The command tree. Global options live on the root; each command file adds itself. Every
 * action runs through `action()`, which opens a context, closes it, and turns errors into
 * one line on stderr and a non-zero exit.
 *
 * Start-up time matters (every CLI call pays it): this module and the command files load only
 * commander and small helpers. The context (config, store, vault, logger) and each command's
 * implementation are imported when an action runs, so `--help` or `tenant list` never load
 * the HTTP server, the sync engine or the simulators. test/cli/import-graph.test.ts holds that.
 */
import { Command, CommanderError } from 'commander';
import { withHintFor } from '../app/hints.js';
import { AppError, UsageError, errorMessage } from '../lib/errors.js';
import type { CliContext, GlobalOptions } from './context.js';

export const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

/** A command's body; it may return an exit code (e.g. EXIT_FAILURE after printing a partial result). */
type Action<O> =
  | ((ctx: CliContext, options: O, command: Command) => Promise<void>)
  | ((ctx: CliContext, options: O, command: Command) => Promise<number | undefined>);

export interface ProgramIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Where a question is answered (a start date on `connect`); default: process.stdin. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** Wraps a command's action with the context life cycle and the error contract. */
export function action<O>(io: ProgramIo, fn: Action<O>) {
  return async (...args: unknown[]): Promise<void> => {
    // Commander passes the command itself last, after the arguments and the options.
    const command = args.at(-1);
    if (!(command instanceof Command)) throw new TypeError('action() must be given to Command.action()');
    const options = command.optsWithGlobals<O & GlobalOptions>();
    const { CliContext } = await import('./context.js');
    const ctx = new CliContext({ dataDir: options.dataDir, databaseUrl: options.databaseUrl, json: options.json }, io);
    try {
      const code = await fn(ctx, options, command);
      if (typeof code === 'number') process.exitCode = code;
    } catch (err) {
      // A provider's error says what went wrong; the command that fixes it is named here, at the edge.
      throw withHintFor(err, 'tenant' in options && typeof options.tenant === 'string' ? options.tenant : undefined);
    } finally {
      await ctx.close();
    }
  };
}

export function withExample(command: Command, ...examples: string[]): Command {
  return command.addHelpText('after', `\nExample${examples.length > 1 ? 's' : ''}:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
}

export function createProgram(io: ProgramIo): Command {
  const program = new Command('ml-connector')
    .description('Keeps Coupa (procurement) and FreshBooks (accounting) in agreement: suppliers, purchase orders, invoices and payments.')
    .option(
      '--data-dir <dir>',
      'where the embedded store and key file live (env ML_CONNECTOR_DATA_DIR)',
      process.env.ML_CONNECTOR_DATA_DIR ?? './.ml-connector',
    )
    .option('--database-url <url>', 'postgres://… to use PostgreSQL instead of the embedded SQLite store (env DATABASE_URL)')
    .option('--json', 'print one JSON document on stdout')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: () => undefined,
    })
    .exitOverride();
  withExample(program, 'ml-connector tenant add acme', 'ml-connector sync --tenant acme --only suppliers');
  return program;
}

/** The single place that turns a failure into its one line and its exit code. */
export function reportError(err: unknown, io: ProgramIo, command?: string): number {
  // `command` is the path of the command that failed ("sync", "tenant add"), for the help hint.
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    const text = err.message.replace(/^error: /, '').split('\n')[0];
    io.stderr.write(`error: ${text} (see \`ml-connector ${command ? command + ' ' : ''}--help\`)\n`);
    return EXIT_USAGE;
  }
  io.stderr.write(`error: ${errorMessage(err).replace(/\s*\n\s*/g, ' ')}\n`);
  if (err instanceof UsageError) return EXIT_USAGE;
  if (!(err instanceof AppError) && process.env.ML_CONNECTOR_DEBUG)
    io.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT_FAILURE;
}

/** The deepest known command named by argv ("tenant add"), for help hints in error messages. */
export function commandPath(program: Command, argv: string[]): string | undefined {
  const names: string[] = [];
  let current = program;
  for (const token of argv) {
    const next = current.commands.find((c) => c.name() === token || c.aliases().includes(token));
    if (next) {
      names.push(next.name());
      current = next;
    }
  }
  return names.length > 0 ? names.join(' ') : undefined;
}
