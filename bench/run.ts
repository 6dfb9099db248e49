/**
 * `npm run bench`: every benchmark, medians of several runs, with the machine they ran on.
 * Options: --records N (sync size, default 2000), --runs N (sync runs, default 3),
 * --cli-runs N (spawns per CLI command, default 20). One alone: `npm run bench:cli`.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchCliStart, DEFAULT_BIN, printCliStart } from './cli-start.js';
import { loadAverage, machine } from './machine.js';
import { benchSync } from './sync.bench.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

const records = arg('records', 2000);
const runs = arg('runs', 3);
const cliRuns = arg('cli-runs', 20);
const env = machine();
console.log(`machine: ${env.cpu} × ${env.cores}, ${env.memoryGiB} GiB, ${env.os}, Node ${env.node}`);
console.log(`load average at start: ${loadAverage()}`);

console.log(`\nsync: ${records} generated records (suppliers, POs, invoices), both simulators unthrottled, SQLite, median of ${runs}`);
const sync = await benchSync(records, runs);
console.log(
  `  first sync      ${(sync.firstSyncMs / 1000).toFixed(2)} s   ${sync.recordsPerSecond.toFixed(0)} records/s   ${sync.writes} writes`,
);
console.log(
  `  second (--full) ${(sync.noopSyncMs / 1000).toFixed(2)} s   0 writes   (${(sync.firstSyncMs / sync.noopSyncMs).toFixed(1)}× faster than the first)`,
);

const cliStart = await benchCliStart(cliRuns);
printCliStart(cliStart, cliRuns, DEFAULT_BIN);
console.log(`load average at end: ${loadAverage()}`);

const out = resolve(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(
  resolve(out, 'latest.json'),
  JSON.stringify({ at: new Date().toISOString(), machine: env, sync, cliStart: { runs: cliRuns, commands: cliStart } }, null, 2) + '\n',
);
console.log(`\nwritten to bench/results/latest.json`);
