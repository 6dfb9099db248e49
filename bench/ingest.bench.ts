/**
 * Webhook ingest: signed Coupa pushes driven by autocannon at several concurrencies against
 * `ml-connector serve --no-workers` (only ingest is measured: nothing processes the jobs) on
 * SQLite and on PostgreSQL, and against a bare Fastify route that checks the same signature
 * and stores nothing (`bare-route.ts`: the HTTP ceiling), in the same run. Every request is a
 * distinct delivery (its own webhook-id, signed as it is sent). After each serve run the inbox
 * is read back: every delivery answered 2xx must be there (the zero-loss check).
 *
 * Each serve run gets a fresh store (a new data dir; on PostgreSQL a new database), a tenant
 * and its push secret made through the real CLI, and `--inbox-bound` lifted so a growing
 * inbox never turns into 429s. PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/test; skipped with a notice when it cannot be reached.
 *
 * Alone: `node scripts/build.mjs && node bin/run-ts.js bench/ingest.bench.ts [--quick]
 * [--connections 8,32,64] [--ingest-duration S] [--ingest-runs N]`. With the others: `npm run bench`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { signPush } from '../src/providers/coupa/webhook.js';
import { openStore, type Store } from '../src/store/db.js';
import type { StoreTarget } from '../src/config.js';
import { loadAverage, machine, median } from './machine.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = resolve(ROOT, 'bin/ml-connector.js');
const RUN_TS = resolve(ROOT, 'bin/run-ts.js');
const TENANT = 'bench';
const PUSH_TYPES = ['purchase_order.updated', 'invoice.updated', 'supplier.updated'] as const;
const OWN_VARS = ['DATABASE_URL', 'ML_CONNECTOR_DATA_DIR', 'ML_CONNECTOR_MASTER_KEY', 'ML_CONNECTOR_NEW_MASTER_KEY', 'LOG_LEVEL'];

export type IngestTarget = 'bare' | 'sqlite' | 'postgres';

export interface IngestOptions {
  connections: number[];
  /** Measured seconds per run (after an unmeasured warm-up on the same process). */
  durationSeconds: number;
  warmupSeconds: number;
  runs: number;
}

export const INGEST_DEFAULTS: IngestOptions = { connections: [8, 32, 64], durationSeconds: 15, warmupSeconds: 3, runs: 3 };
export const INGEST_QUICK: IngestOptions = { connections: [8, 32, 64], durationSeconds: 4, warmupSeconds: 1, runs: 1 };

/** One autocannon run against one target. */
interface Measured {
  deliveriesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  ok: number;
  /** CPU of this process (autocannon and the signing) as % of one core: near 100, the load generator is the limit. */
  loadGeneratorCpuPercent: number;
}

export interface IngestRow extends Measured {
  target: IngestTarget;
  connections: number;
  /** serve only: deliveries/s as a percentage of the bare route at the same concurrency. */
  percentOfBare: number | null;
  /** serve only, summed over runs: 2xx answers (warm-up included) and how many of them are missing from the inbox. */
  answered2xx: number | null;
  missingFromInbox: number | null;
}

export interface IngestResult extends IngestOptions {
  rows: IngestRow[];
  /** Why PostgreSQL was left out, or null when it ran. */
  postgresSkipped: string | null;
  /** autocannon records latencies in whole milliseconds. */
  latencyResolutionMs: 1;
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !OWN_VARS.includes(name)));
  return Object.assign(env, extra);
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) done(stdout);
      else fail(new Error(`ml-connector ${args.join(' ')} exited ${String(code)}: ${stderr.trim()}`));
    });
  });
}

interface Server {
  url: string;
  stop(): Promise<void>;
}

/** Spawns a process that prints `{"listening": URL}` on stdout once it takes requests. */
function startListening(args: string[], env: NodeJS.ProcessEnv): Promise<Server> {
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) =>
    child.on('exit', (code) => {
      r(code);
    }),
  );
  const stop = async () => {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((done, fail) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      try {
        done({ url: (JSON.parse(out) as { listening: string }).listening, stop });
      } catch {
        // the JSON document is not complete yet
      }
    });
    void exited.then((code) => {
      fail(new Error(`${args.slice(1).join(' ')} exited (${String(code)}) before listening: ${err.trim()}`));
    });
  });
}

/**
 * Drives `url` for `seconds` with `connections` connections, each request a new delivery
 * signed as it is built (one HMAC: a few µs, the same cost for every target). The webhook-ids
 * answered 2xx are added to `answered`.
 */
async function drive(url: string, secret: string, connections: number, seconds: number, answered: string[]): Promise<Measured> {
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: `${url}/webhooks/coupa/${TENANT}`,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context: { id?: string }) => {
          const n = ++next;
          const id = `${prefix}-${n}`;
          const timestamp = Math.floor(Date.now() / 1000);
          const body = JSON.stringify({ type: PUSH_TYPES[n % PUSH_TYPES.length], data: { id: n } });
          // One request per connection at a time (pipelining 1): the context names the delivery in flight.
          context.id = id;
          return {
            ...request,
            body,
            headers: {
              'content-type': 'application/json',
              'webhook-id': id,
              'webhook-timestamp': String(timestamp),
              'webhook-signature': signPush(secret, id, timestamp, body),
            },
          };
        },
        onResponse: (status, _body, context: { id?: string }) => {
          if (status >= 200 && status < 300 && context.id) answered.push(context.id);
        },
      },
    ],
  });
  const ok = result['2xx'];
  const cpu = process.cpuUsage(cpuBefore);
  return {
    loadGeneratorCpuPercent: ((cpu.user + cpu.system) / 1e6 / result.duration) * 100,
    deliveriesPerSecond: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    ok,
  };
}

