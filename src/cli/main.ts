import { registerKeys } from './commands/keys.js';
import { registerServe } from './commands/serve.js';
import { registerTenant } from './commands/tenant.js';
import { commandPath, createProgram, reportError, type ProgramIo } from './program.js';

export async function main(argv: string[], io: ProgramIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const program = createProgram(io);
  registerTenant(program, io);
  registerKeys(program, io);
  registerServe(program, io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return reportError(err, io, commandPath(program, argv));
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
