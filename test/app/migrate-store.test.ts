/**
 * migrate-store: an embedded store filled the way a running install fills it (a synced PO,
 * invoice and payments both ways, webhooks, deliveries, a big audit table, reviews, a pending
 * authorisation…) copied into a fresh PostgreSQL database, then used from there: every table
 * holds the same rows, the sealed credentials open with the same master key (a sync through the
 * new store writes nothing new to either side), and new serial rows get fresh ids. The checks
 * that need no PostgreSQL (the URL, the source, the master key, the copy order) always run.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateStore, parseTargetUrl } from '../../src/app/migrate-store.js';
import { startFreshBooksAuthorization } from '../../src/app/freshbooks-connect.js';
import { coupaEventJob } from '../../src/app/job-kinds.js';
import { runTenantSync } from '../../src/app/tenant-sync.js';
import { ensureCoupaPushSecret } from '../../src/app/webhook-secrets.js';
import { loadConfig, type Config } from '../../src/config.js';
import { UsageError } from '../../src/lib/errors.js';
import { FRESHBOOKS_DEMO } from '../../src/sandbox/freshbooks/index.js';
import { foreignKeyOrder } from '../../src/store/copy-plan.js';
import { CopyMismatchError, TargetNotEmptyError } from '../../src/store/copy-store.js';
import { openStore, withWriteTransaction, type Db, type Store } from '../../src/store/db.js';
import { sql } from '../../src/store/kysely.js';
import { upsertAttention } from '../../src/store/queries/attention.js';
import { appendAudit } from '../../src/store/queries/audit.js';
import { insertDelivery } from '../../src/store/queries/deliveries.js';
import { recordCallback } from '../../src/store/queries/freshbooks-callbacks.js';
import { reserveRateSlot } from '../../src/store/queries/rate-budgets.js';
import { tryAcquireLock } from '../../src/store/queries/locks.js';
import { openReview } from '../../src/store/queries/reviews.js';
import { upsertVendorIntent } from '../../src/store/queries/sync-links.js';
import { setWebhookEndpoint } from '../../src/store/queries/webhook-endpoints.js';
import { failures, writes } from '../../src/sync/report.js';
import { WrongMasterKeyError } from '../../src/vault/errors.js';
import { Vault } from '../../src/vault/vault.js';
import { storeTargets } from '../helpers/stores.js';
import { startWorld, type World } from '../helpers/world.js';

const postgres = storeTargets.find((t) => t.name === 'postgres');
const AUDIT_ROWS = 1_250;

/** The config a process pointed at the world's data dir with the world's key would load. */
function configOf(world: World, databaseUrl?: string): Config {
  return loadConfig({
    dataDir: world.dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    env: { ML_CONNECTOR_MASTER_KEY: world.masterKey.toString('base64') },
  });
}

