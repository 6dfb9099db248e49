import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, withWriteTransaction, type Store } from '../../src/store/db.js';
import { appendAudit, listAudit } from '../../src/store/queries/audit.js';
import { getCursor, setCursor } from '../../src/store/queries/cursors.js';
import { addTenant, findTenant, listTenants, requireTenant, TenantExistsError } from '../../src/store/queries/tenants.js';
import { getCredential, putCredential, setConnectionStatus } from '../../src/store/queries/credentials.js';
import { UnknownTenantError, UsageError } from '../../src/lib/errors.js';
import { CorruptRowError } from '../../src/store/errors.js';
import { storeTargets } from '../helpers/stores.js';

describe.each(storeTargets)('store on $name', (target) => {
  let store: Store;
  let made: Awaited<ReturnType<typeof target.create>>;

  beforeEach(async () => {
    made = await target.create();
    store = await openStore(made.target);
  });
  afterEach(async () => {
    await store.close();
    await made.cleanup();
  });

  it('keeps its data and schema when opened again (migrations run once)', async () => {
    await addTenant(store.db, 'kept');
    await store.close();
    store = await openStore(made.target);
    expect((await listTenants(store.db)).map((t) => t.id)).toEqual(['kept']);
  });

  it('adds, finds and lists tenants; refuses duplicates and bad names', async () => {
    await addTenant(store.db, 'beta', 2000);
    await addTenant(store.db, 'alpha', 1000);
    expect((await listTenants(store.db)).map((t) => t.id)).toEqual(['alpha', 'beta']);
    expect((await findTenant(store.db, 'alpha'))?.createdAt).toBe(1000);
    await expect(addTenant(store.db, 'alpha')).rejects.toBeInstanceOf(TenantExistsError);
    await expect(addTenant(store.db, 'Has Space')).rejects.toBeInstanceOf(UsageError);
    await expect(requireTenant(store.db, 'nope')).rejects.toBeInstanceOf(UnknownTenantError);
  });

  it('reads JSON columns back by shape: a row changed outside ml-connector fails naming its table and column', async () => {
    await addTenant(store.db, 'acme');
    await store.db.updateTable('tenants').set({ settings: '[1, 2]' }).where('id', '=', 'acme').execute();
    await expect(findTenant(store.db, 'acme')).rejects.toThrow(CorruptRowError);
    await expect(findTenant(store.db, 'acme')).rejects.toThrow(/tenants has a settings .*not a JSON object/);
    await store.db.updateTable('tenants').set({ settings: '{oops' }).where('id', '=', 'acme').execute();
    await expect(findTenant(store.db, 'acme')).rejects.toThrow(/not JSON/);
  });

  it('keeps cursors per tenant, side and resource', async () => {
    await addTenant(store.db, 't1');
    await setCursor(store.db, 't1', 'coupa', 'suppliers', '2024-01-01T00:00:00Z');
    await setCursor(store.db, 't1', 'coupa', 'suppliers', '2024-02-01T00:00:00Z');
    await setCursor(store.db, 't1', 'freshbooks', 'bills', '2024-03-01');
    expect(await getCursor(store.db, 't1', 'coupa', 'suppliers')).toBe('2024-02-01T00:00:00Z');
    expect(await getCursor(store.db, 't1', 'freshbooks', 'bills')).toBe('2024-03-01');
    expect(await getCursor(store.db, 't1', 'coupa', 'invoices')).toBeUndefined();
  });

  it('stores audit events redacted, in order, per tenant and delivery', async () => {
    await appendAudit(store.db, [
      { tenantId: 't1', deliveryId: 'd1', kind: 'received', detail: { headers: { authorization: 'Bearer abc.def' }, body: 'x' } },
      { tenantId: 't1', deliveryId: 'd1', kind: 'outcome', detail: { ok: true } },
      { tenantId: 't2', kind: 'other', detail: {} },
    ]);
    const events = await listAudit(store.db, { deliveryId: 'd1' });
    expect(events.map((e) => e.kind)).toEqual(['received', 'outcome']);
    expect(JSON.stringify(events)).not.toContain('abc.def');
    expect(await listAudit(store.db, { tenantId: 't2' })).toHaveLength(1);
  });

  it('versions credential rows and records the connection state', async () => {
    await addTenant(store.db, 't1');
    await putCredential(store.db, { tenantId: 't1', provider: 'freshbooks', sealed: 's1', meta: { accountId: 'A' } });
    await putCredential(store.db, { tenantId: 't1', provider: 'freshbooks', sealed: 's2', meta: { accountId: 'A' } });
    expect(await getCredential(store.db, 't1', 'freshbooks')).toMatchObject({ sealed: 's2', version: 2, status: 'connected' });
    await setConnectionStatus(store.db, 't1', 'freshbooks', 'needs_reauth', 'invalid_grant');
    expect(await getCredential(store.db, 't1', 'freshbooks')).toMatchObject({ status: 'needs_reauth', lastError: 'invalid_grant' });
  });

  it('rolls back a write transaction that fails and commits one that succeeds', async () => {
    await expect(
      withWriteTransaction(store, async (tx) => {
        await tx.insertInto('tenants').values({ id: 'ghost', created_at: 1, settings: '{}' }).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await findTenant(store.db, 'ghost')).toBeUndefined();
    await withWriteTransaction(store, async (tx) => {
      await tx.insertInto('tenants').values({ id: 'real', created_at: 1, settings: '{}' }).execute();
    });
    expect(await findTenant(store.db, 'real')).toBeDefined();
  });
});
