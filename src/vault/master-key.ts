/**
 * Where the master key comes from: ML_CONNECTOR_MASTER_KEY, or — on the embedded default —
 * a key file in the data directory with owner-only rights.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VaultError } from './errors.js';
import { keyId } from './envelope.js';

export interface MasterKey {
  key: Buffer;
  id: string;
  source: 'env' | 'file';
  file?: string;
}

export function keyFilePath(dataDir: string): string {
  return join(dataDir, 'master.key');
}

export function nextKeyFilePath(dataDir: string): string {
  return join(dataDir, 'master.key.next');
}

function readKeyFile(file: string): Buffer {
  const text = readFileSync(file, 'utf8').trim();
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) {
    throw new VaultError(
      'bad_key_file',
      `The key file ${file} does not hold base64 of 32 bytes.`,
      'Restore the original key file, or set ML_CONNECTOR_MASTER_KEY.',
    );
  }
  const mode = statSync(file).mode & 0o077;
  if (mode !== 0) chmodSync(file, 0o600);
  return key;
}

export function writeKeyFile(file: string, key: Buffer): void {
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
}

export function fromEnv(key: Buffer): MasterKey {
  return { key, id: keyId(key), source: 'env' };
}

/** The key file's key; undefined when there is none yet. */
export function loadKeyFile(dataDir: string): MasterKey | undefined {
  const file = keyFilePath(dataDir);
  if (!existsSync(file)) return undefined;
  const key = readKeyFile(file);
  return { key, id: keyId(key), source: 'file', file };
}

export function generateKeyFile(dataDir: string, warn: (message: string) => void): MasterKey {
  mkdirSync(dataDir, { recursive: true });
  const file = keyFilePath(dataDir);
  const key = randomBytes(32);
  writeKeyFile(file, key);
  warn(
    `warning: ML_CONNECTOR_MASTER_KEY is not set, so a master key was generated at ${file} (mode 0600). ` +
      'In production set ML_CONNECTOR_MASTER_KEY (base64 of 32 bytes) and keep it out of the data directory.',
  );
  return { key, id: keyId(key), source: 'file', file };
}

/** Finishes a key-file rotation: the next key becomes the key, or an unused one is dropped. */
export function settleKeyFiles(dataDir: string, keyIdsInUse: Set<string>): void {
  const next = nextKeyFilePath(dataDir);
  if (!existsSync(next)) return;
  const nextId = keyId(readKeyFile(next));
  if (keyIdsInUse.has(nextId)) renameSync(next, keyFilePath(dataDir));
  else rmSync(next);
}
