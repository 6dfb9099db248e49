/** `coupaClientFor`: a tenant's client from its sealed credentials, the token shared through the store. */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { coupaClientFor } from '../../src/app/coupa-client.js';
import { loadCoupa, saveCoupa } from '../../src/app/credentials.js';
import { NotConnectedError } from '../../src/app/errors.js';
import type { HttpCall } from '../../src/providers/http.js';
import { DEFAULT_COUPA_SCOPES } from '../../src/providers/coupa/scopes.js';
import type { CoupaSandbox } from '../../src/sandbox/coupa/index.js';
import { openStore, type Store } from '../../src/store/db.js';
import { addTenant } from '../../src/store/queries/tenants.js';
import { Vault } from '../../src/vault/vault.js';
import { storeTargets } from '../helpers/stores.js';
import { addSuppliers, COUPA_DEMO, sandbox } from '../providers/coupa/sandbox.js';

let sb: CoupaSandbox;
beforeAll(async () => {
  sb = await sandbox({ rateLimit: false });
  addSuppliers(sb, 2);
});
afterAll(() => sb.close());

describe.each(storeTargets)('coupaClientFor on $name', (target) => {
  let store: Store;
  let vault: Vault;
  let made: Awaited<ReturnType<typeof target.create>>;
  beforeEach(async () => {
    made = await target.create();
    store = await openStore(made.target);
    vault = await Vault.open(store, { dataDir: made.dataDir, masterKey: randomBytes(32) }, () => undefined);
    await addTenant(store.db, 'acme');
  });
  afterEach(async () => {
    await store.close();
    await made.cleanup();
  });

  it('builds the client from the sealed credentials; the token is stored once and reused by the next process', async () => {
    await saveCoupa(
      { store, vault, tenantId: 'acme' },
      {
        instanceUrl: sb.url,
        clientId: COUPA_DEMO.clientId,
        clientSecret: COUPA_DEMO.clientSecret,
        scopes: [...DEFAULT_COUPA_SCOPES],
      },
    );
    const calls: HttpCall[] = [];
    const first = await coupaClientFor({ store, vault, tenantId: 'acme' }, { recorder: (c) => calls.push(c) });
    expect(await first.suppliers.probe()).toHaveLength(1);
    const stored = (await loadCoupa({ store, vault, tenantId: 'acme' })).token;
    expect(stored?.accessToken).toMatch(/^ey/);
    const second = await coupaClientFor({ store, vault, tenantId: 'acme' }, { recorder: (c) => calls.push(c) });
    expect(await second.suppliers.probe()).toHaveLength(1);
    expect(calls.filter((c) => c.path === '/oauth2/token')).toHaveLength(1);
    expect(calls.filter((c) => c.path.startsWith('/api/'))).toHaveLength(2);
  });

  it('a tenant without a Coupa connection gets a clear error', async () => {
    await expect(coupaClientFor({ store, vault, tenantId: 'acme' })).rejects.toThrow(NotConnectedError);
  });
});
