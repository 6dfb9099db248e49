import { registerConnect } from './commands/connect.js';
import { registerAudit, registerDeliveries } from './commands/deliveries.js';
import { registerDemo } from './commands/demo.js';
import { registerKeys } from './commands/keys.js';
import { registerPing } from './commands/ping.js';
import { registerReview } from './commands/review.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerServe } from './commands/serve.js';
import { registerSync } from './commands/sync.js';
import { registerTenant } from './commands/tenant.js';
import { registerWebhooks } from './commands/webhooks.js';
import { registerWorker } from './commands/worker.js';
import { commandPath, createProgram, reportError, type ProgramIo } from './program.js';

export async function main(argv: string[], io: ProgramIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const program = createProgram(io);
  registerDemo(program, io);
  registerTenant(program, io);
  registerConnect(program, io);
  registerKeys(program, io);
  registerPing(program, io);
  registerServe(program, io);
  registerSync(program, io);
  registerReview(program, io);
  registerSandbox(program, io);
  registerWorker(program, io);
  registerDeliveries(program, io);
  registerAudit(program, io);
  registerWebhooks(program, io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return reportError(err, io, commandPath(program, argv));
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
