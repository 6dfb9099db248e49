/**
 * The two sides as a dry run sees them: every read goes to the real system, every write is
 * kept here instead and answered as the system would answer it. Later reads in the same pass
 * see those writes (a vendor just "created" is found again, a bill "paid" shows its payment),
 * so the engine runs its real code and decides exactly what a real pass would — and nothing
 * reaches Coupa or FreshBooks.
 */
import { draftTotal } from '../core/bill-total.js';
import type { Bill, BillDraft, BillPayment, BillPaymentDraft, CoupaPaymentDraft, Invoice, Vendor, VendorDraft } from '../core/records.js';
import { Decimal } from '../lib/decimal.js';
import { AppError } from '../lib/errors.js';
import type { CoupaPort, CoupaQuery, FreshBooksPort, FreshBooksQuery } from './ports.js';

/** A write the dry run kept from a system: which call, on what. */
export interface HeldWrite {
  system: 'coupa' | 'freshbooks';
  call: string;
  id: string;
}

/**
 * A write the system would refuse. A real pass would fail on it the same way, so the plan
 * reports the record as failing, with the reason, instead of pretending the write went through.
 */
class WouldBeRefusedError extends AppError {
  constructor(system: string, why: string) {
    super(
      'dry_run_refused',
      `${system} would refuse this write: ${why}.`,
      'A sync would fail on this record the same way; it is listed for a person to look at.',
    );
  }
}

/** Ids given to records that exist only in the plan; never sent anywhere. */
const PLANNED = 'planned-';

export function isPlannedId(id: string | null | undefined): boolean {
  return id?.startsWith(PLANNED) === true;
}

/** A bill as FreshBooks would total it from its lines (one the plan wrote). */
function withTotals(bill: Omit<Bill, 'total' | 'outstanding' | 'status'>): Bill {
  return withPaid({ ...bill, total: draftTotal(bill) }, bill.paid);
}

/** The bill with this much paid: FreshBooks moves outstanding and status with it. */
function withPaid(bill: Omit<Bill, 'outstanding' | 'status'>, paid: Decimal): Bill {
  const outstanding = bill.total.sub(paid);
  const status = paid.isZero() ? 'unpaid' : outstanding.gt(Decimal.ZERO) ? 'partial' : 'paid';
  return { ...bill, paid, outstanding, status };
}

/**
 * The real pages with the plan's changes laid over them, then every record the plan made or
 * changed that the real listing did not return (made by the plan, or changed by it since: a
 * record written today matches any `updated since` filter) and that passes `keep`.
 */
async function* overlaid<T extends { id: string }>(
  pages: AsyncIterable<T[]>,
  changed: ReadonlyMap<string, T>,
  keep: (item: T) => boolean,
): AsyncIterable<T[]> {
  const seen = new Set<string>();
  for await (const page of pages) {
    for (const item of page) seen.add(item.id);
    yield page.map((item) => changed.get(item.id) ?? item).filter(keep);
  }
  const extra = [...changed.values()].filter((item) => !seen.has(item.id) && keep(item));
  if (extra.length > 0) yield extra;
}

async function* none<T>(): AsyncIterable<T[]> {}

export class DryRunFreshBooks implements FreshBooksPort {
  readonly held: HeldWrite[] = [];
  private next = 1;
  private readonly vendorsById = new Map<string, Vendor>();
  private readonly billsById = new Map<string, Bill>();
  private readonly paymentsById = new Map<string, BillPayment>();

  constructor(private readonly real: FreshBooksPort) {}

  private id(kind: string): string {
    return `${PLANNED}${kind}-${this.next++}`;
  }

  private hold(call: string, id: string): void {
    this.held.push({ system: 'freshbooks', call, id });
  }

  vendors(query?: FreshBooksQuery): AsyncIterable<Vendor[]> {
    return overlaid(this.real.vendors(query), this.vendorsById, () => true);
  }

