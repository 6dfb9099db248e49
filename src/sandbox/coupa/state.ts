/**
 * The simulated instance's data: reference tables, suppliers, purchase orders, invoices, the
 * indexes Coupa's uniqueness rules need, id sequences and the event stream pushes are built
 * from. Pure data and lookups; the rules for changing records live in the ops modules.
 */
import { CoupaApiError, type ErrorKey } from './errors.js';
import { ACCOUNT_TYPES, CURRENCIES, PAYMENT_TERMS, TAX_CODES, UOMS, USERS, defaultChartOfAccounts } from './reference-data.js';
import type { InstanceClock } from './time.js';
import type {
  AccountRecord,
  AccountTypeRecord,
  CoupaEvent,
  CoupaEventType,
  CurrencyRecord,
  InvoiceRecord,
  OrderLineRecord,
  PaymentTermRecord,
  PurchaseOrderRecord,
  SupplierRecord,
  TaxCodeRecord,
  UomRecord,
  UserRecord,
} from './types.js';

type Sequence =
  | 'supplier'
  | 'contact'
  | 'address'
  | 'purchase_order'
  | 'order_line'
  | 'invoice'
  | 'invoice_line'
  | 'payment'
  | 'account'
  | 'account_allocation';

// Each table starts somewhere else, so an id used against the wrong resource finds nothing.
const SEQUENCE_START: Record<Sequence, number> = {
  supplier: 101,
  contact: 301,
  address: 501,
  purchase_order: 2401,
  order_line: 5001,
  invoice: 9001,
  invoice_line: 30001,
  payment: 701,
  account: 1001,
  account_allocation: 60001,
};

type EventListener = (event: CoupaEvent) => void;

export class CoupaState {
  readonly users = new Map<number, UserRecord>(USERS.map((u) => [u.id, u]));
  readonly currencies = new Map<number, CurrencyRecord>(CURRENCIES.map((c) => [c.id, c]));
  readonly paymentTerms = new Map<number, PaymentTermRecord>(PAYMENT_TERMS.map((t) => [t.id, t]));
  readonly uoms = new Map<number, UomRecord>(UOMS.map((u) => [u.id, u]));
  readonly accountTypes = new Map<number, AccountTypeRecord>(ACCOUNT_TYPES.map((t) => [t.id, t]));
  readonly accounts = new Map<number, AccountRecord>();
  readonly taxCodes = new Map<number, TaxCodeRecord>(TAX_CODES.map((t) => [t.id, t]));

  /** Records by id; Maps keep insertion order, which is id order (ids only grow). */
  readonly suppliers = new Map<number, SupplierRecord>();
  readonly purchaseOrders = new Map<number, PurchaseOrderRecord>();
  readonly invoices = new Map<number, InvoiceRecord>();
  readonly orderLines = new Map<number, OrderLineRecord>();

  private readonly accountByCode = new Map<string, AccountRecord>();
  private readonly supplierByName = new Map<string, SupplierRecord>();
  private readonly supplierByNumber = new Map<string, SupplierRecord>();
  private readonly poByNumber = new Map<string, PurchaseOrderRecord>();
  private readonly invoiceByKey = new Map<string, InvoiceRecord>();
  private readonly sequences: Record<Sequence, number> = { ...SEQUENCE_START };
  private readonly listeners = new Set<EventListener>();

  constructor(readonly clock: InstanceClock) {
    for (const account of defaultChartOfAccounts()) this.addAccount(account.code, account.name);
  }

  nextId(sequence: Sequence): number {
    const id = this.sequences[sequence];
    this.sequences[sequence] = id + 1;
    return id;
  }

  // ---- events ------------------------------------------------------------------------------

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(type: CoupaEventType, id: number): void {
    const event = { type, id, at: this.clock.nowMs() };
    for (const listener of this.listeners) listener(event);
  }

  // ---- reference data ----------------------------------------------------------------------

  addAccount(code: string, name?: string): AccountRecord {
    const existing = this.accountByCode.get(code.toLowerCase());
    if (existing) return existing;
    const account: AccountRecord = {
      id: this.nextId('account'),
      name: name ?? code,
      code,
      segments: code.split('-'),
      accountTypeId: 1,
      active: true,
    };
    this.accounts.set(account.id, account);
    this.accountByCode.set(code.toLowerCase(), account);
    return account;
  }

  /** Runs a write; accounts it added are taken back if it throws, as Coupa's one transaction would. */
  keepingAccountsOnSuccess<T>(write: () => T): T {
    const firstNew = this.sequences.account;
    try {
      return write();
    } catch (err) {
      for (const [id, account] of this.accounts) {
        if (id < firstNew) continue;
        this.accounts.delete(id);
        this.accountByCode.delete(account.code.toLowerCase());
      }
      throw err;
    }
  }

