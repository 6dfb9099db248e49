/**
 * Stored connections are parsed on the way out: a row that opens (right key, intact) but is not
 * in the shape this version reads fails by name — which fields — and never prints a value.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCoupa, loadFreshBooks, saveCoupa } from '../../src/app/credentials.js';
import { StoredCredentialsError } from '../../src/app/errors.js';
import type { TenantScope } from '../../src/app/tenant-scope.js';
import { openStore } from '../../src/store/db.js';
import { putCredential } from '../../src/store/queries/credentials.js';
import { addTenant } from '../../src/store/queries/tenants.js';
import { Vault } from '../../src/vault/vault.js';
import { sqliteTarget } from '../helpers/stores.js';

describe('stored credentials', () => {
  let scope: TenantScope;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    const made = await sqliteTarget.create();
    const store = await openStore(made.target);
    const vault = await Vault.open(store, { dataDir: made.dataDir, masterKey: randomBytes(32) }, () => undefined);
    await addTenant(store.db, 'acme');
    scope = { store, vault, tenantId: 'acme' };
    cleanup = async () => {
      await store.close();
      await made.cleanup();
    };
  });
  afterEach(() => cleanup());

  it('round-trips a Coupa connection', async () => {
    const creds = {
      instanceUrl: 'https://acme.coupahost.com',
      clientId: 'id-1',
      clientSecret: 'secret-1',
      scopes: ['core.supplier.read'],
      token: { accessToken: 'tok', expiresAt: 1_900_000_000_000, scope: 'core.supplier.read' },
    };
    await saveCoupa(scope, creds);
    expect(await loadCoupa(scope)).toEqual(creds);
  });

  it('a row in another shape fails naming the fields, not their values', async () => {
    const { store, vault, tenantId } = scope;
    await putCredential(store.db, {
      tenantId,
      provider: 'freshbooks',
      sealed: await vault.seal(tenantId, 'credentials:freshbooks', { clientSecret: 'hunter2', tokens: { accessToken: 'a' } }),
      meta: { clientId: 'id-1', redirectUri: 'https://x/cb', authUrl: 'https://a', apiUrl: 'https://b', accountId: 7 },
    });
    const err = await loadFreshBooks(scope).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoredCredentialsError);
    const message = (err as StoredCredentialsError).oneLine();
    expect(message).toMatch(/meta\.accountId/);
    expect(message).toMatch(/meta\.businessId/);
    expect(message).toMatch(/secret\.tokens\.refreshToken/);
    expect(message).toMatch(/connect freshbooks --tenant acme/);
    expect(message).not.toMatch(/hunter2|id-1/);
  });
});
