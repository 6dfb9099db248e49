/**
 * Envelope encryption per tenant: each tenant has its own data key (AES-256-GCM), stored
 * wrapped by the master key. Credentials are sealed with the data key, so rotating the
 * master key re-wraps a few small keys and never touches the credentials themselves.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { withWriteTransaction, type Db, type Store, type Tx } from '../store/db.js';
import { MissingMasterKeyError, VaultError, WrongMasterKeyError } from './errors.js';
import { keyId, open, seal } from './envelope.js';
import {
  fromEnv,
  generateKeyFile,
  keyFilePath,
  loadKeyFile,
  nextKeyFilePath,
  settleKeyFiles,
  writeKeyFile,
  type MasterKey,
} from './master-key.js';

interface VaultSettings {
  dataDir: string;
  masterKey: Buffer | undefined;
}

const dekAad = (tenantId: string) => `data-key:${tenantId}`;

async function keyIdsInUse(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('data_keys').select('kek_id').distinct().execute();
  return new Set(rows.map((r) => r.kek_id));
}

/** Finds the master key, generating the key file only for a store that has sealed nothing yet. */
export async function resolveMasterKey(store: Store, settings: VaultSettings, warn: (m: string) => void): Promise<MasterKey> {
  if (settings.masterKey) return fromEnv(settings.masterKey);
  const inUse = await keyIdsInUse(store.db);
  settleKeyFiles(settings.dataDir, inUse);
  const fromFile = loadKeyFile(settings.dataDir);
  if (fromFile) return fromFile;
  if (inUse.size > 0) throw new MissingMasterKeyError(keyFilePath(settings.dataDir));
  return generateKeyFile(settings.dataDir, warn);
}

export class Vault {
  private readonly cache = new Map<string, Buffer>();

  constructor(
    private readonly db: Db,
    readonly master: MasterKey,
  ) {}

  static async open(store: Store, settings: VaultSettings, warn: (m: string) => void): Promise<Vault> {
    return new Vault(store.db, await resolveMasterKey(store, settings, warn));
  }

  private async dataKey(tenantId: string, db: Db | Tx = this.db): Promise<Buffer> {
    const cached = this.cache.get(tenantId);
    if (cached) return cached;
    let row = await db.selectFrom('data_keys').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
    if (!row) {
      const fresh = randomBytes(32);
      await db
        .insertInto('data_keys')
        .values({
          tenant_id: tenantId,
          kek_id: this.master.id,
          wrapped: seal(this.master.key, fresh, dekAad(tenantId)),
          created_at: Date.now(),
          rotated_at: null,
        })
        .onConflict((oc) => oc.column('tenant_id').doNothing())
        .execute();
      // Another process may have won the insert: read back whichever key is stored.
      row = await db.selectFrom('data_keys').selectAll().where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    }
    if (row.kek_id !== this.master.id) throw new WrongMasterKeyError(row.kek_id, this.master.id);
    const key = open(this.master.key, row.wrapped, dekAad(tenantId), `data key of tenant '${tenantId}'`);
    this.cache.set(tenantId, key);
    return key;
  }

  /** Seals a JSON value for a tenant; `purpose` (e.g. "credentials:coupa") is bound into it. */
  async seal(tenantId: string, purpose: string, value: unknown, db?: Db | Tx): Promise<string> {
    const key = await this.dataKey(tenantId, db);
    return seal(key, Buffer.from(JSON.stringify(value), 'utf8'), `${tenantId}:${purpose}`);
  }

  /**
   * Opens what `seal` sealed for the same tenant and purpose. The value is returned as
   * `unknown`: the vault vouches that nobody altered it, not for its shape, so each caller
   * parses it into the type it expects.
   */
  async open(tenantId: string, purpose: string, sealed: string, db?: Db | Tx): Promise<unknown> {
    const key = await this.dataKey(tenantId, db);
    return JSON.parse(open(key, sealed, `${tenantId}:${purpose}`, purpose).toString('utf8'));
  }
}

/**
 * Re-wraps every tenant's data key under `next`, in one transaction: either all keys move
 * or none do. Keys already under `next` are skipped, so an interrupted rotation can rerun.
 */
export async function rewrapDataKeys(store: Store, current: MasterKey, next: Buffer): Promise<number> {
  const nextId = keyId(next);
  if (nextId === current.id)
    throw new VaultError('same_key', 'The new master key is the same as the current one.', 'Provide a different key.');
  return withWriteTransaction(store, async (tx) => {
    const rows = await tx.selectFrom('data_keys').selectAll().orderBy('tenant_id').execute();
    let moved = 0;
    for (const row of rows) {
      if (row.kek_id === nextId) continue;
      if (row.kek_id !== current.id) throw new WrongMasterKeyError(row.kek_id, current.id);
      const dek = open(current.key, row.wrapped, dekAad(row.tenant_id), `data key of tenant '${row.tenant_id}'`);
      await tx
        .updateTable('data_keys')
        .set({ kek_id: nextId, wrapped: seal(next, dek, dekAad(row.tenant_id)), rotated_at: Date.now() })
        .where('tenant_id', '=', row.tenant_id)
        .execute();
      moved += 1;
    }
    return moved;
  });
}

/**
 * Moves every data key from `current` to `next`. With the key file (the embedded default) the
 * new key is on disk before any data key depends on it, and the files are settled after; a
 * crash anywhere in between leaves a state the next start settles (see settleKeyFiles).
 * Returns how many data keys were re-wrapped.
 */
export async function rotateMasterKey(store: Store, dataDir: string, current: MasterKey, next: Buffer): Promise<number> {
  if (current.source === 'file') {
    const nextFile = nextKeyFilePath(dataDir);
    if (existsSync(nextFile)) rmSync(nextFile);
    writeKeyFile(nextFile, next);
  }
  const moved = await rewrapDataKeys(store, current, next);
  if (current.source === 'file') settleKeyFiles(dataDir, new Set([keyId(next)]));
  return moved;
}
