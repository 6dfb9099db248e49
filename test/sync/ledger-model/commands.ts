/**
 * The operations real books see, as fast-check commands: suppliers created and renamed; POs
 * issued, revised, cancelled, closed; invoices full, partial, multi-PO, without PO, numbered
 * like a PO, with charges; approvals, voids and disputes; payments partial, full and reversed
 * on either side; bills deleted or edited by a person; payments entered by hand on both sides —
 * interleaved with sync passes, webhook jobs and crashes between a write and its link.
 *
 * The model only keeps what the commands need to pick their targets; what should be is worked
 * out after the run from the systems themselves (invariants.ts). Coupa refusing an operation
 * (voiding a paid invoice, revising a cancelled PO) makes the command a no-op, as it would be
 * for the person trying it.
 */
import fc from 'fast-check';
import { AppError } from '../../../src/lib/errors.js';
import type { Real } from './harness.js';

type InvoiceInput = Parameters<Real['world']['coupa']['control']['createInvoice']>[0];

export interface Model {
  suppliers: number[];
  pos: Array<{ id: number; poNumber: string; supplierId: number }>;
  invoices: Array<{ id: number; number: string; supplierId: number }>;
  /** Invoices a person keyed into FreshBooks by hand. */
  keyed: number[];
  serial: number;
}

type Cmd = fc.AsyncCommand<Model, Real>;
type Wire = Record<string, unknown>;

const NAMES = [
  'Acme Industrial',
  'Globex Corporation',
  'Initech Group',
  'Umbrella & Sons',
  'Hooli GmbH',
  'Müller Logistik',
  'Stark Components',
  'Wayne Supplies',
];
const PRICES = ['50.00', '99.99', '120.00', '1000.00', '12.35'];

/** A Coupa operation the sandbox may refuse (as Coupa would): refused is a no-op. */
function tryCoupa<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Error && /^(CoupaApiError|ControlInputError|ZodError)$/.test(err.name)) return undefined;
    if (err instanceof Error && 'status' in err) return undefined;
    throw err;
  }
}

const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const cents = (amount: string, pct: number): string => {
  const units = Math.round(Number(amount.replace('.', '')) * (pct / 100));
  return (units / 100).toFixed(2);
};

function invoiceOf(r: Real, id: number): Wire | undefined {
  return r.world.coupa.control.records('invoices').find((i) => i.id === id);
}

function liveBills(r: Real) {
  return r.world.fb().bills.filter((b) => b.vis_state === 0);
}

class NewSupplier implements Cmd {
  constructor(readonly name: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const name = NAMES[this.name % NAMES.length] ?? 'Acme Industrial';
    const s = tryCoupa(() =>
      r.world.coupa.control.createSupplier({ name: m.suppliers.length >= NAMES.length ? `${name} ${m.serial++}` : name }),
    );
    if (s) m.suppliers.push(Number(s.id));
  }
  toString = () => `NewSupplier(${NAMES[this.name % NAMES.length]})`;
}

class RenameSupplier implements Cmd {
  constructor(readonly s: number) {}
  check = (m: Readonly<Model>) => m.suppliers.length > 0;
  async run(m: Model, r: Real) {
    const id = pick(m.suppliers, this.s);
    const current = r.world.coupa.control.records('suppliers').find((s) => s.id === id);
    if (id === undefined || !current) return;
    tryCoupa(() => r.world.coupa.control.updateSupplier(id, { name: `${str(current.name)} ${m.serial++}` }));
  }
  toString = () => `RenameSupplier(${this.s})`;
}

type LineSpec = { qty: number; price: number };
const lineSpecs = fc.array(fc.record({ qty: fc.integer({ min: 0, max: 4 }), price: fc.nat() }), { minLength: 1, maxLength: 3 });
const poLines = (lines: LineSpec[]) =>
  lines.map((l, i) => ({
    lineNum: String(i + 1),
    description: `Item ${i + 1}`,
    price: PRICES[l.price % PRICES.length] ?? '50.00',
    // 0: an amount line (services), otherwise a quantity line.
    ...(l.qty > 0 ? { quantity: String(l.qty) } : {}),
  }));