  async vendor(id: string): Promise<Vendor | undefined> {
    return this.vendorsById.get(id) ?? (isPlannedId(id) ? undefined : this.real.vendor(id));
  }

  createVendor(draft: VendorDraft): Promise<Vendor> {
    const vendor: Vendor = {
      id: this.id('vendor'),
      name: draft.vendorName,
      ...(draft.primaryContactEmail ? { email: draft.primaryContactEmail } : {}),
    };
    this.vendorsById.set(vendor.id, vendor);
    this.hold('createVendor', vendor.id);
    return Promise.resolve(vendor);
  }

  async updateVendor(id: string, changes: Partial<VendorDraft>): Promise<Vendor> {
    const before = await this.vendor(id);
    const vendor: Vendor = { ...(before ?? { id, name: '' }), ...(changes.vendorName ? { name: changes.vendorName } : {}) };
    this.vendorsById.set(id, vendor);
    this.hold('updateVendor', id);
    return vendor;
  }

  bills(query: FreshBooksQuery = {}): AsyncIterable<Bill[]> {
    const deleted = query.deleted === true;
    // A vendor the plan only imagined has no bills in FreshBooks (and FreshBooks would refuse its id).
    return overlaid(
      isPlannedId(query.vendorId) ? none<Bill>() : this.real.bills(query),
      this.billsById,
      (b) => (b.visState === 1) === deleted && (query.vendorId === undefined || b.vendorId === query.vendorId),
    );
  }

  async bill(id: string): Promise<Bill | undefined> {
    return this.billsById.get(id) ?? (isPlannedId(id) ? undefined : this.real.bill(id));
  }

  createBill(draft: BillDraft): Promise<Bill> {
    if (draft.lines.length === 0) throw new WouldBeRefusedError('FreshBooks', 'a bill needs at least one line');
    const bill = withTotals({ ...draft, id: this.id('bill'), paid: Decimal.ZERO, visState: 0 });
    this.billsById.set(bill.id, bill);
    this.hold('createBill', bill.id);
    return Promise.resolve(bill);
  }

  async updateBill(id: string, draft: BillDraft): Promise<Bill> {
    const before = await this.bill(id);
    const paid = before?.paid ?? Decimal.ZERO;
    // FreshBooks' own rules for a bill with payments (the sandbox's bills.ts enforces the same).
    if (paid.gt(Decimal.ZERO) && before?.currency !== draft.currency)
      throw new WouldBeRefusedError('FreshBooks', `bill ${id} has payments, so its currency cannot change`);
    if (draftTotal(draft).lt(paid))
      throw new WouldBeRefusedError('FreshBooks', `bill ${id} would total less than the ${paid.toString()} already paid`);
    const bill = withTotals({ ...draft, id, paid, visState: before?.visState ?? 0 });
    this.billsById.set(id, bill);
    this.hold('updateBill', id);
    return bill;
  }

  async deleteBill(id: string): Promise<void> {
    const before = await this.bill(id);
    if (before) this.billsById.set(id, { ...before, visState: 1 });
    this.hold('deleteBill', id);
  }

  async billPayments(billId: string): Promise<BillPayment[]> {
    const real = isPlannedId(billId) ? [] : await this.real.billPayments(billId);
    const made = [...this.paymentsById.values()].filter((p) => p.billId === billId && isPlannedId(p.id));
    return [...real.map((p) => this.paymentsById.get(p.id) ?? p), ...made].filter((p) => p.visState !== 1);
  }

