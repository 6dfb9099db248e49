/**
 * The sync engine's state port over both stores: links in real columns, one owner per bill,
 * invoiced lines that mark their POs, payment pairs, attention items with a retry budget, and
 * the carry-over of the links table written by earlier versions.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, sql } from '../../src/store/kysely.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attention } from '../../src/core/attention.js';
import { syncStateFor } from '../../src/app/sync-state.js';
import { Decimal } from '../../src/lib/decimal.js';
import { openStore, type Store } from '../../src/store/db.js';
import { migrations } from '../../src/store/migrations/index.js';
import { listAttention } from '../../src/store/queries/attention.js';
import { addTenant } from '../../src/store/queries/tenants.js';
import type { InvoiceLinkRow, PoLinkRow, SyncState } from '../../src/sync/state.js';
import { storeTargets } from '../helpers/stores.js';

const d = (s: string) => Decimal.parse(s);
const po = (over: Partial<PoLinkRow> = {}): PoLinkRow => ({
  poNumber: '2400',
  poId: '24',
  supplierId: 's1',
  vendorId: 'v1',
  billId: 'b1',
  tag: 'PO 2400',
  fingerprint: 'f',
  billHash: null,
  version: 1,
  sourceUpdatedAt: '2024-01-01T00:00:00Z',
  takenOverBy: null,
  needsSettle: false,
  ...over,
});
const inv = (over: Partial<InvoiceLinkRow> = {}): InvoiceLinkRow => ({
  invoiceId: '90',
  invoiceNumber: 'INV-1',
  supplierId: 's1',
  vendorId: 'v1',
  billId: 'b2',
  tag: 'INV INV-1 / PO 2400',
  poSlot: null,
  fingerprint: 'g',
  billHash: null,
  sourceUpdatedAt: null,
  ...over,
});

describe.each(storeTargets)('sync state on $name', (target) => {
  let store: Store;
  let made: Awaited<ReturnType<typeof target.create>>;
  let state: SyncState;

  beforeEach(async () => {
    made = await target.create();
    store = await openStore(made.target);
    await addTenant(store.db, 't1');
    await addTenant(store.db, 't2');
    state = syncStateFor(store, 't1');
  });
  afterEach(async () => {
    await store.close();
    await made.cleanup();
  });

  it('keeps vendor links with the Coupa fields last read, per tenant', async () => {
    const fields = { vendorName: 'Acme', city: null } as unknown as Parameters<SyncState['saveVendor']>[0]['coupaFields'];
    await state.saveVendor({ supplierId: '17', vendorId: '5', coupaFields: fields, sourceUpdatedAt: null });
    expect(await state.vendor('17')).toEqual({ supplierId: '17', vendorId: '5', coupaFields: fields, sourceUpdatedAt: null });
    expect(await syncStateFor(store, 't2').vendor('17')).toBeUndefined();
  });

  it('keeps one review per supplier and one bill review per invoice, side by side (migration 008)', async () => {
    const candidate = { billId: 'b9', billNumber: 'INV-1010', issueDate: '2026-03-04', total: '300.00', currency: 'USD', why: 'typo' };
    const bill = (invoiceId: string) => ({
      invoiceId,
      supplierId: '17',
      supplierName: 'Acme',
      reason: 'near' as const,
      invoice: { invoiceNumber: `INV-${invoiceId}`, invoiceDate: '2026-03-04', total: '300.00', currency: 'USD' },
      candidates: [candidate],
    });
    await state.openReview({ supplierId: '17', supplierName: 'Acme', reason: 'near', candidates: [{ vendorId: '5', name: 'ACME' }] });
    await state.openBillReview(bill('90'));
    await state.openBillReview(bill('91'));
    await state.openBillReview({ ...bill('91'), reason: 'ambiguous' });
    await state.openReview({ supplierId: '17', supplierName: 'Acme', reason: 'near', candidates: [{ vendorId: '6', name: 'ACME' }] });
    expect(await state.review('17')).toEqual({ status: 'open' });
    const rows = await store.db
      .selectFrom('reviews')
      .select(['kind', 'invoice_id', 'reason'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.kind, r.invoice_id, r.reason]).sort()).toEqual([
      ['bill', '90', 'near'],
      ['bill', '91', 'ambiguous'],
      ['supplier', null, 'near'],
    ]);
    const open = await state.billReview('91');
    expect(open).toMatchObject({ status: 'open', resolution: null });
    await state.closeBillReview(open!.id, { action: 'create', billId: 'b10' });
    expect(await state.billReview('91')).toMatchObject({ status: 'resolved', resolution: { action: 'create', billId: 'b10' } });
    expect(await state.billReview('90')).toMatchObject({ status: 'open' });
    expect(await syncStateFor(store, 't2').billReview('90')).toBeUndefined();
  });

  it('knows who owns a bill, and lets no two POs or two invoices own the same one', async () => {
    await state.savePo(po());
    await state.saveInvoice(inv());
    expect((await state.billOwner('b1'))?.kind).toBe('po');
    expect(await state.billOwner('b2')).toMatchObject({ kind: 'invoice', row: { invoiceId: '90' } });
    expect(await state.billOwner('b3')).toBeUndefined();
    await expect(state.savePo(po({ poNumber: '2401' }))).rejects.toThrow();
    await expect(state.saveInvoice(inv({ invoiceId: '91' }))).rejects.toThrow();
    // A PO with nothing open has no bill; many can be in that state.
    await state.savePo(po({ poNumber: '2402', billId: null }));
    await state.savePo(po({ poNumber: '2403', billId: null }));
    expect((await state.po('2403'))?.billId).toBeNull();
  });

  it('replaces an invoice’s invoiced lines and marks the POs they name (before and after) to be settled', async () => {
    await state.savePo(po());
    await state.savePo(po({ poNumber: '2500', billId: 'b9' }));
    const lines = [
      { invoiceId: '90', poNumber: '2400', orderLineNum: '1', amount: d('100.00') },
      { invoiceId: '90', poNumber: '2400', orderLineNum: null, amount: d('5.50') },
    ];
    expect(await state.setInvoicedLines('90', lines)).toEqual(['2400']);
    expect(await state.setInvoicedLines('90', lines)).toEqual([]);
    expect((await state.invoicedLines('2400')).map((l) => l.amount.toString())).toEqual(['100.00', '5.50']);
    expect(await state.posToSettle()).toEqual(['2400']);
    expect((await state.setInvoicedLines('90', [{ ...lines[0]!, poNumber: '2500' }])).sort()).toEqual(['2400', '2500']);
    expect(await state.invoicedLines('2400')).toEqual([]);
  });

  it('keeps one payment pair per Coupa payment and per bill payment', async () => {
    const pair = {
      invoiceId: '90',
      coupaKey: '90:55',
      billPaymentId: '700',
      billId: 'b2',
      origin: 'coupa' as const,
      amount: d('10.00'),
      paidDate: '2024-05-01',
      state: 'live' as const,
    };
    await state.savePayment(pair);
    const saved = await state.paymentByBillPayment('700');
    expect(saved).toMatchObject({ coupaKey: '90:55', origin: 'coupa', state: 'live' });
    expect((await state.paymentByCoupaKey('90:55'))?.amount.toString()).toBe('10.00');
    await expect(state.savePayment({ ...pair, coupaKey: '90:56' })).rejects.toThrow();
    await state.savePayment({ ...saved!, state: 'reversed' });
    expect((await state.paymentsOfInvoice('90')).map((p) => p.state)).toEqual(['reversed']);
  });

  it('counts failures up to the budget, then opens the item; a success resolves it', async () => {
    const who = { kind: 'invoice' as const, id: '90', label: 'invoice INV-1' };
    const describe = (n: number) => attention.failing(who, n, 'FreshBooks refused it');
    expect(await state.failure(who, 3, describe)).toBe(1);
    expect(await state.failure(who, 3, describe)).toBe(2);
    expect(await listAttention(store.db, 't1')).toEqual([]);
    expect(await state.failure(who, 3, describe)).toBe(3);
    const [open] = await listAttention(store.db, 't1');
    expect(open).toMatchObject({ code: 'failing', status: 'open', attempts: 3, label: 'invoice INV-1' });
    expect(open!.message).toMatch(/failed 3 times/);
    await state.settle(who, ['failing']);
    expect(await listAttention(store.db, 't1')).toEqual([]);
    expect(await state.failure(who, 3, describe)).toBe(1);
  });

  it('rolls a transaction back whole', async () => {
    await expect(
      state.transaction(async (tx) => {
        await tx.savePo(po());
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await state.po('2400')).toBeUndefined();
  });
});

describe.each(storeTargets)('carrying over the links of earlier versions on $name', (target) => {
  it('moves each kind of link into its own table and drops the old one', async () => {
    const made = await target.create();
    // Build the store as version 0.1 left it: migrations up to 005, and a few links.
    const first = await openStoreAt(made.target, '005_webhook_secrets');
    await sql`insert into tenants (id, created_at, settings) values ('t1', 1, '{}')`.execute(first);
    const link = (kind: string, coupa: string, fb: string, meta: object) =>
      sql`insert into links (tenant_id, kind, coupa_id, freshbooks_id, fingerprint, origin, source_updated_at, meta, created_at, updated_at)
          values ('t1', ${kind}, ${coupa}, ${fb}, 'fp', 'coupa', null, ${JSON.stringify(meta)}, 1, 2)`.execute(first);
    await link('vendor', '17', '5', {});
    await link('po', '2400', '', { poId: '24', supplierId: '17', vendorId: '5', tag: '2400', version: 1 });
    await link('po', '2401', '800', { poId: '25', supplierId: '17', vendorId: '5', tag: '2401', version: 1, takenOverByInvoiceId: '91' });
    await link('invoice', '91', '800', { vendorId: '5', tag: '2401', poSlot: '2401' });
    await link('payment_in', '91:55', '700', { invoiceId: '91', billId: '800', amount: '10.00', date: '2024-05-01' });
    await first.destroy();

    const store = await openStore(made.target);
    const state = syncStateFor(store, 't1');
    expect(await state.vendor('17')).toMatchObject({ vendorId: '5', coupaFields: null });
    expect(await state.po('2400')).toMatchObject({ billId: null, poId: '24' });
    // The invoice took PO 2401's bill over: the bill is the invoice's now, the PO has none.
    expect(await state.po('2401')).toMatchObject({ billId: null });
    expect(await state.invoice('91')).toMatchObject({ billId: '800', poSlot: '2401', fingerprint: null });
    expect(await state.paymentByBillPayment('700')).toMatchObject({ coupaKey: '91:55', origin: 'coupa', state: 'live' });
    const tables =
      store.dialect === 'postgres'
        ? await sql<{ n: string }>`select table_name as n from information_schema.tables where table_name = 'links'`.execute(store.db)
        : await sql<{ n: string }>`select name as n from sqlite_master where name = 'links'`.execute(store.db);
    expect(tables.rows).toEqual([]);
    await store.close();
    await made.cleanup();
  });
});

async function openStoreAt(target: Parameters<typeof openStore>[0], last: string): Promise<Kysely<unknown>> {
  // The same dialect set-up as openStore, but stopping at an earlier migration.
  const store = await openStoreWithout(target);
  const migrator = new Migrator({ db: store, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo(last);
  if (error) throw new Error(`migrating to ${last} failed`, { cause: error });
  return store;
}

async function openStoreWithout(target: Parameters<typeof openStore>[0]): Promise<Kysely<unknown>> {
  if (target.kind === 'postgres') {
    const pg = await import('pg');
    const { PostgresDialect } = await import('../../src/store/kysely.js');
    const { Pool } = pg.default;
    return new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: target.url, max: 2 }) }) });
  }
  const BetterSqlite3 = (await import('better-sqlite3')).default;
  const { SqliteDialect } = await import('../../src/store/kysely.js');
  mkdirSync(dirname(target.file), { recursive: true });
  return new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(target.file) }) });
}