class IssuePo implements Cmd {
  constructor(
    readonly s: number,
    readonly lines: LineSpec[],
  ) {}
  check = (m: Readonly<Model>) => m.suppliers.length > 0;
  async run(m: Model, r: Real) {
    const supplierId = pick(m.suppliers, this.s);
    if (supplierId === undefined) return;
    const poNumber = String(5000 + m.serial++);
    const po = tryCoupa(() =>
      r.world.coupa.control.createPurchaseOrder({ supplierId, poNumber, currency: 'USD', status: 'issued', lines: poLines(this.lines) }),
    );
    if (po) m.pos.push({ id: Number(po.id), poNumber, supplierId });
  }
  toString = () => `IssuePo(${this.s}, ${JSON.stringify(this.lines)})`;
}

class RevisePo implements Cmd {
  constructor(
    readonly p: number,
    readonly lines: LineSpec[],
  ) {}
  check = (m: Readonly<Model>) => m.pos.length > 0;
  async run(m: Model, r: Real) {
    const po = pick(m.pos, this.p);
    if (po) tryCoupa(() => r.world.coupa.control.revisePurchaseOrder(po.id, { lines: poLines(this.lines) }));
  }
  toString = () => `RevisePo(${this.p}, ${JSON.stringify(this.lines)})`;
}

class EndPo implements Cmd {
  constructor(
    readonly p: number,
    readonly how: 'cancel' | 'close',
  ) {}
  check = (m: Readonly<Model>) => m.pos.length > 0;
  async run(m: Model, r: Real) {
    const po = pick(m.pos, this.p);
    if (!po) return;
    const c = r.world.coupa.control;
    tryCoupa(() => (this.how === 'cancel' ? c.cancelPurchaseOrder(po.id) : c.closePurchaseOrder(po.id)));
  }
  toString = () => `EndPo(${this.p}, ${this.how})`;
}

type Shape = 'po-part' | 'po-rest' | 'multi-po' | 'no-po' | 'like-po';
/** `gst`: 5% that FreshBooks' per-line arithmetic reproduces on a 75.00 line; `tax`: an amount it does not. */
type Charge = 'none' | 'tax' | 'gst' | 'shipping' | 'discount';
/** A standalone line, sometimes split over two cost centres (Coupa's account-allocations). */
const standalone = (split: boolean) =>
  split
    ? {
        description: 'Standalone service',
        price: '75.00',
        accountCode: 'NW-OPS-6100',
        accountAllocations: [
          { accountCode: 'NW-OPS-6100', pct: '60' },
          { segments: ['NW', 'FIN', '6100'], pct: '40' },
        ],
      }
    : { description: 'Standalone service', price: '75.00' };

