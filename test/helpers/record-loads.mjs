// `node --import ./test/helpers/record-loads.mjs …`: appends the URL of every module the process
// resolves through `import` to the file named by ML_CONNECTOR_LOAD_LOG, one per line. The CLI
// start-up test reads it to see what each command loads.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

// This file is both the registration (main thread) and the hooks (Node runs them on a thread of their own).
if (isMainThread) register(import.meta.url);

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const log = process.env.ML_CONNECTOR_LOAD_LOG;
  if (log) appendFileSync(log, `${resolved.url}\n`);
  return resolved;
}
