/**
 * Structured logs (pino) on stderr, so stdout stays clean for `--json`. Every record goes
 * through the project's one redaction rule before it is written.
 */
import pino, { type Logger } from 'pino';
import { redact } from './lib/redact.js';

export type { Logger };

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'warn',
      base: undefined,
      formatters: {
        log: (object) => redact(object),
      },
      hooks: {
        // Messages are free text too: a token pasted into one must not survive.
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? redact(a) : a)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
      serializers: { err: (err: unknown) => redact(pino.stdSerializers.err(err as Error)) },
    },
    options.destination ?? pino.destination(2),
  );
}