  currencyByCode(code: string, key: ErrorKey): CurrencyRecord {
    for (const c of this.currencies.values()) if (c.code === code.toUpperCase()) return c;
    throw CoupaApiError.invalid(key, referenceMessage('Currency', 'currency', 'code', code));
  }

  paymentTermByCode(code: string, key: ErrorKey): PaymentTermRecord {
    for (const t of this.paymentTerms.values()) if (t.code.toLowerCase() === code.toLowerCase()) return t;
    throw CoupaApiError.invalid(key, referenceMessage('PaymentTerm', 'payment_term', 'code', code));
  }

  uomByCode(code: string, key: ErrorKey): UomRecord {
    for (const u of this.uoms.values()) if (u.code === code.toUpperCase()) return u;
    throw CoupaApiError.invalid(key, referenceMessage('Uom', 'uom', 'code', code));
  }

  taxCodeByCode(code: string, key: ErrorKey): TaxCodeRecord {
    for (const t of this.taxCodes.values()) if (t.code.toLowerCase() === code.toLowerCase()) return t;
    throw CoupaApiError.invalid(key, referenceMessage('TaxCode', 'tax_code', 'code', code));
  }

  /** An account by its code, if the chart has it. */
  findAccount(code: string): AccountRecord | undefined {
    return this.accountByCode.get(code.toLowerCase());
  }

  accountByCodeOrFail(code: string, key: ErrorKey): AccountRecord {
    const account = this.accountByCode.get(code.toLowerCase());
    if (!account) throw CoupaApiError.invalid(key, referenceMessage('Account', 'account', 'code', code));
    return account;
  }

  // ---- suppliers ---------------------------------------------------------------------------

  // Choice CP-27 (docs/api-notes.md): supplier names are unique ignoring case ("Acme Inc." ≡ "ACME Inc.").
  findSupplierByName(name: string): SupplierRecord | undefined {
    return this.supplierByName.get(name.trim().toLowerCase());
  }

  findSupplierByNumber(num: string): SupplierRecord | undefined {
    return this.supplierByNumber.get(num.trim().toLowerCase());
  }

  /** Stores a new or changed supplier and keeps the name/number indexes in step. */
  putSupplier(supplier: SupplierRecord, previous?: { name: string; number: string | null }): void {
    if (previous) {
      this.supplierByName.delete(previous.name.toLowerCase());
      if (previous.number) this.supplierByNumber.delete(previous.number.toLowerCase());
    }
    this.suppliers.set(supplier.id, supplier);
    this.supplierByName.set(supplier.name.toLowerCase(), supplier);
    if (supplier.number) this.supplierByNumber.set(supplier.number.toLowerCase(), supplier);
  }

  supplierOrFail(id: number, key: ErrorKey): SupplierRecord {
    const s = this.suppliers.get(id);
    if (!s) throw CoupaApiError.invalid(key, referenceMessage('Supplier', 'supplier', 'id', String(id)));
    return s;
  }

  // ---- purchase orders ---------------------------------------------------------------------

  findPurchaseOrderByNumber(poNumber: string): PurchaseOrderRecord | undefined {
    return this.poByNumber.get(poNumber);
  }

  putPurchaseOrder(po: PurchaseOrderRecord): void {
    this.purchaseOrders.set(po.id, po);
    this.poByNumber.set(po.poNumber, po);
    for (const line of po.lines) this.orderLines.set(line.id, line);
  }

  // ---- invoices ----------------------------------------------------------------------------

  /** Choice CP-28 (docs/api-notes.md): invoice numbers are unique per supplier, ignoring case. */
  findInvoice(supplierId: number, invoiceNumber: string): InvoiceRecord | undefined {
    return this.invoiceByKey.get(`${supplierId}:${invoiceNumber.toLowerCase()}`);
  }

  putInvoice(invoice: InvoiceRecord): void {
    this.invoices.set(invoice.id, invoice);
    this.invoiceByKey.set(`${invoice.supplierId}:${invoice.invoiceNumber.toLowerCase()}`, invoice);
  }

  counts(): { suppliers: number; purchaseOrders: number; invoices: number } {
    return { suppliers: this.suppliers.size, purchaseOrders: this.purchaseOrders.size, invoices: this.invoices.size };
  }
}

/** Coupa's wording when a reference cannot be resolved (from its documented error examples). */
export function referenceMessage(model: string, attr: string, keyName: string, value: string): string {
  return `Unable to find valid ${model} record for ${attr} with keys {"${keyName}"=>"${value}"}. Possible keys are ["id", "${keyName}"]. Please verify your json.`;
}
