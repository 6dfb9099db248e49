/**
 * The real system the ledger model drives: both sandboxes, a store, the engine through the real
 * clients — with a switch that makes a write "crash" after it reached the other side and before
 * the engine could record it (the process dying between an external write and its link row),
 * and a person's hands on FreshBooks (paying, deleting, editing through its API).
 */
import { planSync } from '../../../src/app/dry-run.js';
import { syncStateFor } from '../../../src/app/sync-state.js';
import type { TenantScope } from '../../../src/app/tenant-scope.js';
import { SyncContext, type WriteEvent } from '../../../src/sync/context.js';
import { runSync, syncFreshBooksBill, type SyncOptions } from '../../../src/sync/engine.js';
import { syncInvoice } from '../../../src/sync/invoices.js';
import { outcomeOf, type Outcome } from '../../../src/sync/outcome.js';
import { syncCoupaPayments } from '../../../src/sync/payments-to-freshbooks.js';
import type { CoupaPort, FreshBooksPort } from '../../../src/sync/ports.js';
import { failures, writes, type SyncReport } from '../../../src/sync/report.js';
import type { TenantSettings } from '../../../src/sync/settings.js';
import { startWorld, type World } from '../../helpers/world.js';

class SimulatedCrash extends Error {
  constructor(what: string) {
    super(`simulated crash right after ${what}`);
    this.name = 'SimulatedCrash';
  }
}

/** Arms one crash: the n-th external write from now succeeds, then the caller dies. */
class CrashSwitch {
  private countdown: number | undefined;
  arm(n: number): void {
    this.countdown = n;
  }
  disarm(): void {
    this.countdown = undefined;
  }
  after(what: string): void {
    if (this.countdown === undefined) return;
    this.countdown -= 1;
    if (this.countdown <= 0) {
      this.countdown = undefined;
      throw new SimulatedCrash(what);
    }
  }
}

function crashing(ports: { coupa: CoupaPort; freshbooks: FreshBooksPort }, crash: CrashSwitch) {
  const fb = ports.freshbooks;
  const wrap =
    <A extends unknown[], R>(what: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await fn(...args);
      crash.after(what);
      return result;
    };
  const freshbooks: FreshBooksPort = {
    ...fb,
    createVendor: wrap('creating a vendor', (d) => fb.createVendor(d)),
    updateVendor: wrap('updating a vendor', (id, d) => fb.updateVendor(id, d)),
    createBill: wrap('creating a bill', (d) => fb.createBill(d)),
    updateBill: wrap('updating a bill', (id, d) => fb.updateBill(id, d)),
    deleteBill: wrap('deleting a bill', (id) => fb.deleteBill(id)),
    createBillPayment: wrap('creating a bill payment', (d) => fb.createBillPayment(d)),
    deleteBillPayment: wrap('deleting a bill payment', (id) => fb.deleteBillPayment(id)),
  };
  const coupa: CoupaPort = { ...ports.coupa, recordPayment: wrap('recording a Coupa payment', (d, o) => ports.coupa.recordPayment(d, o)) };
  return { coupa, freshbooks };
}

export interface Real {
  world: World;
  scope: TenantScope;
  settings: TenantSettings;
  crash: CrashSwitch;
  sync(options?: SyncOptions): Promise<SyncReport>;
  /** What a webhook job does for one Coupa invoice, or one FreshBooks bill. */
  invoiceEvent(invoiceId: string): Promise<void>;
  billEvent(billId: string): Promise<void>;
  /** A person in FreshBooks, through its API. */
  fb(method: 'PUT' | 'POST', path: string, body: unknown): Promise<unknown>;
  /**
   * Runs passes (no crash) until one writes nothing and fails nothing — or a record that keeps
   * failing has spent its retry budget and waits for a person; returns the last report.
   */
  settle(): Promise<SyncReport>;
  close(): Promise<void>;
}

/** What a plan or a pass decided, in a comparable order (ids of records a dry run only imagined aside). */
function decisions(outcome: Outcome): string[] {
  return outcome.items
    .map((i) => [i.flow, i.action, i.record, i.coupaId, i.amount ?? '', i.currency ?? '', i.detail ?? ''].join(' '))
    .sort();
}

export async function startReal(options: { deletedBills: 'ask' | 'recreate' }): Promise<Real> {
  const world = await startWorld({
    unlimited: true,
    freshbooksData: {
      vendors: [
        { vendor_name: 'Globex Corporation', currency_code: 'USD', city: 'Springfield', primary_contact_email: 'ap@globex.example' },
      ],
    },
  });
  // A business tax the generated invoices' 5% tax can be written as (when FreshBooks' cents agree).
  world.freshbooks.control.createTax(world.accountId, { name: 'GST', amount: '5' });
  const settings = await world.settings({ deletedBills: options.deletedBills, retryBudget: 3 });
  const crash = new CrashSwitch();
  const ports = crashing(await world.ports(), crash);
  const deps = () => ({ tenantId: world.tenantId, state: syncStateFor(world.store, world.tenantId), settings, ...ports });
  const token = world.freshbooks.control.issueTokens().access_token;
  const real: Real = {
    world,
    scope: { store: world.store, vault: world.vault, tenantId: world.tenantId },
    settings,
    crash,
    sync: (o) => runSync(deps(), o),
    async invoiceEvent(invoiceId) {
      const invoice = await ports.coupa.invoice(invoiceId);
      if (!invoice) return;
      const ctx = new SyncContext(deps());
      await syncInvoice(ctx, invoice);
      await syncCoupaPayments(ctx, invoice);
    },
    async billEvent(billId) {
      const bill = await ports.freshbooks.bill(billId);
      if (bill) await syncFreshBooksBill(new SyncContext(deps()), bill);
    },
    async fb(method, path, body) {
      const res = await fetch(`${world.freshbooks.url}/accounting/account/${world.accountId}/${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return res.json();
    },
    async settle() {
      crash.disarm();
      // A dry run first: the pass that follows must do exactly what it planned, record by record.
      const plan = await planSync(world.store, { tenantId: world.tenantId, settings, ...ports }, { full: true });
      const events: WriteEvent[] = [];
      let report = await runSync({ ...deps(), onWrite: (e) => events.push(e) }, { full: true });
      const planned = decisions(plan.outcome);
      const done = decisions(outcomeOf(events));
      if (planned.join('\n') !== done.join('\n')) {
        throw new Error(`the dry run planned:\n  ${planned.join('\n  ')}\nbut the pass did:\n  ${done.join('\n  ')}`);
      }
      for (let i = 0; i < settings.retryBudget + 3 && (writes(report) > 0 || failures(report) > 0); i++)
        report = await runSync(deps(), { full: true });
      return report;
    },
    close: () => world.close(),
  };
  return real;
}
