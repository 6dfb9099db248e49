/**
 * One writer per record across every process and every task: the sync of a supplier, PO,
 * invoice or payment holds that record's lease while it looks on the FreshBooks side and
 * writes, so two workers (or a worker and a CLI sync) can never both decide to create the
 * same thing. Locks nest only one way — payment → invoice → PO → supplier — so they cannot
 * deadlock; a nested call for a record its own call chain already holds just proceeds.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { AppError } from '../lib/errors.js';
import type { Store } from '../store/db.js';
import { releaseLock, renewLock, tryAcquireLock } from '../store/queries/locks.js';

const PROCESS = `${process.pid}-${randomBytes(4).toString('hex')}`;
const TTL_MS = 60_000;
const WAIT_MS = 120_000;
let acquisitions = 0;

class RecordBusyError extends AppError {
  constructor(key: string) {
    super('record_busy', `Another process has been working on ${key} for over ${WAIT_MS / 1000} s.`, 'It is retried on the next pass.');
  }
}

const heldByChain = new AsyncLocalStorage<ReadonlySet<string>>();

export async function withRecordLock<T>(store: Store, key: string, fn: () => Promise<T>): Promise<T> {
  const held = heldByChain.getStore();
  if (held?.has(key)) return fn();
  const owner = `${PROCESS}-${++acquisitions}`;
  const deadline = Date.now() + WAIT_MS;
  while (!(await tryAcquireLock(store.db, key, owner, TTL_MS))) {
    if (Date.now() > deadline) throw new RecordBusyError(key);
    await new Promise((r) => setTimeout(r, 10 + Math.floor(Math.random() * 40)));
  }
  const renew = setInterval(() => void renewLock(store.db, key, owner, TTL_MS).catch(() => undefined), TTL_MS / 3);
  renew.unref();
  try {
    return await heldByChain.run(new Set([...(held ?? []), key]), fn);
  } finally {
    clearInterval(renew);
    await releaseLock(store.db, key, owner);
  }
}
