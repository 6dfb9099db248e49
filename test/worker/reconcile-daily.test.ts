/**
 * The daily reconciliation over a real store and both sandboxes: a run saves a report for each
 * tenant connected on both sides, skips the others, and carries on past a tenant that fails;
 * the timer fires at HH:MM UTC, covers the previous month on the 1st, re-arms, and stops.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lastReconciliation, NoReconciliationError, runReconciliation, type ReconciliationReport } from '../../src/app/reconcile.js';
import { saveCoupa, saveFreshBooks } from '../../src/app/credentials.js';
import type { TenantScope } from '../../src/app/tenant-scope.js';
import { createLogger } from '../../src/log.js';
import { COUPA_DEMO } from '../../src/sandbox/coupa/index.js';
import { FRESHBOOKS_DEMO } from '../../src/sandbox/freshbooks/index.js';
import { addTenant } from '../../src/store/queries/tenants.js';
import { DailyReconciler } from '../../src/worker/reconcile-daily.js';
import { startWorld, type World } from '../helpers/world.js';

interface LogRecord {
  level: number;
  msg: string;
  tenant?: string;
  byStatus?: Record<string, number>;
}

function capture(): { logger: ReturnType<typeof createLogger>; records: () => LogRecord[]; raw: string[] } {
  const raw: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: {
      write: (line: string) => {
        raw.push(line);
      },
    },
  });
  return { logger, raw, records: () => raw.map((l) => JSON.parse(l) as LogRecord) };
}

describe('daily reconciliation', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await world.close();
  });

  /** A tenant connected on both sides whose Coupa client secret is wrong: its reconciliation fails. */
  async function addBrokenTenant(tenantId: string): Promise<void> {
    const scope: TenantScope = { store: world.store, vault: world.vault, tenantId };
    await addTenant(world.store.db, tenantId);
    await saveCoupa(scope, {
      instanceUrl: world.coupa.url,
      clientId: COUPA_DEMO.clientId,
      clientSecret: 'not-the-secret-5f3a',
      scopes: [...COUPA_DEMO.scopes],
    });
    const t = world.freshbooks.control.issueTokens();
    await saveFreshBooks(scope, {
      clientId: FRESHBOOKS_DEMO.clientId,
      clientSecret: FRESHBOOKS_DEMO.clientSecret,
      redirectUri: FRESHBOOKS_DEMO.redirectUri,
      authUrl: world.freshbooks.url,
      apiUrl: world.freshbooks.url,
      accountId: FRESHBOOKS_DEMO.accountId,
      businessId: FRESHBOOKS_DEMO.businessId,
      businessName: FRESHBOOKS_DEMO.businessName,
      tokens: {
        accessToken: t.access_token,
        refreshToken: t.refresh_token,
        createdAt: t.created_at,
        expiresIn: t.expires_in,
        scope: t.scope,
      },
    });
  }

  it('saves a report for each connected tenant, skips one without connections, and carries on past one that fails', async () => {
    const supplier = world.coupa.control.createSupplier({ name: 'Daily Doughnuts' });
    world.coupa.control.createInvoice({
      supplierId: Number(supplier.id),
      invoiceNumber: 'DD-1',
      currency: 'USD',
      status: 'approved',
      lines: [{ description: 'A dozen', price: '100.00' }],
    });
    await world.sync();
    // Listed in id order: the failing one and the unconnected one come before 'northwind'.
    await addBrokenTenant('aaa-broken');
    await addTenant(world.store.db, 'aab-lonely');
    const { logger, raw, records } = capture();
    const daily = new DailyReconciler({ store: world.store, vault: world.vault, logger, at: { hour: 2, minute: 30 } });

    const now = new Date();
    const runs = await daily.runOnce(now);

    expect(runs.map((r) => [r.tenant, r.outcome])).toEqual([
      ['aaa-broken', 'failed'],
      ['aab-lonely', 'skipped'],
      ['northwind', 'saved'],
    ]);
    const saved = await lastReconciliation(world.store.db, 'northwind');
    const today = now.toISOString().slice(0, 10);
    // On the 1st the run is the previous month's close, and today's invoice is outside it.
    const expected = today.endsWith('-01') ? [] : ['agreement'];
    expect(saved.lines.map((l) => l.status)).toEqual(expected);
    expect(runs[2]).toMatchObject({ outcome: 'saved', agreed: true, byStatus: expected.length ? { agreement: 1 } : {} });
    await expect(lastReconciliation(world.store.db, 'aab-lonely')).rejects.toThrow(NoReconciliationError);
    await expect(lastReconciliation(world.store.db, 'aaa-broken')).rejects.toThrow(NoReconciliationError);

    const logs = records();
    const summary = logs.find((r) => r.tenant === 'northwind' && /^reconciliation of 'northwind'/.test(r.msg));
    expect(summary?.msg).toMatch(
      /^reconciliation of 'northwind' \d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}: agreed \((1 agreement|no records)\)$/,
    );
    expect(logs.find((r) => r.tenant === 'aaa-broken')).toMatchObject({
      level: 50,
      msg: expect.stringMatching(/daily reconciliation of 'aaa-broken' failed/),
    });
    expect(logs.find((r) => r.tenant === 'aab-lonely')?.msg).toMatch(/not connected on both sides; skipped/);
    // Never a secret: not the wrong one tried, not the real ones, not a token.
    const text = raw.join('');
    expect(text).not.toContain('not-the-secret-5f3a');
    expect(text).not.toContain(COUPA_DEMO.clientSecret);
    expect(text).not.toContain(FRESHBOOKS_DEMO.clientSecret);
  });

  it('logs differences at warn level with the counts by status', async () => {
    const supplier = world.coupa.control.createSupplier({ name: 'Warned Widgets' });
    world.coupa.control.createInvoice({
      supplierId: Number(supplier.id),
      invoiceNumber: 'WW-1',
      currency: 'USD',
      status: 'approved',
      lines: [{ description: 'Widgets', price: '100.00' }],
    });
    await world.sync();
    const bill = world.fb().bills.find((b) => b.vis_state === 0)!;
    world.freshbooks.control.payBill(world.accountId, { billid: bill.id, amount: '40.00', paid_date: '2026-05-02' });
    const { logger, records } = capture();
    // A wide period through the injected reconciliation: the records are dated today, whatever today is.
    const daily = new DailyReconciler({
      store: world.store,
      vault: world.vault,
      logger,
      at: { hour: 2, minute: 30 },
      reconcile: (scope) => runReconciliation(scope, { from: '2000-01-01', to: '2100-12-31' }),
    });
    const [run] = await daily.runOnce(new Date('2026-05-14T02:30:00Z'));
    expect(run).toMatchObject({ tenant: 'northwind', outcome: 'saved', agreed: false });
    const summary = records().find((r) => r.tenant === 'northwind' && r.msg.startsWith('reconciliation of'));
    expect(summary?.level).toBe(40);
    expect(summary?.msg).toMatch(
      /^reconciliation of 'northwind' 2026-05-01\.\.2026-05-14: differences \(.*1 payment-missing-in-coupa.*\)$/,
    );
    expect(summary?.byStatus).toMatchObject({ 'payment-missing-in-coupa': 1 });
  });

  it('fires at HH:MM UTC, reconciles the previous month on the 1st, re-arms for the next day, and stops', async () => {
    // Only the timer and the clock are faked; the reconciliation is a stand-in (no HTTP under a fake clock).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-05-31T23:00:00Z'));
    const calls: Array<{ tenant: string; from: string; to: string; at: string }> = [];
    const daily = new DailyReconciler({
      store: world.store,
      vault: world.vault,
      logger: createLogger({ level: 'silent' }),
      at: { hour: 2, minute: 30 },
      reconcile: (scope, period) => {
        calls.push({ tenant: scope.tenantId, ...period, at: new Date().toISOString() });
        return Promise.resolve(emptyReport(scope.tenantId, period));
      },
    });
    daily.start();
    expect(daily.nextRun).toEqual(new Date('2026-06-01T02:30:00Z'));

    await vi.advanceTimersByTimeAsync(3.5 * 3600_000 - 1);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => daily.nextRun?.toISOString() === '2026-06-02T02:30:00.000Z');
    expect(calls).toEqual([{ tenant: 'northwind', from: '2026-05-01', to: '2026-05-31', at: '2026-06-01T02:30:00.000Z' }]);
    expect((await lastReconciliation(world.store.db, 'northwind')).period).toEqual({ from: '2026-05-01', to: '2026-05-31' });

    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    await until(() => daily.nextRun?.toISOString() === '2026-06-03T02:30:00.000Z');
    expect(calls.map((c) => [c.from, c.to])).toEqual([
      ['2026-05-01', '2026-05-31'],
      ['2026-06-01', '2026-06-02'],
    ]);

    await daily.stop();
    expect(daily.nextRun).toBeUndefined();
    await vi.advanceTimersByTimeAsync(3 * 24 * 3600_000);
    expect(calls).toHaveLength(2);
  });
});

function emptyReport(tenant: string, period: { from: string; to: string }): ReconciliationReport {
  return {
    tenant,
    period,
    generatedAt: new Date().toISOString(),
    agreed: true,
    lines: [],
    totals: { byStatus: [], byCurrency: [], byVendor: [], byCostCentre: [] },
  };
}

/** Lets the run's promises settle (setImmediate is not faked) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) await new Promise((r) => setImmediate(r));
  expect(done()).toBe(true);
}
