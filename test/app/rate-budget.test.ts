/**
 * The shared budget through the clients the application builds: two Coupa clients of one
 * tenant, each with an in-process bucket of its own (as two processes have), against the Coupa
 * sandbox with its limit on (25/s, burst 20): together they are never refused with a 429 —
 * and without the shared budget they are. Every FreshBooks API call takes a slot of the
 * tenant's budget.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coupaClientFor } from '../../src/app/coupa-client.js';
import { freshbooksClientFor } from '../../src/app/freshbooks-client.js';
import { sharedPace } from '../../src/app/rate-budget.js';
import type { TenantScope } from '../../src/app/tenant-scope.js';
import { systemClock, type Clock } from '../../src/lib/clock.js';
import type { ClientDeps } from '../../src/providers/client-deps.js';
import { FRESHBOOKS_PACE } from '../../src/providers/freshbooks/http.js';
import type { HttpCall } from '../../src/providers/http.js';
import { storeTargets } from '../helpers/stores.js';
import { startWorld, type World } from '../helpers/world.js';

/**
 * The system clock under another identity: the process-wide Coupa bucket is kept per clock,
 * so each client built with one paces itself alone, as a client of another process would.
 */
function clockOfAnotherProcess(): Clock {
  return { now: () => systemClock.now(), sleep: (ms, signal) => systemClock.sleep(ms, signal) };
}

/** `calls` probes from each client, `lanes` at a time per client; every try recorded. */
async function probeTogether(scope: TenantScope, calls: number, lanes: number, deps: ClientDeps = {}): Promise<HttpCall[]> {
  const recorded: HttpCall[] = [];
  const clients = await Promise.all(
    [1, 2].map(() => coupaClientFor(scope, { ...deps, clock: clockOfAnotherProcess(), recorder: (c) => recorded.push(c) })),
  );
  await Promise.all(
    clients.flatMap((client) =>
      Array.from({ length: lanes }, async () => {
        for (let i = 0; i < calls / lanes; i++) await client.suppliers.probe();
      }),
    ),
  );
  return recorded.filter((c) => c.path.startsWith('/api/'));
}

describe.each(storeTargets)('the shared request budget through the clients on $name', (target) => {
  let world: World;
  let scope: TenantScope;
  beforeEach(async () => {
    world = await startWorld({ target });
    scope = { store: world.store, vault: world.vault, tenantId: world.tenantId };
  });
  afterEach(() => world.close());

  it('two Coupa clients of one tenant, as two processes, make 120 calls together and none is refused', { timeout: 60_000 }, async () => {
    const calls = await probeTogether(scope, 60, 4);
    expect(calls.filter((c) => c.status === 429)).toEqual([]);
    expect(calls.filter((c) => c.status === 200)).toHaveLength(120);
  });

  it('without the shared budget, the same two clients are refused (the test above can fail)', { timeout: 60_000 }, async () => {
    const calls = await probeTogether(scope, 20, 4, { limiter: { acquire: () => Promise.resolve() } });
    expect(calls.filter((c) => c.status === 429).length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.status === 200)).toHaveLength(40);
  });

  it('every FreshBooks API call of the tenant, from any of its clients, takes a slot of the tenant’s budget', async () => {
    const before = Date.now();
    const clients = [await freshbooksClientFor(scope), await freshbooksClientFor(scope)];
    for (let i = 0; i < 10; i++) for (const client of clients) await client.identity.me();
    const row = await world.store.db
      .selectFrom('rate_budgets')
      .selectAll()
      .where('provider', '=', 'freshbooks')
      .where('subject', '=', world.tenantId)
      .executeTakeFirstOrThrow();
    // Each reservation moves the budget one interval on from at least the time it was made.
    expect(row.tat).toBeGreaterThanOrEqual(before + 20 * sharedPace(FRESHBOOKS_PACE).intervalMs);
  });
});