/** What a running install leaves in its store, one or more rows in every table. */
async function fillLikeAnInstall(world: World): Promise<void> {
  const scope = { store: world.store, vault: world.vault, tenantId: world.tenantId };
  const { control } = world.coupa;
  const supplier = control.createSupplier({ name: 'Hartley & Finch LLP', number: 'SUP-1', paymentTerm: 'Net 30' });
  control.createPurchaseOrder({
    supplierId: Number(supplier.id),
    poNumber: 'PO-2401',
    currency: 'USD',
    status: 'issued',
    lines: [
      { description: 'Legal services – Q1 retainer', price: '12000.00', accountCode: 'NW-FIN-6300' },
      { description: 'Contract review', quantity: '6', price: '450.00', accountCode: 'NW-OPS-6300' },
    ],
  });
  const invoice = control.createInvoice({
    supplierId: Number(supplier.id),
    invoiceNumber: 'INV-88',
    poNumber: 'PO-2401',
    status: 'approved',
    lines: [{ poLineNum: '1', price: '12000.00' }],
  });
  expect(failures((await runTenantSync(scope, { source: 'test' })).report)).toBe(0);
  // A payment each way: Coupa → FreshBooks, and FreshBooks → Coupa split over cost centres.
  control.recordPayment(Number(invoice.id), { amount: '6000.00', date: '2026-01-15', notes: 'ACH 7781' });
  const bill = world.fb().bills.find((b) => b.bill_number === 'INV INV-88 / PO PO-2401');
  if (!bill) throw new Error('the invoice bill was not written');
  world.freshbooks.control.payBill(world.accountId, { billid: bill.id, amount: '1000.00', paid_date: '2026-02-01', payment_type: 'Check' });
  expect(failures((await runTenantSync(scope, { source: 'test' })).report)).toBe(0);

  // Webhooks: a callback, the Coupa push secret (sealed), the public URL; a delivery and its job.
  await recordCallback(world.store.db, {
    tenantId: world.tenantId,
    callbackId: '501',
    event: 'bill.create',
    uri: 'https://sync.example/x',
  });
  await ensureCoupaPushSecret(scope);
  await setWebhookEndpoint(world.store.db, world.tenantId, 'https://sync.example');
  await withWriteTransaction(world.store, (tx) =>
    insertDelivery(
      tx,
      {
        tenantId: world.tenantId,
        source: 'coupa',
        dedupeKey: 'msg_1',
        event: 'invoice.updated',
        objectType: 'invoice',
        objectId: String(invoice.id),
        headers: { 'webhook-id': 'msg_1' },
        body: '{"type":"invoice.updated"}',
      },
      coupaEventJob('invoice', { type: 'invoice.updated', id: String(invoice.id) }),
    ),
  );
  // An audit table bigger than a batch, so the copy runs in several.
  await appendAudit(
    world.store.db,
    Array.from({ length: AUDIT_ROWS }, (_, i) => ({
      tenantId: world.tenantId,
      kind: 'api.call',
      detail: { n: i },
      at: 1_700_000_000_000 + i,
    })),
  );
  // What waits for a person, a lease, a vendor about to be created, a pending authorisation.
  await openReview(world.store.db, {
    tenantId: world.tenantId,
    supplierId: '77',
    supplierName: 'Acme Inc.',
    reason: 'near',
    candidates: [{ vendorId: '9', name: 'ACME Inc' }],
  });
  await upsertAttention(
    world.store.db,
    world.tenantId,
    { recordKind: 'invoice', recordId: '42', label: 'Invoice INV-42', code: 'no_vendor', message: 'No vendor.', action: 'Link it.' },
    'open',
    1,
  );
  await tryAcquireLock(world.store.db, `${world.tenantId}:supplier:77`, 'worker-1', 60_000);
  await upsertVendorIntent(world.store.db, world.tenantId, { supplierId: '78', vendorName: 'Birch Ltd', coupaFields: '{}' });
  // The Coupa instance's request budget, shared by every process.
  await reserveRateSlot(world.store, { provider: 'coupa', subject: world.coupa.url }, { intervalMs: 50, burst: 18 });
  await startFreshBooksAuthorization(scope, {
    clientId: FRESHBOOKS_DEMO.clientId,
    clientSecret: FRESHBOOKS_DEMO.clientSecret,
    redirectUri: FRESHBOOKS_DEMO.redirectUri,
    authUrl: world.freshbooks.url,
    apiUrl: world.freshbooks.url,
  });
}

