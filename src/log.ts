/**
 * Structured logs (pino) on stderr, so stdout stays clean for `--json`. Every record goes
 * through the project's one redaction rule before it is written.
 */
import pino, { type Logger } from 'pino';
import { redact, redactRecord, redactText } from './lib/redact.js';

export type { Logger };

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'warn',
      base: undefined,
      formatters: {
        log: (object) => redactRecord(object),
      },
      hooks: {
        // Messages are free text too: a token pasted into one must not survive.
        logMethod(args, method) {
          for (const [i, a] of args.entries()) if (typeof a === 'string') args[i] = redactText(a);
          method.apply(this, args);
        },
      },
      serializers: { err: (err: unknown) => (err instanceof Error ? redactRecord(pino.stdSerializers.err(err)) : redact(err)) },
    },
    options.destination ?? pino.destination(2),
  );
}
