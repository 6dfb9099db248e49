/**
 * Scale-out on one PostgreSQL database (issue 14): two `serve` processes and three `worker`
 * processes share the queue while 2,000 signed Coupa pushes about 300 records of 3 tenants
 * arrive at both servers, the records change between pushes, and one worker is killed -9 with
 * jobs in hand. Afterwards every delivery is processed, every FreshBooks record was written
 * once (and holds the last Coupa state), one record's jobs never ran at the same time, and
 * Coupa never had to answer 429 — the processes kept to one rate budget between them.
 *
 * Real processes, real binary, real sandboxes with their rate limits on. Skips (with the notice
 * from ../helpers/stores.ts) when TEST_DATABASE_URL is unset; CI sets it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPush } from '../../src/providers/coupa/webhook.js';
import { startSandboxes, type Sandboxes } from '../../src/sandbox/index.js';
import { openStore, type Store } from '../../src/store/db.js';
import type { DeliveryStatus } from '../../src/store/schema.js';
import { BIN, connectToSandboxes, ROOT, runCli } from '../helpers/cli.js';
import { storeTargets } from '../helpers/stores.js';
import type { FreshBooksSnapshot } from '../helpers/world.js';

const postgres = storeTargets.find((t) => t.name === 'postgres');

const TENANTS = ['scale-a', 'scale-b', 'scale-c'] as const;
const PER_TENANT = { suppliers: 20, purchaseOrders: 50, invoices: 30 };
const DELIVERIES = 2_000;
/** Deliveries per phase; the records change in Coupa between phases. Every record gets at least one in each. */
const PHASES = [700, 700, 600];
const PUSH_CONCURRENCY = 16;
/** A functional deadline, not a performance bound: 2,000 jobs at Coupa's 25/s need ~100 s of Coupa calls alone. */
const DRAIN_DEADLINE_MS = 420_000;
/** A killed worker's jobs return to the queue after this (the default, 60 s, only makes the test slower). */
const LEASE_SECONDS = '5';
/** Short waits between tries, so a try that fails (e.g. on 429s) is not what the deadline measures. */
const RETRY_SCHEDULE = '1s,2s,5s,10s,20s,30s,60s';

interface Proc {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** The JSON document the command prints once it is running. */
  ready: Promise<Record<string, unknown>>;
  stderr(): string;
}

function spawnCli(name: string, env: NodeJS.ProcessEnv, args: string[]): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => {
    child.on('exit', (code) => {
      r(code);
    });
  });
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      try {
        resolve(JSON.parse(out) as Record<string, unknown>);
      } catch {
        // the JSON document is not complete yet
      }
    });
    void exited.then((code) => {
      reject(new Error(`${name} exited (${code}) before it was running: ${err}`));
    });
  });
  return { name, child, exited, ready, stderr: () => err };
}

async function until<T>(read: () => Promise<T | undefined | false>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  });
  await Promise.all(lanes);
}

/** A small seeded PRNG (mulberry32): the same schedule on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Money in whole cents (exact), shown as FreshBooks shows it. */
const money = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

interface SupplierRec {
  kind: 'supplier';
  tenant: string;
  id: number;
  name: string;
  city: string;
  updates: number;
}
interface PoRec {
  kind: 'po';
  tenant: string;
  id: number;
  poNumber: string;
  supplier: SupplierRec;
  quantity: number;
  priceCents: number;
  revisions: number;
}
interface InvoiceRec {
  kind: 'invoice';
  tenant: string;
  id: number;
  invoiceNumber: string;
  supplier: SupplierRec;
  totalCents: number;
  approved: boolean;
}
type Rec = SupplierRec | PoRec | InvoiceRec;

/** The fields of the audit rows' detail this test reads (processing.*, api.call, write). */
interface AuditDetail {
  job?: number;
  attempt?: number;
  worker?: string;
  provider?: string;
  status?: number | null;
  action?: string;
  linkKind?: string;
  coupaId?: string;
  freshbooksId?: string | number | null;
}

const EVENT: Record<Rec['kind'], string> = { supplier: 'supplier.updated', po: 'purchase_order.updated', invoice: 'invoice.updated' };

const address = (name: string, city: string) => ({ name, street1: '1 Scale Street', city, postalCode: '94105', country: 'US' });

