/**
 * `npm run bench`: every benchmark, medians of several runs, with the machine they ran on.
 * Options: --records N (sync size, default 2000), --runs N (sync runs, default 3),
 * --cli-runs N (spawns per CLI command, default 20), --connections 8,32,64 --ingest-duration S
 * --ingest-runs N (webhook ingest, default 15 s × 3 runs). --quick shortens every benchmark
 * (sync 500 records × 1, CLI 5 spawns, ingest 4 s × 1); options given still win.
 * One alone: `npm run bench:cli`, `node bin/run-ts.js bench/ingest.bench.ts`.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchCliStart, DEFAULT_BIN, printCliStart } from './cli-start.js';
import { benchIngest, ingestOptions, printIngest } from './ingest.bench.js';
import { loadAverage, machine } from './machine.js';
import { benchSync } from './sync.bench.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

const quick = process.argv.includes('--quick');
const records = arg('records', quick ? 500 : 2000);
const runs = arg('runs', quick ? 1 : 3);
const cliRuns = arg('cli-runs', quick ? 5 : 20);
const ingestSettings = ingestOptions();
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

const ingest = await benchIngest(ingestSettings);
printIngest(ingest);

const cliStart = await benchCliStart(cliRuns);
printCliStart(cliStart, cliRuns, DEFAULT_BIN);
console.log(`load average at end: ${loadAverage()}`);

const out = resolve(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(
  resolve(out, 'latest.json'),
  JSON.stringify(
    { at: new Date().toISOString(), quick, machine: env, sync, ingest, cliStart: { runs: cliRuns, commands: cliStart } },
    null,
    2,
  ) + '\n',
);
console.log(`\nwritten to bench/results/latest.json`);