class NewInvoice implements Cmd {
  constructor(
    readonly s: number,
    readonly shape: Shape,
    readonly approved: boolean,
    readonly charge: Charge,
    readonly creditNote: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.suppliers.length > 0;
  async run(m: Model, r: Real) {
    const supplierId = pick(m.suppliers, this.s);
    if (supplierId === undefined) return;
    const c = r.world.coupa.control;
    const theirs = c
      .records('purchase_orders')
      .filter((p) => Number(p.supplier && (p.supplier as Wire).id) === supplierId && p.status === 'issued');
    const orderLines = (po: Wire) => (Array.isArray(po['order-lines']) ? (po['order-lines'] as Wire[]) : []);
    const partLine = (ol: Wire) =>
      ol.quantity ? { orderLineId: Number(ol.id), quantity: '1' } : { orderLineId: Number(ol.id), price: cents(str(ol.total), 50) };
    let invoiceNumber = `INV-${m.serial++}`;
    const input: InvoiceInput = { supplierId, invoiceNumber: '', currency: 'USD', status: this.approved ? 'approved' : 'pending_approval' };
    const [first, second] = theirs;
    switch (this.shape) {
      case 'po-part':
        if (!first) return;
        input.poNumber = str(first['po-number']);
        input.lines = orderLines(first).slice(0, 1).map(partLine);
        break;
      case 'po-rest':
        if (!first) return;
        input.poNumber = str(first['po-number']);
        break;
      case 'multi-po':
        if (!first || !second) return;
        input.lines = [...orderLines(first).slice(0, 1), ...orderLines(second).slice(0, 1)].map(partLine);
        break;
      case 'like-po':
        // A standalone invoice that happens to carry one of the supplier's PO numbers.
        if (first) invoiceNumber = str(first['po-number']);
        input.lines = [standalone(m.serial % 2 === 0)];
        break;
      case 'no-po':
        input.lines = [standalone(m.serial % 3 === 0)];
        break;
    }
    if (this.charge === 'tax') input.taxAmount = '7.50';
    if (this.charge === 'gst') Object.assign(input, { taxAmount: '3.75', taxRate: '5' });
    if (this.charge === 'discount') input.discountAmount = '5.00';
    if (this.charge === 'shipping') input.shippingAmount = '15.00';
    if (this.creditNote) input.documentType = 'Credit Note';
    const inv = tryCoupa(() => c.createInvoice({ ...input, invoiceNumber }));
    if (inv) m.invoices.push({ id: Number(inv.id), number: invoiceNumber, supplierId });
  }
  toString = () =>
    `NewInvoice(${this.s}, ${this.shape}, ${this.approved ? 'approved' : 'pending'}, ${this.charge}${this.creditNote ? ', credit' : ''})`;
}

class InvoiceStatus implements Cmd {
  constructor(
    readonly i: number,
    readonly to: 'approve' | 'void' | 'dispute',
  ) {}
  check = (m: Readonly<Model>) => m.invoices.length > 0;
  async run(m: Model, r: Real) {
    const inv = pick(m.invoices, this.i);
    if (!inv) return;
    const c = r.world.coupa.control;
    tryCoupa(() =>
      this.to === 'approve' ? c.approveInvoice(inv.id) : this.to === 'void' ? c.voidInvoice(inv.id) : c.disputeInvoice(inv.id),
    );
  }
  toString = () => `InvoiceStatus(${this.i}, ${this.to})`;
}

class CoupaPayment implements Cmd {
  constructor(
    readonly i: number,
    readonly pct: number,
    readonly reverse: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.invoices.length > 0;
  async run(m: Model, r: Real) {
    const inv = pick(m.invoices, this.i);
    const wire = inv && invoiceOf(r, inv.id);
    if (!inv || !wire) return;
    const c = r.world.coupa.control;
    const payments = Array.isArray(wire.payments) ? (wire.payments as Wire[]) : [];
    if (this.reverse) {
      const last = [...payments].reverse().find((p) => Number(p['amount-paid']) > 0);
      if (last) tryCoupa(() => c.reversePayment(inv.id, { amount: str(last['amount-paid']), date: '2026-06-20' }));
      return;
    }
    const total = str(wire['total-with-taxes'] ?? wire['gross-total']);
    const amount = cents(total, this.pct);
    if (Number(amount) > 0) tryCoupa(() => c.recordPayment(inv.id, { amount, date: '2026-06-10', notes: `ACH ${m.serial++}` }));
  }
  toString = () => `CoupaPayment(${this.i}, ${this.reverse ? 'reverse' : `${this.pct}%`})`;
}

class FreshBooksPerson implements Cmd {
  constructor(
    readonly b: number,
    readonly act: 'pay' | 'delete-payment' | 'delete-bill' | 'edit-bill',
    readonly pct: number,
  ) {}
  check = () => true;
  async run(_m: Model, r: Real) {
    const fb = r.world.fb();
    const bills = liveBills(r);
    switch (this.act) {
      case 'pay': {
        const bill = pick(
          bills.filter((b) => Number(b.outstanding.amount) > 0),
          this.b,
        );
        if (bill)
          r.world.freshbooks.control.payBill(r.world.accountId, {
            billid: bill.id,
            amount: cents(bill.outstanding.amount, this.pct),
            paid_date: '2026-06-11',
          });
        return;
      }
      case 'delete-payment': {
        const payment = pick(
          fb.bill_payments.filter((p) => p.vis_state === 0),
          this.b,
        );
        if (payment) await r.fb('PUT', `bill_payments/bill_payments/${payment.id}`, { bill_payment: { vis_state: 1 } });
        return;
      }
      case 'delete-bill': {
        const bill = pick(
          bills.filter((b) => Number(b.paid.amount) === 0),
          this.b,
        );
        if (bill) await r.fb('PUT', `bills/bills/${bill.id}`, { bill: { vis_state: 1 } });
        return;
      }
      case 'edit-bill': {
        const bill = pick(
          bills.filter((b) => Number(b.paid.amount) === 0),
          this.b,
        );
        if (!bill) return;
        const lines = bill.lines.map((l, i) => ({
          categoryid: l.categoryid,
          description: l.description,
          quantity: l.quantity,
          unit_cost: { amount: i === 0 ? (Number(l.unit_cost.amount) + 1).toFixed(2) : l.unit_cost.amount, code: l.unit_cost.code },
        }));
        await r.fb('PUT', `bills/bills/${bill.id}`, { bill: { lines } });
        return;
      }
    }
  }
  toString = () => `FreshBooksPerson(${this.b}, ${this.act}, ${this.pct}%)`;
}

/** The same payment typed by hand into both systems (same amount, same day). */
class HandEnteredBoth implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Readonly<Model>) => m.invoices.length > 0;
  async run(m: Model, r: Real) {
    const inv = pick(m.invoices, this.i);
    if (!inv) return;
    const bill = liveBills(r).find((b) => (b.bill_number ?? '').startsWith(`INV ${inv.number}`) && Number(b.outstanding.amount) >= 10);
    if (!bill) return;
    const coupa = tryCoupa(() =>
      r.world.coupa.control.recordPayment(inv.id, { amount: '10.00', date: '2026-06-12', notes: `cheque ${m.serial++}` }),
    );
    if (coupa) r.world.freshbooks.control.payBill(r.world.accountId, { billid: bill.id, amount: '10.00', paid_date: '2026-06-12' });
  }
  toString = () => `HandEnteredBoth(${this.i})`;
}

