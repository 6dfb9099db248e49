/**
 * Moving an embedded install to PostgreSQL: the checks around the copy (what the source and
 * the target are, whether the master key in hand is the one the credentials are sealed with)
 * and what the operator needs to know afterwards. The copy itself is store/copy-store.ts.
 *
 * Sealed credentials are copied byte for byte: they open with the same master key on the new
 * store, so the key is never read into the copy, only identified (by its id, never its value).
 */
import { existsSync } from 'node:fs';
import type { Config } from '../config.js';
import { UsageError } from '../lib/errors.js';
import { copyStore, type CopiedTable, type CopyProgress, type MovedSequence } from '../store/copy-store.js';
import { openStore, type Store } from '../store/db.js';
import { WrongMasterKeyError } from '../vault/errors.js';
import { resolveMasterKey } from '../vault/vault.js';
import { fromEnv, loadKeyFile } from '../vault/master-key.js';

const SECRET_PARAMS = ['password', 'sslpassword', 'sslkey'];

/** The URL as it may be printed: the password (in the authority or the query) masked. */
function maskUrl(url: URL): string {
  const copy = new URL(url.toString());
  if (copy.password) copy.password = '***';
  for (const name of SECRET_PARAMS) if (copy.searchParams.has(name)) copy.searchParams.set(name, '***');
  return copy.toString();
}

function shownUrl(text: string): string {
  try {
    return maskUrl(new URL(text));
  } catch {
    return 'a URL that does not parse';
  }
}

/** `--to`, checked: a postgres:// URL naming a database. Errors never repeat a password. */
export function parseTargetUrl(text: string): { url: string; shown: string } {
  const example = 'Give a PostgreSQL URL such as postgres://user:password@host:5432/ml_connector.';
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    // An unparseable value is not repeated: it may well hold a password.
    throw new UsageError(`--to is not a URL (a value of ${text.length} characters was given).`, example);
  }
  const shown = maskUrl(url);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new UsageError(`--to must be a postgres:// URL; got ${shown}.`, example);
  }
  if (url.pathname.replace(/^\//, '') === '') {
    throw new UsageError(
      `--to names no database: ${shown}.`,
      `Add the database name after the host, e.g. ${url.protocol}//${url.host}/ml_connector.`,
    );
  }
  return { url: url.toString(), shown };
}

interface MasterKeyInUse {
  /** 'env': ML_CONNECTOR_MASTER_KEY; 'file': the data dir's key file; 'none': no key yet and nothing sealed. */
  source: 'env' | 'file' | 'none';
  /** The key's id (a short hash, as stored beside each wrapped data key), never the key. */
  keyId?: string;
  file?: string;
  /** Whether the store holds sealed data keys at all. */
  sealed: boolean;
}

/**
 * The master key the copied credentials need, checked against the data keys they are sealed
 * with: refusing here beats a new store whose every credential fails to open.
 */
async function masterKeyInUse(store: Store, config: Config): Promise<MasterKeyInUse> {
  const rows = await store.db.selectFrom('data_keys').select('kek_id').distinct().execute();
  if (rows.length === 0) {
    // Nothing sealed: do not generate a key file just to report on it.
    const key = config.masterKey ? fromEnv(config.masterKey) : loadKeyFile(config.dataDir);
    return key
      ? { source: key.source, keyId: key.id, sealed: false, ...(key.file ? { file: key.file } : {}) }
      : { source: 'none', sealed: false };
  }
  const key = await resolveMasterKey(store, config, () => undefined);
  const other = rows.find((r) => r.kek_id !== key.id);
  if (other) throw new WrongMasterKeyError(other.kek_id, key.id);
  return { source: key.source, keyId: key.id, sealed: true, ...(key.file ? { file: key.file } : {}) };
}

export interface MigrateStoreResult {
  /** The SQLite file copied. */
  from: string;
  /** The PostgreSQL URL, password masked. */
  to: string;
  tables: CopiedTable[];
  rows: number;
  sequences: MovedSequence[];
  masterKey: MasterKeyInUse;
}

interface MigrateStoreInput {
  config: Config;
  /** Opens the source store (the CLI's context, so it is opened and closed once). */
  openSource: () => Promise<Store>;
  to: string;
  batchRows?: number;
  onProgress?: (progress: CopyProgress) => void;
}

export async function migrateStore(input: MigrateStoreInput): Promise<MigrateStoreResult> {
  const { config } = input;
  if (config.store.kind === 'postgres') {
    throw new UsageError(
      `migrate-store copies the embedded SQLite store, but this command points at PostgreSQL (${shownUrl(config.store.url)}, from --database-url or DATABASE_URL).`,
      'Run it without --database-url and DATABASE_URL, with --data-dir set to the embedded install; to move between PostgreSQL databases use pg_dump and pg_restore.',
    );
  }
  const target = parseTargetUrl(input.to);
  if (!existsSync(config.store.file)) {
    throw new UsageError(
      `There is no embedded store at ${config.store.file}.`,
      'Point --data-dir (or ML_CONNECTOR_DATA_DIR) at the data directory of the install to move.',
    );
  }
  const source = await input.openSource();
  const masterKey = await masterKeyInUse(source, config);
  const store = await openStore({ kind: 'postgres', url: target.url });
  try {
    const copied = await copyStore(source, store, {
      ...(input.batchRows ? { batchRows: input.batchRows } : {}),
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    });
    return {
      from: config.store.file,
      to: target.shown,
      tables: copied.tables,
      rows: copied.tables.reduce((sum, t) => sum + t.rows, 0),
      sequences: copied.sequences,
      masterKey,
    };
  } finally {
    await store.close();
  }
}