interface Database {
  url: string;
  drop(): Promise<void>;
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A database of its own per run, like test/helpers/stores.ts makes, dropped afterwards. */
async function createDatabase(adminUrl: string): Promise<Database> {
  const name = `mlc_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`) };
}

/** Webhook-ids in `answered` that the inbox of the bench tenant does not hold. */
async function missingFromInbox(target: StoreTarget, answered: string[]): Promise<number> {
  const store: Store = await openStore(target);
  try {
    const rows = await store.db
      .selectFrom('deliveries')
      .select('dedupe_key')
      .where('tenant_id', '=', TENANT)
      .where('source', '=', 'coupa')
      .execute();
    const stored = new Set(rows.map((r) => r.dedupe_key));
    return answered.filter((id) => !stored.has(id)).length;
  } finally {
    await store.close();
  }
}

/** One serve run: fresh store, tenant and secret through the CLI, warm-up, measured run, inbox check. */
async function serveRun(
  kind: 'sqlite' | 'postgres',
  adminUrl: string,
  connections: number,
  options: IngestOptions,
): Promise<Measured & { answered: number; missing: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mlc-bench-ingest-'));
  const database = kind === 'postgres' ? await createDatabase(adminUrl) : undefined;
  try {
    const env = childEnv({ ML_CONNECTOR_MASTER_KEY: randomBytes(32).toString('base64') });
    const global = ['--data-dir', dataDir, ...(database ? ['--database-url', database.url] : [])];
    await runCli([...global, 'tenant', 'add', TENANT], env);
    const shown = JSON.parse(await runCli([...global, 'webhooks', 'show', '--tenant', TENANT, '--json'], env)) as {
      coupa: { secret: string };
    };
    const serve = await startListening(
      [BIN, ...global, 'serve', '--port', '0', '--json', '--poll-interval', '0', '--no-workers', '--inbox-bound', '10000000'],
      env,
    );
    const answered: string[] = [];
    let measured: Measured;
    try {
      if (options.warmupSeconds > 0) await drive(serve.url, shown.coupa.secret, connections, options.warmupSeconds, answered);
      measured = await drive(serve.url, shown.coupa.secret, connections, options.durationSeconds, answered);
    } finally {
      await serve.stop();
    }
    const target: StoreTarget = database
      ? { kind: 'postgres', url: database.url }
      : { kind: 'sqlite', file: join(dataDir, 'ml-connector.db') };
    return { ...measured, answered: answered.length, missing: await missingFromInbox(target, answered) };
  } finally {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgresReachable(adminUrl: string): Promise<string | null> {
  try {
    await adminQuery(adminUrl, 'select 1');
    return null;
  } catch (err) {
    return `PostgreSQL at ${new URL(adminUrl).host} cannot be reached (${(err as Error).message}); set BENCH_DATABASE_URL to run it.`;
  }
}

function summarise(
  target: IngestTarget,
  connections: number,
  runs: Measured[],
): Omit<IngestRow, 'percentOfBare' | 'answered2xx' | 'missingFromInbox'> {
  const m = (pick: (r: Measured) => number) => median(runs.map(pick));
  return {
    target,
    connections,
    deliveriesPerSecond: m((r) => r.deliveriesPerSecond),
    p50Ms: m((r) => r.p50Ms),
    p99Ms: m((r) => r.p99Ms),
    errors: m((r) => r.errors),
    timeouts: m((r) => r.timeouts),
    non2xx: m((r) => r.non2xx),
    ok: m((r) => r.ok),
    loadGeneratorCpuPercent: m((r) => r.loadGeneratorCpuPercent),
  };
}

export async function benchIngest(options: IngestOptions, log: (line: string) => void = () => {}): Promise<IngestResult> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const postgresSkipped = await postgresReachable(adminUrl);
  const kinds: Array<'sqlite' | 'postgres'> = postgresSkipped ? ['sqlite'] : ['sqlite', 'postgres'];
  const bareSecret = 'whsec_' + randomBytes(24).toString('base64');
  const measured = new Map<string, Array<Measured & { answered?: number; missing?: number }>>();
  const add = (key: string, m: Measured & { answered?: number; missing?: number }) => measured.set(key, [...(measured.get(key) ?? []), m]);

  for (let run = 0; run < options.runs; run++) {
    // The targets alternate within each run, so a change in the machine's load touches all of them.
    for (const connections of options.connections) {
      const bare = await startListening(
        [RUN_TS, resolve(import.meta.dirname, 'bare-route.ts')],
        childEnv({ BENCH_PUSH_SECRET: bareSecret }),
      );
      try {
        if (options.warmupSeconds > 0) await drive(bare.url, bareSecret, connections, options.warmupSeconds, []);
        const m = await drive(bare.url, bareSecret, connections, options.durationSeconds, []);
        add(`bare:${connections}`, m);
        log(`  run ${run + 1}, ${connections} connections: bare route ${m.deliveriesPerSecond.toFixed(0)}/s`);
      } finally {
        await bare.stop();
      }
      for (const kind of kinds) {
        const m = await serveRun(kind, adminUrl, connections, options);
        add(`${kind}:${connections}`, m);
        log(
          `  run ${run + 1}, ${connections} connections: serve on ${kind} ${m.deliveriesPerSecond.toFixed(0)}/s, ${m.missing} of ${m.answered} 2xx missing`,
        );
      }
    }
  }

  const rows: IngestRow[] = [];
  for (const connections of options.connections) {
    const bare = summarise('bare', connections, measured.get(`bare:${connections}`)!);
    rows.push({ ...bare, percentOfBare: null, answered2xx: null, missingFromInbox: null });
    for (const kind of kinds) {
      const runs = measured.get(`${kind}:${connections}`)!;
      const row = summarise(kind, connections, runs);
      rows.push({
        ...row,
        percentOfBare: (row.deliveriesPerSecond / bare.deliveriesPerSecond) * 100,
        answered2xx: runs.reduce((s, r) => s + (r.answered ?? 0), 0),
        missingFromInbox: runs.reduce((s, r) => s + (r.missing ?? 0), 0),
      });
    }
  }
  return { ...options, rows, postgresSkipped, latencyResolutionMs: 1 };
}

const LABEL: Record<IngestTarget, string> = { bare: 'bare route', sqlite: 'serve, SQLite', postgres: 'serve, PostgreSQL' };

export function printIngest(result: IngestResult): void {
  console.log(
    `\ningest: signed Coupa pushes, each a new delivery; serve --no-workers; median of ${result.runs} run(s) of ${result.durationSeconds} s after ${result.warmupSeconds} s warm-up`,
  );
  if (result.postgresSkipped) console.log(`  PostgreSQL skipped: ${result.postgresSkipped}`);
  console.log(
    '  ' +
      'target'.padEnd(19) +
      'conns'.padStart(6) +
      'deliveries/s'.padStart(14) +
      '% of bare'.padStart(11) +
      'p50 ms'.padStart(8) +
      'p99 ms'.padStart(8) +
      'errors'.padStart(8) +
      'non-2xx'.padStart(9) +
      'gen CPU'.padStart(9) +
      '   zero loss (2xx in inbox)',
  );
  for (const r of result.rows) {
    const loss =
      r.answered2xx === null
        ? ''
        : `${r.missingFromInbox === 0 ? 'yes' : 'NO'}: ${r.answered2xx - r.missingFromInbox!} of ${r.answered2xx}`;
    console.log(
      '  ' +
        LABEL[r.target].padEnd(19) +
        String(r.connections).padStart(6) +
        r.deliveriesPerSecond.toFixed(0).padStart(14) +
        (r.percentOfBare === null ? '' : `${r.percentOfBare.toFixed(1)}%`).padStart(11) +
        String(r.p50Ms).padStart(8) +
        String(r.p99Ms).padStart(8) +
        String(r.errors + r.timeouts).padStart(8) +
        String(r.non2xx).padStart(9) +
        `${r.loadGeneratorCpuPercent.toFixed(0)}%`.padStart(9) +
        '   ' +
        loss,
    );
  }
  console.log('  (latencies in whole ms, as autocannon records them; errors include timeouts; gen CPU: the load generator, % of one core)');
}

/** The options from argv (`--quick`, `--connections 8,32`, `--ingest-duration S`, `--ingest-runs N`), shared with bench/run.ts. */
export function ingestOptions(argv: string[] = process.argv): IngestOptions {
  const base = argv.includes('--quick') ? INGEST_QUICK : INGEST_DEFAULTS;
  const option = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const whole = (name: string, fallback: number): number => {
    const text = option(name);
    const value = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number; got '${text}'`);
    return value;
  };
  const connectionsText = option('connections');
  const connections = connectionsText === undefined ? base.connections : connectionsText.split(',').map(Number);
  if (connections.some((c) => !Number.isInteger(c) || c < 1))
    throw new Error(`--connections must be positive whole numbers separated by commas, e.g. 8,32,64; got '${connectionsText}'`);
  return {
    connections,
    durationSeconds: whole('ingest-duration', base.durationSeconds),
    warmupSeconds: base.warmupSeconds,
    runs: whole('ingest-runs', base.runs),
  };
}

// Run alone rather than imported by bench/run.ts.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const env = machine();
  console.log(`machine: ${env.cpu} × ${env.cores}, ${env.memoryGiB} GiB, ${env.os}, Node ${env.node}`);
  console.log(`load average at start: ${loadAverage()}`);
  printIngest(
    await benchIngest(ingestOptions(), (line) => {
      console.log(line);
    }),
  );
  console.log(`load average at end: ${loadAverage()}`);
}