/** The tables of a PostgreSQL store, read independently of the code under test. */
async function postgresTables(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely\\_%'
    order by table_name`.execute(db);
  return rows.map((r) => r.name);
}

/** Every row of a table, in a canonical order (ids, clocks and all). */
async function rowsOf(db: Db, table: string): Promise<string[]> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
  return rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1))))).sort();
}

async function maxId(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ id: number | null }>`select max(id) as id from ${sql.table(table)}`.execute(db);
  return rows[0]?.id ?? 0;
}

describe('migrate-store refuses what it cannot copy, without PostgreSQL', () => {
  it('accepts postgres:// and postgresql:// URLs naming a database, and shows them with the password masked', () => {
    expect(parseTargetUrl('postgres://ml:s3cret@db.internal:5432/ml_connector')).toEqual({
      url: 'postgres://ml:s3cret@db.internal:5432/ml_connector',
      shown: 'postgres://ml:***@db.internal:5432/ml_connector',
    });
    expect(parseTargetUrl('postgresql://ml@db/app?password=s3cret&sslmode=require').shown).toBe(
      'postgresql://ml@db/app?password=***&sslmode=require',
    );
  });

  it.each([
    ['not a url s3cret', /^--to is not a URL \(a value of 16 characters was given\)/],
    ['mysql://ml:s3cret@db/app', /^--to must be a postgres:\/\/ URL; got mysql:\/\/ml:\*\*\*@db\/app/],
    ['postgres://ml:s3cret@db:5432', /^--to names no database: postgres:\/\/ml:\*\*\*@db:5432/],
    ['postgres://ml:s3cret@db:5432/', /^--to names no database/],
  ])('refuses --to %s with a usage error that never repeats the password', (text, pattern) => {
    const err = (() => {
      try {
        parseTargetUrl(text);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(UsageError);
    const { message, hint } = err as UsageError;
    expect(message).toMatch(pattern);
    expect(`${message} ${hint}`).not.toContain('s3cret');
  });

  it('orders tables parents first, ties by name, and reports a cycle', () => {
    const refs = [
      { child: 'jobs', parent: 'tenants' },
      { child: 'jobs', parent: 'deliveries' },
      { child: 'deliveries', parent: 'tenants' },
      { child: 'audit', parent: 'audit' },
    ];
    expect(foreignKeyOrder(['jobs', 'deliveries', 'tenants', 'audit'], refs)).toEqual(['audit', 'tenants', 'deliveries', 'jobs']);
    expect(() =>
      foreignKeyOrder(
        ['a', 'b', 'c'],
        [
          { child: 'a', parent: 'b' },
          { child: 'b', parent: 'a' },
        ],
      ),
    ).toThrow(/foreign keys between a, b form a cycle/);
  });

  describe('with an embedded store', () => {
    let world: World;
    beforeEach(async () => {
      world = await startWorld();
    });
    afterEach(async () => world.close());

    it('refuses a PostgreSQL source, naming it with the password masked', async () => {
      const config = configOf(world, 'postgres://ml:s3cret@db.internal/ml_connector');
      const run = migrateStore({ config, openSource: () => Promise.resolve(world.store), to: 'postgres://ml@other/db' });
      await expect(run).rejects.toThrow(UsageError);
      await expect(run).rejects.toThrow(
        /copies the embedded SQLite store, but this command points at PostgreSQL \(postgres:\/\/ml:\*\*\*@db/,
      );
    });

    it('refuses a master key other than the one the credentials are sealed with, before touching the target', async () => {
      const config = loadConfig({ dataDir: world.dataDir, env: { ML_CONNECTOR_MASTER_KEY: randomBytes(32).toString('base64') } });
      // Port 1: were the target opened, the error would be a connection failure instead.
      const run = migrateStore({ config, openSource: () => Promise.resolve(world.store), to: 'postgres://ml@127.0.0.1:1/db' });
      await expect(run).rejects.toThrow(WrongMasterKeyError);
    });

    it('refuses a data dir with no embedded store instead of copying an empty new one', async () => {
      const config = loadConfig({ dataDir: `${world.dataDir}/elsewhere`, env: {} });
      const run = migrateStore({ config, openSource: () => Promise.resolve(world.store), to: 'postgres://ml@127.0.0.1:1/db' });
      await expect(run).rejects.toThrow(/There is no embedded store at .*elsewhere\/ml-connector\.db/);
    });
  });
});

describe.skipIf(!postgres)('migrate-store into PostgreSQL', () => {
  let world: World;
  let target: Awaited<ReturnType<NonNullable<typeof postgres>['create']>>;
  const opened: Store[] = [];
  beforeEach(async () => {
    world = await startWorld();
    await fillLikeAnInstall(world);
    target = await postgres!.create();
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await world.close();
    await target.cleanup();
  });

  const open = async (): Promise<Store> => {
    const store = await openStore({ kind: 'postgres', url: target.databaseUrl! });
    opened.push(store);
    return store;
  };
  const migrate = (batchRows = 400) =>
    migrateStore({ config: configOf(world), openSource: () => Promise.resolve(world.store), to: target.databaseUrl!, batchRows });

  it('copies every table row for row; the credentials open with the same key; new rows get fresh ids', { timeout: 120_000 }, async () => {
    const progress: string[] = [];
    const result = await migrateStore({
      config: configOf(world),
      openSource: () => Promise.resolve(world.store),
      to: target.databaseUrl!,
      batchRows: 400,
      onProgress: (p) => progress.push(`${p.table} ${p.copied}/${p.total}`),
    });
    const pg = await open();

    // Every table the migrations made is copied (read from the catalogue here, not from the code
    // under test), holds rows in this fixture (a new table must be filled above), and is equal.
    const tables = await postgresTables(pg.db);
    expect(result.tables.map((t) => t.table).sort()).toEqual(tables);
    for (const table of tables) {
      const source = await rowsOf(world.store.db, table);
      expect(source.length, `${table} holds no row in the fixture: fill it in fillLikeAnInstall`).toBeGreaterThan(0);
      expect(await rowsOf(pg.db, table), table).toEqual(source);
      expect(result.tables.find((t) => t.table === table)?.rows).toBe(source.length);
    }
    // Parents first: tenants before everything that names a tenant.
    const order = result.tables.map((t) => t.table);
    for (const child of ['credentials', 'data_keys', 'jobs', 'deliveries', 'po_links'])
      expect(order.indexOf('tenants')).toBeLessThan(order.indexOf(child));
    // The big table went in batches, each reported.
    const audits = result.tables.find((t) => t.table === 'audit_events')?.rows ?? 0;
    expect(audits).toBeGreaterThan(AUDIT_ROWS);
    const batches = Array.from({ length: Math.ceil(audits / 400) }, (_, i) => `audit_events ${Math.min(audits, (i + 1) * 400)}/${audits}`);
    expect(progress.filter((p) => p.startsWith('audit_events '))).toEqual([`audit_events 0/${audits}`, ...batches]);
    expect(result.masterKey).toEqual({ source: 'env', keyId: world.vault.master.id, sealed: true });
    expect(result.to).toBe(new URL(target.databaseUrl!).password ? expect.stringContaining('***') : target.databaseUrl);

    // Each sequence starts past the copied ids.
    const before = { audit: await maxId(pg.db, 'audit_events'), runs: await maxId(pg.db, 'sync_runs') };
    expect(result.sequences.find((s) => s.table === 'audit_events')).toEqual({
      table: 'audit_events',
      column: 'id',
      next: before.audit + 1,
    });

    // The new store, opened as a process would with the same master key: the credentials open,
    // the links are all there (a pass writes nothing new to either side), new rows get new ids.
    const fbBefore = JSON.stringify(world.fb());
    const vault = await Vault.open(pg, { dataDir: target.dataDir, masterKey: world.masterKey }, () => undefined);
    const { report } = await runTenantSync({ store: pg, vault, tenantId: world.tenantId }, { source: 'test' });
    expect(failures(report)).toBe(0);
    expect(writes(report)).toBe(0);
    expect(JSON.stringify(world.fb())).toBe(fbBefore);
    expect(await maxId(pg.db, 'audit_events')).toBeGreaterThan(before.audit);
    expect(await maxId(pg.db, 'sync_runs')).toBe(before.runs + 1);
  });

  it('refuses a target that already holds tenants, saying which, and leaves it as it was', { timeout: 120_000 }, async () => {
    await migrate();
    const pg = await open();
    const before = await rowsOf(pg.db, 'audit_events');
    const again = migrate();
    await expect(again).rejects.toThrow(TargetNotEmptyError);
    await expect(again).rejects.toThrow(/already holds 1 tenant \(northwind\), so nothing was copied/);
    expect(await rowsOf(pg.db, 'audit_events')).toEqual(before);
  });

  it('rolls everything back when the row counts differ after the copy', { timeout: 120_000 }, async () => {
    // A rule that silently drops some audit rows stands for whatever could lose rows on the way.
    const pg = await open();
    await sql`create rule drop_some_audit as on insert to audit_events where new.id % 100 = 7 do instead nothing`.execute(pg.db);
    const run = migrate();
    await expect(run).rejects.toThrow(CopyMismatchError);
    await expect(run).rejects.toThrow(/audit_events: 1\d{3} in the source, 1\d{3} in the target/);
    expect(await rowsOf(pg.db, 'tenants')).toEqual([]);
    expect(await rowsOf(pg.db, 'audit_events')).toEqual([]);
  });
});