  async createBillPayment(draft: BillPaymentDraft): Promise<BillPayment> {
    const bill = await this.bill(draft.billId);
    if (!bill || bill.visState === 1) throw new WouldBeRefusedError('FreshBooks', `bill ${draft.billId} is not there to be paid`);
    if (!draft.amount.gt(Decimal.ZERO)) throw new WouldBeRefusedError('FreshBooks', 'a payment must be greater than zero');
    if (draft.currency !== bill.currency)
      throw new WouldBeRefusedError('FreshBooks', `the payment is in ${draft.currency}, bill ${bill.id} in ${bill.currency}`);
    if (draft.amount.gt(bill.outstanding)) {
      throw new WouldBeRefusedError(
        'FreshBooks',
        `the payment of ${draft.amount.toString()} exceeds the ${bill.outstanding.toString()} ${bill.currency} outstanding on bill ${bill.id}`,
      );
    }
    const payment: BillPayment = { ...draft, id: this.id('bill-payment'), note: draft.note, visState: 0 };
    this.paymentsById.set(payment.id, payment);
    await this.repay(draft.billId, draft.amount);
    this.hold('createBillPayment', payment.id);
    return payment;
  }

  async deleteBillPayment(id: string): Promise<void> {
    const known = this.paymentsById.get(id) ?? (isPlannedId(id) ? undefined : await this.real.billPayment(id));
    if (known && known.visState !== 1) {
      this.paymentsById.set(id, { ...known, visState: 1 });
      await this.repay(known.billId, known.amount.neg());
    }
    this.hold('deleteBillPayment', id);
  }

  billPayment(id: string): Promise<BillPayment | undefined> {
    const known = this.paymentsById.get(id);
    return known || isPlannedId(id) ? Promise.resolve(known) : this.real.billPayment(id);
  }

  categories() {
    return this.real.categories();
  }

  taxes() {
    return this.real.taxes();
  }

  /** FreshBooks moves a bill's paid amount with its payments; so does the plan. */
  private async repay(billId: string, amount: Decimal): Promise<void> {
    const bill = await this.bill(billId);
    if (bill) this.billsById.set(billId, withPaid(bill, bill.paid.add(amount)));
  }
}

export class DryRunCoupa implements CoupaPort {
  readonly held: HeldWrite[] = [];
  private next = 1;
  private readonly invoicesById = new Map<string, Invoice>();

  constructor(private readonly real: CoupaPort) {}

  suppliers(query?: CoupaQuery) {
    return this.real.suppliers(query);
  }

  supplier(id: string) {
    return this.real.supplier(id);
  }

  purchaseOrders(query?: CoupaQuery) {
    return this.real.purchaseOrders(query);
  }

  purchaseOrder(id: string) {
    return this.real.purchaseOrder(id);
  }

  purchaseOrderByNumber(poNumber: string) {
    return this.real.purchaseOrderByNumber(poNumber);
  }

  /** A read (for the progress estimate of a long dry run), when the real side offers it. */
  get highestId(): CoupaPort['highestId'] {
    return this.real.highestId?.bind(this.real);
  }

  /** Invoices the plan paid, as they would read after it; a pass lists invoices before it pays any, so no listing misses one. */
  async *invoices(query?: CoupaQuery): AsyncIterable<Invoice[]> {
    for await (const page of this.real.invoices(query)) yield page.map((i) => this.invoicesById.get(i.id) ?? i);
  }

  async invoice(id: string): Promise<Invoice | undefined> {
    return this.invoicesById.get(id) ?? this.real.invoice(id);
  }

  async recordPayment(draft: CoupaPaymentDraft): Promise<Invoice> {
    const before = await this.invoice(draft.invoiceId);
    if (!before) throw new Error(`Coupa invoice ${draft.invoiceId} was not found.`);
    const id = `${PLANNED}payment-${this.next++}`;
    const after: Invoice = {
      ...before,
      payments: [...before.payments, { id, amount: draft.amount, date: draft.date, notes: draft.notes }],
    };
    this.invoicesById.set(after.id, after);
    this.held.push({ system: 'coupa', call: 'recordPayment', id: draft.invoiceId });
    return after;
  }

  markExported(kind: 'purchase_order' | 'invoice', id: string): Promise<void> {
    this.held.push({ system: 'coupa', call: `markExported ${kind}`, id });
    return Promise.resolve();
  }
}
