/** Long-running commands (serve, worker, demo) run until a person or a supervisor stops them. */

/** Resolves on the first SIGINT or SIGTERM, with its name. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => () => {
      resolve(signal);
    };
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}