/**
 * A person keys a Coupa invoice into FreshBooks by hand before the connector has written it (a
 * firm's habit before it connected): on the supplier's vendor, the number written their own way,
 * the amount as on the invoice or typed wrong. The connector must adopt it, not write a second bill.
 */
class KeyedByHand implements Cmd {
  constructor(
    readonly i: number,
    readonly typedWrong: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.invoices.length > 0;
  async run(m: Model, r: Real) {
    const inv = pick(m.invoices, this.i);
    if (!inv || m.keyed.includes(inv.id)) return;
    const wire = invoiceOf(r, inv.id);
    const supplier = r.world.coupa.control.records('suppliers').find((s) => s.id === inv.supplierId);
    const vendor = r.world.fb().bill_vendors.find((v) => v.vis_state === 0 && v.vendor_name === str(supplier?.name));
    if (!wire || !vendor || liveBills(r).some((b) => (b.bill_number ?? '').startsWith(`INV ${inv.number}`))) return;
    const total = Number(str(wire['total-with-taxes'] ?? wire['gross-total']));
    if (!(total > 1)) return;
    const [category] = await (await r.world.ports()).freshbooks.categories();
    r.world.freshbooks.control.createBill(r.world.accountId, {
      vendorid: vendor.vendorid,
      bill_number: `#${inv.number.toLowerCase()}`,
      issue_date: str(wire['invoice-date']).slice(0, 10),
      due_offset_days: 30,
      currency_code: 'USD',
      lines: [
        {
          categoryid: Number(category?.id),
          description: 'Typed by hand',
          quantity: '1',
          unit_cost: { amount: (this.typedWrong ? total - 1 : total).toFixed(2), code: 'USD' },
        },
      ],
    });
    m.keyed.push(inv.id);
  }
  toString = () => `KeyedByHand(${this.i}${this.typedWrong ? ', typed wrong' : ''})`;
}

class Sync implements Cmd {
  constructor(readonly kind: 'full' | 'incremental' | 'invoices' | 'payments') {}
  check = () => true;
  async run(_m: Model, r: Real) {
    if (this.kind === 'full') await r.sync({ full: true });
    else if (this.kind === 'incremental') await r.sync();
    else await r.sync({ only: this.kind });
  }
  toString = () => `Sync(${this.kind})`;
}

class Webhook implements Cmd {
  constructor(
    readonly n: number,
    readonly side: 'coupa' | 'freshbooks',
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    if (this.side === 'coupa') {
      const inv = pick(m.invoices, this.n);
      if (inv) await swallowCrash(() => r.invoiceEvent(String(inv.id)));
    } else {
      const bill = pick(r.world.fb().bills, this.n);
      if (bill) await swallowCrash(() => r.billEvent(String(bill.id)));
    }
  }
  toString = () => `Webhook(${this.side}, ${this.n})`;
}

/**
 * A webhook job that dies, or that a side refuses, is failed and retried by the queue; the
 * next pass (or job) picks it up. A programming error is not such a failure: it surfaces.
 */
async function swallowCrash(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof AppError || (err instanceof Error && err.name === 'SimulatedCrash')) return;
    throw err;
  }
}

