/**
 * A whole small world for engine tests: both sandboxes running, a store, a vault, a tenant
 * connected to both sides through the real clients.
 */
import { randomBytes } from 'node:crypto';
import { syncStateFor } from '../../src/app/sync-state.js';
import { saveCoupa, saveFreshBooks } from '../../src/app/credentials.js';
import { freshbooksPortFor } from '../../src/app/freshbooks-client.js';
import { CoupaClient } from '../../src/providers/coupa/client.js';
import { coupaPort } from '../../src/providers/coupa/port.js';
import { coupaTokenCache } from '../../src/app/credentials.js';
import { TokenBucket } from '../../src/providers/token-bucket.js';
import { startCoupaSandbox, COUPA_DEMO, type CoupaSandbox, type CoupaSeed } from '../../src/sandbox/coupa/index.js';
import { startFreshBooksSandbox, FRESHBOOKS_DEMO, type FreshBooksSandbox } from '../../src/sandbox/freshbooks/index.js';
import type { FreshBooksSeed } from '../../src/sandbox/freshbooks/seed.js';
import { openStore, type Store } from '../../src/store/db.js';
import { addTenant, updateTenantSettings } from '../../src/store/queries/tenants.js';
import { runSync, type SyncOptions } from '../../src/sync/engine.js';
import type { CoupaPort, FreshBooksPort } from '../../src/sync/ports.js';
import type { SyncReport } from '../../src/sync/report.js';
import { parseSettings, type TenantSettings } from '../../src/sync/settings.js';
import { Vault } from '../../src/vault/vault.js';
import { sqliteTarget, type TestTarget } from './stores.js';

type Money = { amount: string; code: string };
/** The parts of the FreshBooks sandbox's records the engine tests read. */
export interface FreshBooksSnapshot {
  bill_vendors: Array<{
    vendorid: number;
    vendor_name: string;
    vis_state: number;
    primary_contact_email: string | null;
    city: string | null;
  }>;
  bills: Array<{
    id: number;
    vendorid: number;
    bill_number: string | null;
    issue_date: string;
    status: string;
    vis_state: number;
    currency_code: string;
    due_offset_days: number;
    total_amount: Money;
    paid: Money;
    outstanding: Money;
    lines: Array<{ description: string; quantity: string; unit_cost: Money; amount: Money; categoryid: number; tax_name1: string | null }>;
  }>;
  bill_payments: Array<{ id: number; billid: number; amount: Money; note: string | null; vis_state: number }>;
}

export interface World {
  coupa: CoupaSandbox;
  freshbooks: FreshBooksSandbox;
  store: Store;
  vault: Vault;
  tenantId: string;
  accountId: string;
  dataDir: string;
  databaseUrl: string | undefined;
  masterKey: Buffer;
  ports(): Promise<{ coupa: CoupaPort; freshbooks: FreshBooksPort }>;
  settings(patch?: Partial<TenantSettings>): Promise<TenantSettings>;
  sync(options?: SyncOptions): Promise<SyncReport>;
  /** The FreshBooks account's records as the sandbox holds them (deleted ones included). */
  fb(): FreshBooksSnapshot;
  close(): Promise<void>;
}

/** The live bills by number, with their totals: what a person sees in FreshBooks' bill list. */
export function liveBillTotals(world: Pick<World, 'fb'>): Record<string, string> {
  return Object.fromEntries(
    world
      .fb()
      .bills.filter((b) => b.vis_state === 0)
      .map((b) => [b.bill_number, b.total_amount.amount]),
  );
}

export interface WorldOptions {
  target?: TestTarget;
  coupaData?: CoupaSeed;
  freshbooksData?: FreshBooksSeed;
  tenantId?: string;
  /** Lift the simulators' rate limits (benchmarks measure the connector, not the limits). */
  unlimited?: boolean;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const made = await (options.target ?? sqliteTarget).create();
  const coupa = await startCoupaSandbox({
    ...(options.coupaData ? { data: options.coupaData } : {}),
    ...(options.unlimited ? { rateLimit: false as const } : {}),
  });
  const freshbooks = await startFreshBooksSandbox({
    ...(options.freshbooksData ? { data: options.freshbooksData } : {}),
    ...(options.unlimited ? { rateLimit: { limit: Number.MAX_SAFE_INTEGER, windowSeconds: 60 } } : {}),
  });
  const store = await openStore(made.target);
  const masterKey = randomBytes(32);
  const vault = await Vault.open(store, { dataDir: made.dataDir, masterKey }, () => undefined);
  const tenantId = options.tenantId ?? 'northwind';
  await addTenant(store.db, tenantId);
  await saveCoupa(
    { store, vault, tenantId },
    {
      instanceUrl: coupa.url,
      clientId: COUPA_DEMO.clientId,
      clientSecret: COUPA_DEMO.clientSecret,
      scopes: [...COUPA_DEMO.scopes],
    },
  );
  const t = freshbooks.control.issueTokens();
  await saveFreshBooks(
    { store, vault, tenantId },
    {
      clientId: FRESHBOOKS_DEMO.clientId,
      clientSecret: FRESHBOOKS_DEMO.clientSecret,
      redirectUri: FRESHBOOKS_DEMO.redirectUri,
      authUrl: freshbooks.url,
      apiUrl: freshbooks.url,
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
    },
  );

  let settings = parseSettings(tenantId, {});
  const world: World = {
    coupa,
    freshbooks,
    store,
    vault,
    tenantId,
    accountId: FRESHBOOKS_DEMO.accountId,
    dataDir: made.dataDir,
    databaseUrl: made.databaseUrl,
    masterKey,
    async ports() {
      // The engine tests pace Coupa generously: the throttle itself is tested in the client's tests.
      const client = new CoupaClient({
        instanceUrl: coupa.url,
        clientId: COUPA_DEMO.clientId,
        clientSecret: COUPA_DEMO.clientSecret,
        scopes: [...COUPA_DEMO.scopes],
        cache: coupaTokenCache({ store, vault, tenantId }),
        bucket: options.unlimited ? new TokenBucket(1_000_000, 1_000_000) : new TokenBucket(200, 20),
      });
      // Nor is FreshBooks paced by the tenant's shared budget (tested in test/app/rate-budget.test.ts):
      // an engine test's burst of a few hundred calls stays within the sandbox's 600 a minute.
      const unpaced = { limiter: { acquire: () => Promise.resolve() } };
      return { coupa: coupaPort(client), freshbooks: await freshbooksPortFor({ store, vault, tenantId }, unpaced) };
    },
    async settings(patch = {}) {
      settings = parseSettings(tenantId, { ...settings, ...patch });
      await updateTenantSettings(store.db, tenantId, settings);
      return settings;
    },
    async sync(syncOptions = {}) {
      const ports = await world.ports();
      return runSync({ tenantId, state: syncStateFor(store, tenantId), settings, ...ports }, syncOptions);
    },
    fb: () => freshbooks.control.snapshot(FRESHBOOKS_DEMO.accountId) as unknown as FreshBooksSnapshot,
    async close() {
      await store.close();
      await coupa.close();
      await freshbooks.close();
      await made.cleanup();
    },
  };
  return world;
}
