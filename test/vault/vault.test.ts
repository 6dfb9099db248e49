import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';
import { addTenant } from '../../src/store/queries/tenants.js';
import { MissingMasterKeyError, TamperedCiphertextError, WrongMasterKeyError } from '../../src/vault/errors.js';
import { keyId } from '../../src/vault/envelope.js';
import { fromEnv } from '../../src/vault/master-key.js';
import { Vault, rewrapDataKeys } from '../../src/vault/vault.js';
import { storeTargets } from '../helpers/stores.js';

describe.each(storeTargets)('vault on $name', (target) => {
  let store: Store;
  let made: Awaited<ReturnType<typeof target.create>>;
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);

  beforeEach(async () => {
    warnings.length = 0;
    made = await target.create();
    store = await openStore(made.target);
    await addTenant(store.db, 'acme');
    await addTenant(store.db, 'other');
  });
  afterEach(async () => {
    await store.close();
    await made.cleanup();
  });

  const secret = { refreshToken: 'rt-123', clientSecret: 'cs-456' };

  it('round-trips a sealed value, with no secret in the ciphertext', async () => {
    const vault = await Vault.open(store, { dataDir: made.dataDir, masterKey: randomBytes(32) }, warn);
    const sealed = await vault.seal('acme', 'credentials:freshbooks', secret);
    expect(sealed).not.toContain('rt-123');
    expect(await vault.open('acme', 'credentials:freshbooks', sealed)).toEqual(secret);
    const row = await store.db.selectFrom('data_keys').selectAll().where('tenant_id', '=', 'acme').executeTakeFirstOrThrow();
    expect(row.kek_id).toBe(vault.master.id);
  });

  it('refuses a wrong master key with a clear error, never garbage', async () => {
    const vault = await Vault.open(store, { dataDir: made.dataDir, masterKey: randomBytes(32) }, warn);
    const sealed = await vault.seal('acme', 'credentials:coupa', secret);
    const wrong = await Vault.open(store, { dataDir: made.dataDir, masterKey: randomBytes(32) }, warn);
    const err = await wrong.open('acme', 'credentials:coupa', sealed).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WrongMasterKeyError);
    expect((err as Error).message).toMatch(/is not the one these credentials were sealed with/);
  });

  it('detects tampered ciphertext, and a value moved to another tenant or purpose', async () => {
    const vault = await Vault.open(store, { dataDir: made.dataDir, masterKey: randomBytes(32) }, warn);
    const sealed = await vault.seal('acme', 'credentials:coupa', secret);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64');
    body[0] = body[0]! ^ 1;
    const tampered = [...parts.slice(0, 3), body.toString('base64')].join('.');
    await expect(vault.open('acme', 'credentials:coupa', tampered)).rejects.toBeInstanceOf(TamperedCiphertextError);
    await expect(vault.open('other', 'credentials:coupa', sealed)).rejects.toBeInstanceOf(TamperedCiphertextError);
    await expect(vault.open('acme', 'credentials:freshbooks', sealed)).rejects.toBeInstanceOf(TamperedCiphertextError);
    await expect(vault.open('acme', 'credentials:coupa', 'not-a-sealed-value')).rejects.toBeInstanceOf(TamperedCiphertextError);
  });

  it('generates a 0600 key file with a warning, reuses it, and refuses to start without it once used', async () => {
    const vault = await Vault.open(store, { dataDir: made.dataDir, masterKey: undefined }, warn);
    const file = join(made.dataDir, 'master.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(warnings.join()).toMatch(/production set ML_CONNECTOR_MASTER_KEY/);
    const sealed = await vault.seal('acme', 'credentials:coupa', secret);
    const again = await Vault.open(store, { dataDir: made.dataDir, masterKey: undefined }, warn);
    expect(again.master.id).toBe(vault.master.id);
    expect(await again.open('acme', 'credentials:coupa', sealed)).toEqual(secret);
    writeFileSync(file, '');
    await expect(Vault.open(store, { dataDir: made.dataDir, masterKey: undefined }, warn)).rejects.toThrow(
      /does not hold base64 of 32 bytes/,
    );
    rmSync(file);
    await expect(Vault.open(store, { dataDir: made.dataDir, masterKey: undefined }, warn)).rejects.toBeInstanceOf(MissingMasterKeyError);
  });

  it('rotation re-wraps every data key: the new key opens old ciphertexts, the old key no longer does', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const vault = await Vault.open(store, { dataDir: made.dataDir, masterKey: oldKey }, warn);
    const a = await vault.seal('acme', 'credentials:coupa', secret);
    const b = await vault.seal('other', 'credentials:coupa', { x: 1 });
    expect(await rewrapDataKeys(store, fromEnv(oldKey), newKey)).toBe(2);
    const rotated = await Vault.open(store, { dataDir: made.dataDir, masterKey: newKey }, warn);
    expect(await rotated.open('acme', 'credentials:coupa', a)).toEqual(secret);
    expect(await rotated.open('other', 'credentials:coupa', b)).toEqual({ x: 1 });
    const stale = await Vault.open(store, { dataDir: made.dataDir, masterKey: oldKey }, warn);
    await expect(stale.open('acme', 'credentials:coupa', a)).rejects.toBeInstanceOf(WrongMasterKeyError);
    // Running it again with the same target key moves nothing (resumable).
    expect(await rewrapDataKeys(store, fromEnv(oldKey), newKey)).toBe(0);
    expect(keyId(newKey)).toBe(rotated.master.id);
  });

  it('key file exists only for the embedded default; env key never writes one', async () => {
    await Vault.open(store, { dataDir: made.dataDir, masterKey: randomBytes(32) }, warn);
    expect(existsSync(join(made.dataDir, 'master.key'))).toBe(false);
    expect(warnings).toEqual([]);
  });
});