describe.skipIf(!postgres)('scale-out on PostgreSQL: 2 serve + 3 worker processes, one killed', () => {
  const env = { ML_CONNECTOR_MASTER_KEY: randomBytes(32).toString('base64') };
  let sandboxes: Sandboxes;
  let database: Awaited<ReturnType<NonNullable<typeof postgres>['create']>>;
  let store: Store;
  const procs: Proc[] = [];
  /** Undone in reverse order in afterAll, however far beforeAll got. */
  const cleanups: Array<() => Promise<void>> = [];
  const secrets = new Map<string, string>();
  /** What the Coupa sandbox answered on its API (not its control routes), counted at its HTTP server. */
  const coupaAnswers = { api: 0, tooMany: 0 };
  const cli = (...args: string[]) =>
    runCli(['--database-url', database.databaseUrl!, '--data-dir', database.dataDir, ...args], { env, timeoutMs: 90_000 });

  beforeAll(async () => {
    sandboxes = await startSandboxes();
    cleanups.push(() => sandboxes.close());
    // Counted at the socket level, so a 429 answered to a process that later died is counted too.
    sandboxes.coupa.app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (!req.url?.startsWith('/api/')) return;
      res.on('finish', () => {
        coupaAnswers.api += 1;
        if (res.statusCode === 429) coupaAnswers.tooMany += 1;
      });
    });
    database = await postgres!.create();
    cleanups.push(() => database.cleanup());
    store = await openStore({ kind: 'postgres', url: database.databaseUrl! });
    cleanups.push(() => store.close());
    for (const tenant of TENANTS) {
      const added = await cli('tenant', 'add', tenant, '--start-date', '2020-01-01');
      expect(added.code, added.stderr).toBe(0);
      await connectToSandboxes(cli, sandboxes, tenant);
      const shown = await cli('webhooks', 'show', '--tenant', tenant, '--json');
      expect(shown.code, shown.stderr).toBe(0);
      secrets.set(tenant, (JSON.parse(shown.stdout) as { coupa: { secret: string } }).coupa.secret);
    }
  }, 240_000);

  afterAll(async () => {
    for (const p of procs) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    for (const undo of cleanups.reverse()) await undo();
  }, 60_000);

  it('processes 2,000 pushes once each, in order per record, within Coupa’s rate limit', { timeout: 720_000 }, async () => {
    // ---- the processes ------------------------------------------------------------------------
    const common = ['--database-url', database.databaseUrl!, '--data-dir', database.dataDir, '--json'];
    const workerFlags = ['--lease-seconds', LEASE_SECONDS, '--retry-schedule', RETRY_SCHEDULE];
    // With `serve --no-workers` one server only takes webhooks; without the flag both also work.
    const noWorkers = /--no-workers/.test((await runCli(['serve', '--help'])).stdout);
    const serveArgs = (workers: boolean) => [
      ...common,
      'serve',
      '--port',
      '0',
      '--poll-interval',
      '0',
      ...(workers ? workerFlags : ['--no-workers']),
    ];
    procs.push(spawnCli('serve-1', env, serveArgs(!noWorkers)), spawnCli('serve-2', env, serveArgs(true)));
    for (let i = 1; i <= 3; i++) procs.push(spawnCli(`worker-${i}`, env, [...common, 'worker', ...workerFlags]));
    const started = await Promise.all(procs.map((p) => p.ready));
    const serveUrls = started.slice(0, 2).map((s) => s.listening as string);
    const workerIds = started.slice(2).map((w) => w.worker as string);
    expect(serveUrls.every((u) => /^http:\/\/127\.0\.0\.1:\d+$/.test(u))).toBe(true);

    // ---- 300 records in Coupa -----------------------------------------------------------------
    const { control } = sandboxes.coupa;
    const records: Rec[] = [];
    const suppliers: SupplierRec[] = [];
    const pos: PoRec[] = [];
    const invoices: InvoiceRec[] = [];
    for (const [t, tenant] of TENANTS.entries()) {
      const letter = 'ABC'[t]!;
      // One FreshBooks business serves all three tenants: names differ in a whole word, not a letter, or
      // "Aurora Trading 003" and "Basalt Trading 003" would be near matches sent to review.
      const word = ['Aurora', 'Basalt', 'Cobalt'][t]!;
      const own: SupplierRec[] = [];
      for (let i = 0; i < PER_TENANT.suppliers; i++) {
        const name = `${word} Trading ${String(i + 1).padStart(3, '0')}`;
        const city = 'Oakland';
        const made = control.createSupplier({ name, address: address(name, city) });
        own.push({ kind: 'supplier', tenant, id: Number(made.id), name, city, updates: 0 });
      }
      suppliers.push(...own);
      for (let i = 0; i < PER_TENANT.purchaseOrders; i++) {
        const supplier = own[i % own.length]!;
        const poNumber = `SO${letter}-${String(i + 1).padStart(4, '0')}`;
        const quantity = 1 + (i % 5);
        const priceCents = 1_000 + i * 37;
        const made = control.createPurchaseOrder({
          supplierId: supplier.id,
          poNumber,
          currency: 'USD',
          status: 'issued',
          lines: [{ description: 'Scale widgets', quantity: String(quantity), price: money(priceCents) }],
        });
        pos.push({ kind: 'po', tenant, id: Number(made.id), poNumber, supplier, quantity, priceCents, revisions: 0 });
      }
      for (let i = 0; i < PER_TENANT.invoices; i++) {
        const supplier = own[(i * 7) % own.length]!;
        const invoiceNumber = `SI${letter}-${String(i + 1).padStart(4, '0')}`;
        const totalCents = 2 * (500 + i * 13);
        // A third start approved; the rest are approved between pushes, so what a job finds depends on when it runs.
        const approved = i % 3 === 0;
        const made = control.createInvoice({
          supplierId: supplier.id,
          invoiceNumber,
          currency: 'USD',
          status: approved ? 'approved' : 'pending_approval',
          lines: [{ description: 'Scale services', quantity: '2', price: money(totalCents / 2) }],
        });
        invoices.push({ kind: 'invoice', tenant, id: Number(made.id), invoiceNumber, supplier, totalCents, approved });
      }
    }
    records.push(...suppliers, ...pos, ...invoices);
    expect(records).toHaveLength(300);

    /** Changes made in Coupa after a phase's pushes went out (phase 0 and 1). */
    const change = (phase: number) => {
      for (const [i, s] of suppliers.entries()) {
        if (i % 3 !== phase) continue;
        s.city = `${s.city === 'Oakland' ? 'Fresno' : 'Oakland'} ${phase + 1}`;
        control.updateSupplier(s.id, { address: address(s.name, s.city) });
        s.updates += 1;
      }
      for (const [i, po] of pos.entries()) {
        if (i % 2 !== phase % 2 && i % 5 !== 0) continue;
        po.priceCents += 111 * (phase + 1);
        control.revisePurchaseOrder(po.id, {
          lines: [{ lineNum: '1', description: 'Scale widgets', quantity: String(po.quantity), price: money(po.priceCents) }],
        });
        po.revisions += 1;
      }
      for (const [i, inv] of invoices.entries()) {
        if (inv.approved || (phase === 0 && i % 2 === 0)) continue;
        control.approveInvoice(inv.id);
        inv.approved = true;
      }
    };

    // ---- 2,000 signed pushes in 3 phases, to both servers -------------------------------------
    const random = prng(14);
    const phases = PHASES.map((size) => {
      const picks: Rec[] = [...records];
      while (picks.length < size) picks.push(records[Math.floor(random() * records.length)]!);
      return shuffle(picks, random);
    });
    expect(phases.reduce((n, p) => n + p.length, 0)).toBe(DELIVERIES);
    let sent = 0;
    const push = async (rec: Rec) => {
      const n = sent++;
      const webhookId = `msg_scale_${n}_${randomBytes(4).toString('hex')}`;
      const body = JSON.stringify({ type: EVENT[rec.kind], data: { id: rec.id } });
      const timestamp = Math.floor(Date.now() / 1000);
      const res = await fetch(`${serveUrls[n % 2]}/webhooks/coupa/${rec.tenant}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': webhookId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signPush(secrets.get(rec.tenant)!, webhookId, timestamp, body),
        },
        body,
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`push ${n} answered ${res.status}: ${text}`);
    };

    const countDeliveries = async (status?: DeliveryStatus) => {
      let q = store.db.selectFrom('deliveries').select((eb) => eb.fn.countAll<string>().as('n'));
      if (status) q = q.where('status', '=', status);
      return Number((await q.executeTakeFirstOrThrow()).n);
    };

    // ---- kill one worker -9 once a third is processed, while it holds jobs --------------------
    const victim = procs[2]!;
    const victimId = workerIds[0]!;
    const killed = (async () => {
      await until(
        async () => (await countDeliveries('processed')) >= DELIVERIES / 3,
        'a third of the deliveries processed',
        DRAIN_DEADLINE_MS,
      );
      const heldBy = async () =>
        (await store.db.selectFrom('jobs').select('id').where('status', '=', 'running').where('locked_by', '=', victimId).execute()).map(
          (r) => r.id,
        );
      // Two or more, so that one at least is still unfinished when the signal lands.
      await until(async () => (await heldBy()).length >= 2, `${victim.name} to hold jobs`, 60_000);
      victim.child.kill('SIGKILL');
      await victim.exited;
      // What it held when it died: left to their leases, for the other workers to take over.
      return heldBy();
    })();

    const startedAt = Date.now();
    for (const [p, phase] of phases.entries()) {
      await eachLimited(phase, PUSH_CONCURRENCY, push);
      if (p < phases.length - 1) change(p);
    }
    expect(sent).toBe(DELIVERIES);
    const heldByVictim = await killed;

    await until(
      async () => (await countDeliveries('processed')) === DELIVERIES,
      'every delivery to be processed',
      DRAIN_DEADLINE_MS - (Date.now() - startedAt),
    ).catch(async (err: unknown) => {
      const byStatus = await store.db
        .selectFrom('deliveries')
        .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('status')
        .execute();
      throw new Error(`${(err as Error).message}; deliveries by status: ${JSON.stringify(byStatus)}`);
    });
    const drainedMs = Date.now() - startedAt;

    // ---- every delivery processed, none failed, dead or waiting -------------------------------
    expect(await countDeliveries()).toBe(DELIVERIES);
    const jobs = await store.db.selectFrom('jobs').select(['id', 'record_key', 'status', 'delivery_id', 'tenant_id']).execute();
    expect(jobs.filter((j) => j.delivery_id !== null)).toHaveLength(DELIVERIES);
    expect(jobs.filter((j) => j.status !== 'done')).toEqual([]);
    const doneBy = new Map<number, string>();

    // ---- one record's jobs never overlap ------------------------------------------------------
    const audit = await store.db
      .selectFrom('audit_events')
      .select(['id', 'kind', 'detail', 'at'])
      .where('kind', 'in', ['processing.started', 'processing.succeeded', 'processing.failed', 'processing.dead', 'write', 'api.call'])
      .orderBy('id')
      .execute();
    const starts = new Map<number, Array<{ id: number; attempt: number; worker: string }>>();
    const ends = new Map<number, Array<{ id: number; attempt: number }>>();
    const writesByRecord = new Map<string, number>();
    const createdFor = new Map<string, Set<string>>();
    let coupa429InAudit = 0;
    for (const row of audit) {
      const d = JSON.parse(row.detail) as AuditDetail;
      if (row.kind === 'processing.started') {
        const list = starts.get(d.job as number) ?? [];
        list.push({ id: row.id, attempt: d.attempt as number, worker: d.worker as string });
        starts.set(d.job as number, list);
      } else if (row.kind.startsWith('processing.')) {
        const list = ends.get(d.job as number) ?? [];
        list.push({ id: row.id, attempt: d.attempt as number });
        ends.set(d.job as number, list);
      } else if (row.kind === 'api.call') {
        if (d.provider === 'coupa' && d.status === 429) coupa429InAudit += 1;
      } else if (['create', 'update', 'delete'].includes(d.action as string) && d.freshbooksId) {
        // A FreshBooks record: a vendor, or a bill (PO and invoice bills share one id space).
        const key = `${d.linkKind === 'vendor' ? 'vendor' : 'bill'}:${String(d.freshbooksId)}`;
        writesByRecord.set(key, (writesByRecord.get(key) ?? 0) + 1);
        if (d.action === 'create') {
          const source = `${String(d.linkKind)}:${String(d.coupaId)}`;
          createdFor.set(source, (createdFor.get(source) ?? new Set()).add(key));
        }
      }
    }
    const byRecord = new Map<string, number[]>();
    for (const j of jobs) byRecord.set(`${j.tenant_id}/${j.record_key}`, [...(byRecord.get(`${j.tenant_id}/${j.record_key}`) ?? []), j.id]);
    const overlaps: string[] = [];
    for (const [record, ids] of byRecord) {
      ids.sort((a, b) => a - b);
      let previousEnd = 0;
      for (const job of ids) {
        const tries = (starts.get(job) ?? []).sort((a, b) => a.id - b.id);
        const finished = (ends.get(job) ?? []).sort((a, b) => a.id - b.id);
        const succeeded = finished.at(-1);
        if (!succeeded || tries.length === 0) {
          overlaps.push(`${record}: job ${job} has ${tries.length} start(s) and no end`);
          continue;
        }
        for (const [k, t] of tries.entries()) {
          // Each try starts after the record's previous job finished, and after this job's previous try
          // ended — unless that try died with the killed worker (its lease ran out, it never ended).
          if (t.id < previousEnd)
            overlaps.push(`${record}: job ${job} try ${t.attempt} started before job ${ids[ids.indexOf(job) - 1]} finished`);
          const before = tries[k - 1];
          if (before) {
            const beforeEnd = finished.find((e) => e.attempt === before.attempt);
            if (beforeEnd ? beforeEnd.id > t.id : before.worker !== victimId)
              overlaps.push(`${record}: job ${job} try ${t.attempt} started while try ${before.attempt} (${before.worker}) was running`);
          }
        }
        const last = tries.at(-1)!;
        doneBy.set(job, last.worker);
        previousEnd = succeeded.id;
      }
    }
    expect(overlaps).toEqual([]);
    expect(heldByVictim.length).toBeGreaterThan(0);
    for (const job of heldByVictim) expect(doneBy.get(job), `job ${job}, left running by the killed worker`).not.toBe(victimId);

    // ---- each FreshBooks record written once, holding the last Coupa state ---------------------
    // The data is clean (distinct names, no hand-keyed bills): nothing may have gone to a person instead.
    const reviews = await store.db.selectFrom('reviews').select(['tenant_id', 'supplier_name', 'reason', 'candidates']).execute();
    expect(reviews).toEqual([]);
    const attention = await store.db.selectFrom('attention_items').select(['tenant_id', 'label', 'code', 'message']).execute();
    expect(attention).toEqual([]);
    const fb = sandboxes.freshbooks.control.snapshot(sandboxes.credentials.freshbooks.accountId) as unknown as FreshBooksSnapshot;
    const ours = new Set(suppliers.map((s) => s.name));
    const liveVendors = fb.bill_vendors.filter((v) => v.vis_state === 0 && ours.has(v.vendor_name));
    const vendorNames = liveVendors.map((v) => v.vendor_name);
    expect(new Set(vendorNames).size).toBe(vendorNames.length);
    const liveBills = fb.bills.filter((b) => b.vis_state === 0);
    const billKeys = liveBills.map((b) => `${b.vendorid}:${b.bill_number}`);
    expect(billKeys.length - new Set(billKeys).size).toBe(0);
    const billNumbers = liveBills.map((b) => b.bill_number);

    const required = new Map<string, number>();
    const vendorOf = new Map<string, number>();
    for (const s of suppliers) {
      const vendor = liveVendors.filter((v) => v.vendor_name === s.name);
      expect(vendor, s.name).toHaveLength(1);
      expect(vendor[0]!.city, `${s.name}'s city`).toBe(s.city);
      vendorOf.set(s.name, vendor[0]!.vendorid);
      required.set(`vendor:${vendor[0]!.vendorid}`, 1 + s.updates);
    }
    for (const po of pos) {
      const bill = liveBills.filter((b) => b.bill_number === `PO ${po.poNumber}`);
      expect(bill, po.poNumber).toHaveLength(1);
      expect(bill[0]!.vendorid).toBe(vendorOf.get(po.supplier.name));
      expect(bill[0]!.total_amount.amount, `${po.poNumber}'s total`).toBe(money(po.quantity * po.priceCents));
      expect(billNumbers.filter((n) => n === `PO ${po.poNumber}`)).toHaveLength(1);
      required.set(`bill:${bill[0]!.id}`, 1 + po.revisions);
    }
    for (const inv of invoices) {
      expect(inv.approved).toBe(true);
      const bill = liveBills.filter((b) => b.bill_number === `INV ${inv.invoiceNumber}`);
      expect(bill, inv.invoiceNumber).toHaveLength(1);
      expect(bill[0]!.vendorid).toBe(vendorOf.get(inv.supplier.name));
      expect(bill[0]!.total_amount.amount, `${inv.invoiceNumber}'s total`).toBe(money(inv.totalCents));
      required.set(`bill:${bill[0]!.id}`, 1);
    }
    const overWritten = [...writesByRecord].filter(([key, n]) => n > (required.get(key) ?? 0)).map(([key, n]) => `${key}: ${n} writes`);
    expect(overWritten).toEqual([]);
    const twiceCreated = [...createdFor].filter(([, made]) => made.size > 1).map(([source, made]) => `${source}: ${[...made].join(', ')}`);
    expect(twiceCreated).toEqual([]);

    // ---- Coupa never had to refuse: the processes kept to one budget ---------------------------
    console.log(
      `scale-out: ${DELIVERIES} deliveries processed in ${Math.round(drainedMs / 1000)} s; ` +
        `${noWorkers ? '1 serve --no-workers + 1 serve' : '2 serve (both with workers)'} + 3 workers, ${victim.name} killed holding jobs ${heldByVictim.join(', ')}; ` +
        `Coupa API answers: ${coupaAnswers.api}, of them 429: ${coupaAnswers.tooMany} (${coupa429InAudit} in the audit)`,
    );
    expect({ coupa429: coupaAnswers.tooMany, coupa429InAudit }).toEqual({ coupa429: 0, coupa429InAudit: 0 });
  });
});