class Crash implements Cmd {
  constructor(readonly n: number) {}
  check = () => true;
  async run(_m: Model, r: Real) {
    r.crash.arm(this.n);
  }
  toString = () => `Crash(after write ${this.n})`;
}

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

/** One operation, weighted towards what books see most: invoices, payments and passes. */
const command: fc.Arbitrary<Cmd> = fc.oneof(
  w(
    2,
    fc.nat().map((n): Cmd => new NewSupplier(n)),
  ),
  w(
    1,
    fc.nat().map((n): Cmd => new RenameSupplier(n)),
  ),
  w(
    4,
    fc.tuple(fc.nat(), lineSpecs).map(([s, l]): Cmd => new IssuePo(s, l)),
  ),
  w(
    2,
    fc.tuple(fc.nat(), lineSpecs).map(([p, l]): Cmd => new RevisePo(p, l)),
  ),
  w(
    2,
    fc.tuple(fc.nat(), fc.constantFrom('cancel' as const, 'close' as const)).map(([p, h]): Cmd => new EndPo(p, h)),
  ),
  w(
    8,
    fc
      .tuple(
        fc.nat(),
        fc.constantFrom<Shape>('po-part', 'po-part', 'po-rest', 'multi-po', 'no-po', 'like-po'),
        fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
        fc.constantFrom<Charge>('none', 'none', 'none', 'tax', 'gst', 'shipping', 'discount'),
        fc.integer({ min: 0, max: 12 }).map((n) => n === 0),
      )
      .map(([s, shape, approved, charge, credit]): Cmd => new NewInvoice(s, shape, approved, charge, credit)),
  ),
  w(
    4,
    fc
      .tuple(fc.nat(), fc.constantFrom('approve' as const, 'approve' as const, 'void' as const, 'dispute' as const))
      .map(([i, to]): Cmd => new InvoiceStatus(i, to)),
  ),
  w(
    5,
    fc
      .tuple(
        fc.nat(),
        fc.constantFrom(25, 50, 100),
        fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      )
      .map(([i, p, rev]): Cmd => new CoupaPayment(i, p, rev)),
  ),
  w(
    5,
    fc
      .tuple(
        fc.nat(),
        fc.constantFrom(
          'pay' as const,
          'pay' as const,
          'pay' as const,
          'delete-payment' as const,
          'delete-bill' as const,
          'edit-bill' as const,
        ),
        fc.constantFrom(40, 100),
      )
      .map(([b, act, p]): Cmd => new FreshBooksPerson(b, act, p)),
  ),
  w(
    2,
    fc.nat().map((i): Cmd => new HandEnteredBoth(i)),
  ),
  w(
    2,
    fc
      .tuple(
        fc.nat(),
        fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      )
      .map(([i, wrong]): Cmd => new KeyedByHand(i, wrong)),
  ),
  w(
    6,
    fc
      .constantFrom('full' as const, 'incremental' as const, 'incremental' as const, 'invoices' as const, 'payments' as const)
      .map((k): Cmd => new Sync(k)),
  ),
  w(
    3,
    fc.tuple(fc.nat(), fc.constantFrom('coupa' as const, 'freshbooks' as const)).map(([n, side]): Cmd => new Webhook(n, side)),
  ),
  w(
    2,
    fc.integer({ min: 1, max: 4 }).map((n): Cmd => new Crash(n)),
  ),
);

/** A firm's starting point: a few suppliers with issued POs, then what happens to them. */
export const sequence = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 0, max: NAMES.length - 1 }), { minLength: 2, maxLength: 4 }),
    fc.array(fc.tuple(fc.nat(), lineSpecs), { minLength: 1, maxLength: 4 }),
    fc.array(command, { minLength: 8, maxLength: 40 }),
  )
  .map(([names, orders, rest]): Cmd[] => [...names.map((n) => new NewSupplier(n)), ...orders.map(([s, l]) => new IssuePo(s, l)), ...rest]);
