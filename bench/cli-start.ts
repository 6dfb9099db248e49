/**
 * CLI start-up: the real binary spawned as a user runs it, N times per command, wall time from
 * spawn to exit (median and p90). Every command here works on the embedded store only — no
 * network — so the figure is what the process costs to start, load what the command needs,
 * do it and exit. `node -e 0` is listed as the floor: Node's own start on this machine.
 *
 * Alone: `npm run bench:cli` (options: --runs N, default 20; --bin PATH to time another build
 * of the binary, e.g. an older checkout's, for a before/after). With the others: `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadAverage, machine, median } from './machine.js';

export const DEFAULT_BIN = resolve(import.meta.dirname, '../bin/ml-connector.js');

/** The commands timed, by label; `{n}` is the run's number (a new tenant name per `tenant add`). */
const COMMANDS: Array<[label: string, args: string[]]> = [
  ['node -e 0 (floor)', []],
  ['--help', ['--help']],
  ['sync --help', ['sync', '--help']],
  ['tenant list', ['tenant', 'list']],
  ['tenant add', ['tenant', 'add', 'bench-{n}']],
  ['tenant settings', ['tenant', 'settings', 'acme']],
  ['deliveries list', ['deliveries', 'list', '--tenant', 'acme']],
  ['review list', ['review', 'list', '--tenant', 'acme']],
  ['audit', ['audit', '--tenant', 'acme']],
  ['keys rotate', ['keys', 'rotate', '--json']],
];

export interface StartTiming {
  command: string;
  medianMs: number;
  p90Ms: number;
  /** CPU (user + system) of the process, median; null where the platform does not tell. */
  cpuMedianMs: number | null;
}

/**
 * CPU time of the children this process has waited for (Linux: cutime + cstime of
 * /proc/self/stat, in clock ticks of 10 ms). Less moved by other work on the machine than wall
 * time, though coarse.
 */
function childrenCpuMs(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
  return (Number(fields[13]) + Number(fields[14])) * 10; // fields 16 and 17
}

const OWN_VARS = ['DATABASE_URL', 'ML_CONNECTOR_DATA_DIR', 'ML_CONNECTOR_MASTER_KEY', 'ML_CONNECTOR_NEW_MASTER_KEY', 'LOG_LEVEL'];

function run(command: string[], env: NodeJS.ProcessEnv): Promise<{ wallMs: number; cpuMs: number | null }> {
  return new Promise((done, fail) => {
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    const [file = process.execPath, ...args] = command;
    const child = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const cpuAfter = childrenCpuMs();
      if (code === 0) done({ wallMs, cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore });
      else fail(new Error(`${command.slice(1).join(' ')} exited ${String(code)}: ${stderr.trim()}`));
    });
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export async function benchCliStart(runs: number, bin = DEFAULT_BIN): Promise<StartTiming[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mlc-bench-cli-'));
  // The developer's own settings (a DATABASE_URL, a master key) must not leak in.
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !OWN_VARS.includes(name))),
    ML_CONNECTOR_DATA_DIR: dataDir,
  };
  try {
    // A store with one tenant and a master key file, as after `tenant add` and `connect`.
    await run([process.execPath, bin, 'tenant', 'add', 'acme'], env);
    await run([process.execPath, bin, 'keys', 'rotate'], env);
    const timings: StartTiming[] = [];
    for (const [label, args] of COMMANDS) {
      const command = args.length === 0 ? [process.execPath, '-e', '0'] : [process.execPath, bin];
      const times: number[] = [];
      const cpu: number[] = [];
      // One untimed run first: the first spawn also pays for reading files into the page cache.
      for (let n = 0; n <= runs; n++) {
        const { wallMs, cpuMs } = await run([...command, ...args.map((a) => a.replace('{n}', String(n)))], env);
        if (n === 0) continue;
        times.push(wallMs);
        if (cpuMs !== null) cpu.push(cpuMs);
      }
      timings.push({
        command: label,
        medianMs: median(times),
        p90Ms: percentile(times, 90),
        cpuMedianMs: cpu.length === times.length ? median(cpu) : null,
      });
    }
    return timings;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printCliStart(timings: StartTiming[], runs: number, bin: string): void {
  console.log(`\nCLI start-up: ${bin}, ${runs} runs per command; wall ms from spawn to exit, and the process's CPU ms`);
  console.log(`  ${'command'.padEnd(20)} ${'median'.padStart(7)} ${'p90'.padStart(7)} ${'cpu'.padStart(7)}`);
  for (const t of timings) {
    const cpu = t.cpuMedianMs === null ? '–' : t.cpuMedianMs.toFixed(0);
    console.log(`  ${t.command.padEnd(20)} ${t.medianMs.toFixed(0).padStart(7)} ${t.p90Ms.toFixed(0).padStart(7)} ${cpu.padStart(7)}`);
  }
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

// Run alone (`npm run bench:cli`) rather than imported by bench/run.ts.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const runs = Number(option('runs') ?? 20);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive whole number');
  const bin = resolve(option('bin') ?? DEFAULT_BIN);
  const env = machine();
  console.log(`machine: ${env.cpu} × ${env.cores}, ${env.memoryGiB} GiB, ${env.os}, Node ${env.node}`);
  console.log(`load average at start: ${loadAverage()}`);
  printCliStart(await benchCliStart(runs, bin), runs, bin);
  console.log(`load average at end: ${loadAverage()}`);
}
