/** Every command's --help teaches: a description and at least one example. */
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/commands/index.js';

function all(command: Command, path: string[] = []): Array<{ path: string; command: Command }> {
  return command.commands.flatMap((c) => [{ path: [...path, c.name()].join(' '), command: c }, ...all(c, [...path, c.name()])]);
}

describe('--help', () => {
  let text = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  const program = buildProgram({ stdout: sink, stderr: sink });
  const commands = all(program);

  it('covers the commands of the contract', () => {
    const paths = commands.map((c) => c.path);
    for (const p of [
      'demo',
      'sandbox',
      'tenant add',
      'tenant list',
      'connect coupa',
      'connect freshbooks',
      'ping',
      'sync',
      'serve',
      'worker',
      'webhooks register',
      'webhooks show',
      'deliveries list',
      'deliveries show',
      'deliveries replay',
      'audit',
      'review list',
      'review resolve',
      'keys rotate',
    ]) {
      expect(paths).toContain(p);
    }
  });

  it.each(commands.map((c) => [c.path, c.command] as const))(
    'ml-connector %s --help has a description and an example',
    (_path, command) => {
      text = '';
      command.outputHelp();
      expect(command.description().length).toBeGreaterThan(10);
      expect(text).toMatch(/\nExamples?:\n\s+\$ (ml-connector|npm) /);
    },
  );
});
