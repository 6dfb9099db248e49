import fc from 'fast-check';
import { it } from 'vitest';
import { sequence, type Model } from './sync/ledger-model/commands.js';
import { startReal } from './sync/ledger-model/harness.js';
import { checkInvariants } from './sync/ledger-model/invariants.js';
import { listAttention } from '../src/store/queries/attention.js';
it('probe', async () => {
  await fc.assert(
    fc.asyncProperty(sequence, async (cmds) => {
      const real = await startReal({ deletedBills: 'ask' });
      await fc.asyncModelRun(() => ({ model: { suppliers: [], pos: [], invoices: [], serial: 1 } as Model, real }), cmds);
      await real.settle();
      const fb = real.world.fb();
      const inv = real.world.coupa.control.records('invoices');
      const att = await listAttention(real.world.store.db, real.world.tenantId, 'all');
      console.log(
        `${cmds.map(String).join(', ').slice(0, 300)}\n  bills live ${fb.bills.filter((b) => b.vis_state === 0).length}/${fb.bills.length} pays ${fb.bill_payments.length} invoices ${inv.map((i) => i.status).join(',')} coupaPays ${inv.reduce((s, i) => s + (i.payments as unknown[]).length, 0)} attention ${att.map((a) => a.code).join(',')} problems ${(await checkInvariants(real)).length}`,
      );
      await real.close();
    }),
    { numRuns: 8, seed: 42 },
  );
}, 600000);
