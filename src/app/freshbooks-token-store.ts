/**
 * The FreshBooks token store over the project's store: one refresh per connection at a
 * time across every process. SQLite: the refresh runs inside a BEGIN IMMEDIATE transaction;
 * PostgreSQL: inside a transaction holding the credential row FOR UPDATE. Within a process
 * a per-tenant queue keeps callers from even contending for the lock.
 */
import { withWriteTransaction, type Store } from '../store/db.js';
import { lockCredential, setConnectionStatus } from '../store/queries/credentials.js';
import type { FreshBooksTokenStore, FreshBooksTokens } from '../providers/freshbooks/tokens.js';
import { loadFreshBooks, saveFreshBooks } from './credentials.js';
import { NotConnectedError } from './errors.js';
import type { TenantScope } from './tenant-scope.js';

const queues = new WeakMap<Store, Map<string, Promise<unknown>>>();

function serialise<T>(store: Store, tenantId: string, fn: () => Promise<T>): Promise<T> {
  let perStore = queues.get(store);
  if (!perStore) {
    perStore = new Map<string, Promise<unknown>>();
    queues.set(store, perStore);
  }
  const previous = perStore.get(tenantId) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  perStore.set(
    tenantId,
    run.catch(() => undefined),
  );
  return run;
}

export function freshbooksTokenStore(scope: TenantScope): FreshBooksTokenStore {
  const { store, tenantId } = scope;
  return {
    async read() {
      return (await loadFreshBooks(scope)).tokens;
    },

    refreshExclusive(stillNeeded, refresh) {
      return serialise(store, tenantId, () =>
        withWriteTransaction(store, async (tx): Promise<FreshBooksTokens> => {
          const row = await lockCredential(tx, store.dialect, tenantId, 'freshbooks');
          if (!row) throw new NotConnectedError(tenantId, 'freshbooks');
          const creds = await loadFreshBooks(scope, tx);
          if (!stillNeeded(creds.tokens)) return creds.tokens;
          const tokens = await refresh(creds.tokens);
          // Saved before the lock is released and before anyone uses the new access token.
          await saveFreshBooks(scope, { ...creds, tokens }, tx);
          return tokens;
        }),
      );
    },

    async markNeedsReauth(reason) {
      await setConnectionStatus(store.db, tenantId, 'freshbooks', 'needs_reauth', reason);
    },
  };
}
