/**
 * `serve` as a real process against both sandboxes: changes arriving by webhook from both
 * sides end to end; a delivery answered 2xx survives a kill -9 and is processed after a
 * restart; SIGTERM stops taking requests, finishes the running job and exits cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signPush } from '../../src/providers/coupa/webhook.js';
import { startSandboxes, type Sandboxes } from '../../src/sandbox/index.js';
import { openStore, type Store } from '../../src/store/db.js';
import { getDelivery } from '../../src/store/queries/deliveries.js';
import { BIN, connectToSandboxes, expectOneLineFailure, ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const T = { timeout: 180_000 };
const env = { ML_CONNECTOR_MASTER_KEY: randomBytes(32).toString('base64') };

interface Serve {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
}

function startServe(dataDir: string, ...args: string[]): Promise<Serve> {
  const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'serve', '--port', '0', '--json', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) =>
    child.on('exit', (code) => {
      r(code);
    }),
  );
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      try {
        resolve({ url: (JSON.parse(out) as { listening: string }).listening, child, exited, stdout: () => out, stderr: () => err });
      } catch {
        // the JSON document is not complete yet
      }
    });
    void exited.then((code) => {
      reject(new Error(`serve exited (${code}) before listening: ${err}`));
    });
  });
}

async function until<T>(read: () => Promise<T | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('serve --reconcile-daily', () => {
  it('refuses a time that is not HH:MM from 00:00 to 23:59, saying the format, before opening anything', async () => {
    const dataDir = tempDir();
    for (const bad of ['25:00', '7:5', 'daily']) {
      const result = await runCli(['--data-dir', dataDir, 'serve', '--port', '0', '--reconcile-daily', bad], { env });
      expectOneLineFailure(
        result,
        2,
        new RegExp(`--reconcile-daily must be a time of day HH:MM \\(UTC\\), from 00:00 to 23:59; got '${bad}'`),
      );
    }
    expect(existsSync(join(dataDir, 'ml-connector.db'))).toBe(false);
  });

  it('arms the daily run, says when it is next, and still stops cleanly on SIGTERM', T, async () => {
    const dataDir = tempDir();
    const s = await startServe(dataDir, '--poll-interval', '0', '--reconcile-daily', '02:30');
    try {
      const started = JSON.parse(s.stdout()) as { reconcileDaily: { at: string; next: string } };
      expect(started.reconcileDaily.at).toBe('02:30 UTC');
      const next = Date.parse(started.reconcileDaily.next);
      expect(started.reconcileDaily.next).toMatch(/T02:30:00\.000Z$/);
      expect(next).toBeGreaterThan(Date.now());
      expect(next - Date.now()).toBeLessThanOrEqual(86_400_000);
      s.child.kill('SIGTERM');
      expect(await s.exited, s.stderr()).toBe(0);
    } finally {
      s.child.kill('SIGKILL');
    }
  });

  it('says in its help that the time is UTC', async () => {
    const help = await runCli(['serve', '--help']);
    expect(help.stdout).toMatch(/--reconcile-daily <HH:MM>\s+each day at HH:MM UTC/);
  });
});

describe('serve (real process)', () => {
  let sandboxes: Sandboxes;
  let dataDir: string;
  let store: Store;
  let secret: string;
  const running: Serve[] = [];
  const cli = (...args: string[]) => runCli(['--data-dir', dataDir, ...args], { env, timeoutMs: 90_000 });

  beforeAll(async () => {
    sandboxes = await startSandboxes();
    dataDir = tempDir();
    expect((await cli('tenant', 'add', 't')).code).toBe(0);
    await connectToSandboxes(cli, sandboxes, 't');
    secret = JSON.parse((await cli('webhooks', 'show', '--tenant', 't', '--json')).stdout).coupa.secret;
    store = await openStore({ kind: 'sqlite', file: join(dataDir, 'ml-connector.db') });
  }, 180_000);
  afterEach(async () => {
    for (const s of running.splice(0)) {
      s.child.kill('SIGKILL');
      await s.exited;
    }
    sandboxes.coupa.faults.clear();
  });
  afterAll(async () => {
    await store.close();
    await sandboxes.close();
  });

  const serve = async (...args: string[]) => {
    const s = await startServe(dataDir, '--poll-interval', '0', ...args);
    running.push(s);
    return s;
  };
  const push = async (url: string, type: string, id: unknown, msgId = `msg_${randomBytes(6).toString('hex')}`) => {
    const body = JSON.stringify({ type, data: { id: Number(id) } });
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(`${url}/webhooks/coupa/t`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': msgId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signPush(secret, msgId, timestamp, body),
      },
      body,
    });
    return { status: res.status, json: (await res.json()) as { delivery: string } };
  };
  const bills = () =>
    sandboxes.freshbooks.control.snapshot('NWCo01').bills as Array<{ bill_number: string | null; total_amount: { amount: string } }>;

  it('changes flow by webhook from both sides: Coupa pushes become bills, a FreshBooks payment reaches the Coupa invoice', T, async () => {
    const s = await serve();
    const register = await cli('webhooks', 'register', '--tenant', 't', '--public-url', s.url, '--json');
    expect(register.code).toBe(0);
    expect(JSON.parse(register.stdout).freshbooks.callbacks.every((c: { verified: boolean }) => c.verified)).toBe(true);
    sandboxes.coupa.control.setPushTargets([{ url: `${s.url}/webhooks/coupa/t`, secret }]);

    const { control } = sandboxes.coupa;
    const supplier = control.createSupplier({ name: 'Webhook Works Ltd' });
    control.createPurchaseOrder({
      supplierId: Number(supplier.id),
      poNumber: 'WH-1',
      currency: 'USD',
      status: 'issued',
      lines: [{ description: 'Widgets', quantity: '4', price: '25.00' }],
    });
    await until(() => Promise.resolve(bills().find((b) => b.bill_number === 'PO WH-1')), 'the PO’s bill');

    const invoice = control.createInvoice({
      supplierId: Number(supplier.id),
      invoiceNumber: 'WHI-1',
      poNumber: 'WH-1',
      status: 'approved',
    });
    // The invoice gets its own bill (the PO, fully invoiced, has none left); then that bill is paid in FreshBooks.
    await until(
      async () =>
        (
          await cli('deliveries', 'list', '--tenant', 't', '--json').then(
            (r) => JSON.parse(r.stdout).deliveries as Array<{ event: string; status: string }>,
          )
        ).some((d) => d.event === 'invoice.created' && d.status === 'processed'),
      'the invoice push to be processed',
    );
    const billId = (sandboxes.freshbooks.control.snapshot('NWCo01').bills as Array<{ id: number; bill_number: string }>).find(
      (b) => b.bill_number === 'INV WHI-1 / PO WH-1',
    )!.id;
    sandboxes.freshbooks.control.payBill('NWCo01', { billid: billId, amount: '100.00', paid_date: '2026-03-03' });
    await until(
      () =>
        Promise.resolve(
          (control.records('invoices').find((i) => i.id === invoice.id)!.payments as unknown[]).length === 1 ? true : undefined,
        ),
      'the payment on the Coupa invoice',
    ).catch(async (e: unknown) => {
      console.log((await cli('audit', '--tenant', 't')).stdout);
      throw e;
    });
    expect(bills().filter((b) => b.bill_number === 'INV WHI-1 / PO WH-1')).toHaveLength(1);

    const audit = await cli('audit', '--tenant', 't');
    expect(audit.stdout).toMatch(/received bill\.update/);
    expect(audit.stdout).toMatch(/Coupa PUT \/api\/invoices\/\d+/);
    expect(audit.stdout).toMatch(/wrote: record-payment payment/);
  });

  it('a delivery answered 2xx survives kill -9 and is processed after a restart', T, async () => {
    const supplier = sandboxes.coupa.control.createSupplier({ name: 'Crash Test Supplies' });
    const po = sandboxes.coupa.control.createPurchaseOrder({
      supplierId: Number(supplier.id),
      poNumber: 'K9-1',
      currency: 'USD',
      status: 'issued',
      lines: [{ description: 'Helmets', price: '80.00' }],
    });
    // Slow Coupa down so the job is mid-flight when the process dies.
    sandboxes.coupa.faults.add({ kind: 'latency', latencyMs: 1500, path: '/api/purchase_orders' });
    const first = await serve('--lease-seconds', '2');
    const { status, json } = await push(first.url, 'purchase_order.updated', po.id);
    expect(status).toBe(200);
    first.child.kill('SIGKILL');
    await first.exited;
    expect((await getDelivery(store.db, json.delivery))?.status).toBe('received');
    expect(bills().filter((b) => b.bill_number === 'PO K9-1')).toHaveLength(0);

    sandboxes.coupa.faults.clear();
    await serve('--lease-seconds', '2');
    await until(
      async () => (await getDelivery(store.db, json.delivery))?.status === 'processed',
      'the delivery to be processed after the restart',
    );
    expect(bills().filter((b) => b.bill_number === 'PO K9-1')).toHaveLength(1);
  });

  it('--no-workers takes a delivery in and leaves its job queued for a worker; a serve with workers processes it', T, async () => {
    const supplier = sandboxes.coupa.control.createSupplier({ name: 'Queue Only Supplies' });
    const po = sandboxes.coupa.control.createPurchaseOrder({
      supplierId: Number(supplier.id),
      poNumber: 'NW-1',
      currency: 'USD',
      status: 'issued',
      lines: [{ description: 'Pallets', price: '40.00' }],
    });
    const ingest = await serve('--no-workers');
    const started = JSON.parse(ingest.stdout()) as { worker: string | null; workers: boolean };
    expect(started).toMatchObject({ worker: null, workers: false });
    const { status, json } = await push(ingest.url, 'purchase_order.updated', po.id);
    expect(status).toBe(200);
    // A serve with workers claims a new job at once (the enqueue wakes its pool) and, on SIGTERM,
    // finishes it before exiting; this one has nothing to claim with.
    await new Promise((r) => setTimeout(r, 1000));
    ingest.child.kill('SIGTERM');
    expect(await ingest.exited, ingest.stderr()).toBe(0);
    expect((await getDelivery(store.db, json.delivery))?.status).toBe('received');
    const job = await store.db
      .selectFrom('jobs')
      .select(['status', 'attempts'])
      .where('delivery_id', '=', json.delivery)
      .executeTakeFirst();
    expect(job).toEqual({ status: 'pending', attempts: 0 });
    expect(bills().filter((b) => b.bill_number === 'PO NW-1')).toHaveLength(0);

    await serve();
    await until(async () => (await getDelivery(store.db, json.delivery))?.status === 'processed', 'a serve with workers to process it');
    expect(bills().filter((b) => b.bill_number === 'PO NW-1')).toHaveLength(1);
  });

  it('--no-workers says so on its startup line', T, async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'serve', '--port', '0', '--poll-interval', '0', '--no-workers'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    try {
      await until(() => Promise.resolve(out.includes('\n')), 'the startup line');
      expect(out).toMatch(
        /^ml-connector listening on http:\/\/127\.0\.0\.1:\d+ .*; no workers: deliveries are queued for `ml-connector worker`\. /,
      );
      child.kill('SIGTERM');
      expect(await exited, err).toBe(0);
      expect(err).toMatch(/SIGTERM: no new requests\.\n/);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('SIGTERM stops taking requests, lets the running job finish, and exits 0', T, async () => {
    const supplier = sandboxes.coupa.control.createSupplier({ name: 'Graceful Goods' });
    const po = sandboxes.coupa.control.createPurchaseOrder({
      supplierId: Number(supplier.id),
      poNumber: 'TERM-1',
      currency: 'USD',
      status: 'issued',
      lines: [{ description: 'Gloves', price: '12.00' }],
    });
    sandboxes.coupa.faults.add({ kind: 'latency', latencyMs: 1500, path: '/api/purchase_orders' });
    const s = await serve();
    const { status, json } = await push(s.url, 'purchase_order.updated', po.id);
    expect(status).toBe(200);
    await until(
      async () =>
        (await store.db.selectFrom('jobs').select('status').where('delivery_id', '=', json.delivery).executeTakeFirst())?.status ===
        'running',
      'the job to start',
    );
    s.child.kill('SIGTERM');
    await until(
      async () =>
        fetch(`${s.url}/healthz`).then(
          () => false,
          () => true,
        ),
      'the service to stop taking requests',
    );
    expect(await s.exited).toBe(0);
    expect((await getDelivery(store.db, json.delivery))?.status).toBe('processed');
    expect(bills().filter((b) => b.bill_number === 'PO TERM-1')).toHaveLength(1);
  });

  it(
    'a delivery whose FreshBooks write fails is retried and succeeds with one bill; one that keeps failing is dead until a replay',
    T,
    async () => {
      const supplier = sandboxes.coupa.control.createSupplier({ name: 'Retry Rentals' });
      const po1 = sandboxes.coupa.control.createPurchaseOrder({
        supplierId: Number(supplier.id),
        poNumber: 'RT-1',
        currency: 'USD',
        status: 'issued',
        lines: [{ description: 'Scaffold', price: '300.00' }],
      });
      const billsPath = '/accounting/account/NWCo01/bills/bills';
      const once = sandboxes.freshbooks.faults.add({ kind: 'error', status: 500, method: 'POST', path: billsPath, times: 1 });
      const s = await serve('--retry-schedule', '300ms,300ms');
      const retried = await push(s.url, 'purchase_order.updated', po1.id);
      await until(async () => (await getDelivery(store.db, retried.json.delivery))?.status === 'processed', 'the retried delivery');
      expect((await getDelivery(store.db, retried.json.delivery))?.attempts).toBe(2);
      expect(bills().filter((b) => b.bill_number === 'PO RT-1')).toHaveLength(1);
      sandboxes.freshbooks.faults.remove(once.id!);

      const po2 = sandboxes.coupa.control.createPurchaseOrder({
        supplierId: Number(supplier.id),
        poNumber: 'RT-2',
        currency: 'USD',
        status: 'issued',
        lines: [{ description: 'Ladders', price: '90.00' }],
      });
      const always = sandboxes.freshbooks.faults.add({ kind: 'error', status: 500, method: 'POST', path: billsPath });
      const dead = await push(s.url, 'purchase_order.updated', po2.id);
      await until(async () => (await getDelivery(store.db, dead.json.delivery))?.status === 'dead', 'the delivery to be dead-lettered');
      const shown = await cli('deliveries', 'show', dead.json.delivery);
      expect(shown.stdout).toMatch(/received purchase_order\.updated for purchase_order \d+/);
      expect(shown.stdout).toMatch(/signature verified/);
      expect(shown.stdout).toMatch(/FreshBooks POST \/accounting\/account\/NWCo01\/bills\/bills → 500/);
      expect(shown.stdout).toMatch(/DEAD after 3 tries/);
      expect(shown.stdout).not.toMatch(/whsec_|v1,/);

      sandboxes.freshbooks.faults.remove(always.id!);
      const replay = await cli('deliveries', 'replay', '--tenant', 't', '--failed', '--since', '1h', '--json');
      expect(replay.code).toBe(0);
      expect(JSON.parse(replay.stdout).replayed.map((r: { deliveryId: string }) => r.deliveryId)).toEqual([dead.json.delivery]);
      await until(async () => (await getDelivery(store.db, dead.json.delivery))?.status === 'processed', 'the replayed delivery');
      expect(bills().filter((b) => b.bill_number === 'PO RT-2')).toHaveLength(1);
      const timeline = await cli('audit', '--tenant', 't', '--delivery', dead.json.delivery);
      expect(timeline.stdout).toMatch(/replay requested by cli \(was dead\)/);
      expect(timeline.stdout).toMatch(/done: synced — PO RT-2/);
    },
  );
});
