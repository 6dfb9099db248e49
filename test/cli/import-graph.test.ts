/**
 * What the CLI loads, read from the sources. The simulators (src/sandbox) are for `demo`,
 * `sandbox`, the tests and the benchmarks: a production install never loads them, because only
 * those two commands import them, lazily, inside their actions. And the command tree itself
 * (what `--help` needs) loads commander and small helpers only: everything else is imported by
 * the action that uses it, which keeps every command's start-up short.
 */
import { describe, expect, it } from 'vitest';
import { closure, importsOf, isSource } from '../helpers/import-graph.js';

const MAIN = 'src/cli/main.ts';
const SANDBOX_COMMANDS = ['src/cli/commands/demo.ts', 'src/cli/commands/sandbox.ts'];
const isSandbox = (id: string) => id.startsWith('src/sandbox/');

function chains(reached: Map<string, string[]>, test: (id: string) => boolean): string[] {
  return [...reached].filter(([id]) => test(id)).map(([, chain]) => chain.join(' → '));
}

describe('the CLI import graph', () => {
  it('reaches the simulators only through the lazy imports of `demo` and `sandbox`', () => {
    // Every import() is followed, except those two commands' imports of src/sandbox.
    const reached = closure(MAIN, (from, to) => !(isSandbox(to) && SANDBOX_COMMANDS.includes(from)));
    expect(chains(reached, isSandbox)).toEqual([]);
  });

  it('does reach them through those lazy imports (the walk above follows import())', () => {
    const reached = closure(MAIN, () => true);
    expect(reached.has('src/sandbox/index.ts')).toBe(true);
    for (const command of SANDBOX_COMMANDS) {
      expect(importsOf(command).static.filter(isSandbox)).toEqual([]);
      expect(importsOf(command).dynamic.filter(isSandbox).length).toBeGreaterThan(0);
    }
  });

  it('loads only commander and small helpers before an action runs', () => {
    const reached = closure(MAIN);
    const packages = [...reached.keys()].filter((id) => !isSource(id) && !id.startsWith('node:'));
    expect(packages).toEqual(['commander']);
    // Not the store, the vault, the HTTP server, the workers or the sync engine.
    const heavy = (id: string) => /^src\/(store\/db|vault\/vault|server\/app|worker\/pool|sync\/engine|sandbox\/)/.test(id);
    expect(chains(reached, heavy)).toEqual([]);
  });
});
