/**
 * The shapes of a reconciliation and the helpers its parts share: a line per record with its
 * verdict and what to do, the figures the totals add up, and `Lines`, which turns a difference
 * into the action a person takes (a replay when the record's delivery failed, `--fix` when the
 * engine can repair it, else the manual step given).
 */
import type { Decimal } from '../lib/decimal.js';
import { formatMoney } from './money.js';
import type { PaymentPairLink } from './reconcile-payments.js';
import type { LineAction, PeopleInput, PersonIndex } from './reconcile-people.js';
import type { Bill, BillPayment, Invoice, IsoDate, PurchaseOrder } from './records.js';

export type LineStatus =
  | 'agreement'
  | 'missing-in-freshbooks'
  | 'missing-in-coupa'
  | 'amount-differs'
  | 'payment-missing-in-freshbooks'
  | 'payment-missing-in-coupa'
  | 'paid-differs'
  | 'allocation-differs'
  | 'unlinked'
  | 'needs-person';

/**
 * Whether a line is a difference. An unlinked bill is not: it is a bill the connector never
 * wrote and no Coupa document claims (rent, utilities, spend outside Coupa), listed so a
 * person can see it, but the two systems do not disagree about it.
 */
export function isDifference(status: LineStatus): boolean {
  return status !== 'agreement' && status !== 'unlinked';
}

export const LINE_STATUSES: readonly LineStatus[] = [
  'agreement',
  'missing-in-freshbooks',
  'missing-in-coupa',
  'amount-differs',
  'payment-missing-in-freshbooks',
  'payment-missing-in-coupa',
  'paid-differs',
  'allocation-differs',
  'unlinked',
  'needs-person',
];

/** What `reconcile --fix` runs through the engine again for a line. */
export type FixTarget =
  /** `billId`: its bill is read again too, so an edit made to it in FreshBooks is seen. */
  | { kind: 'invoice'; id: string; billId?: string }
  | { kind: 'invoice-payments'; id: string }
  | { kind: 'purchase-order'; id: string; billId?: string }
  | { kind: 'bill'; id: string };

export interface Side {
  id: string;
  /** What a person searches by: invoice or PO number, bill_number, payment reference. */
  ref: string;
  status?: string;
  amount: string;
  paid?: string;
  outstanding?: string;
  date?: IsoDate;
}

export interface ReconLine {
  status: LineStatus;
  record: 'invoice' | 'purchase-order' | 'bill' | 'payment';
  label: string;
  vendor: string;
  currency: string;
  coupa: Side | null;
  freshbooks: Side | null;
  /** Which compared fields differ (vendor, currency, total, paid, …). */
  fields: string[];
  message: string;
  action: LineAction;
  fix?: FixTarget;
}

/** A FreshBooks bill as read live, with its payments (deleted ones left out). */
export interface LiveBill {
  bill: Bill;
  payments: BillPayment[];
}

export interface ReconcileInput {
  tenantId: string;
  period: { from: IsoDate; to: IsoDate };
  startDate?: IsoDate;
  costCentreSegment: number;
  /** Coupa invoices dated in the period, every status. */
  invoices: readonly Invoice[];
  /** The POs to check: open ones in scope, and those whose bill was read. */
  pos: readonly PurchaseOrder[];
  /** Invoices naming those POs, whatever their date (what their commitments are reduced by). */
  poInvoices: readonly Invoice[];
  /** Every bill read, by id: those dated in the period and those the links point at. */
  bills: ReadonlyMap<string, LiveBill>;
  periodBillIds: ReadonlySet<string>;
  vendorNames: ReadonlyMap<string, string>;
  links: {
    vendorOf: ReadonlyMap<string, string>;
    billOfInvoice: ReadonlyMap<string, string>;
    pos: ReadonlyMap<string, { billId: string | null; takenOverBy: string | null }>;
    /** Every payment pair saved, reversed and deleted ones too (an attention item may name those). */
    payments: readonly (PaymentPairLink & { invoiceId: string; state: string })[];
  };
  people: PeopleInput;
}

export const isLive = (b: LiveBill | undefined): b is LiveBill => b !== undefined && b.bill.visState !== 1;
export const money = (d: Decimal, currency: string): string => formatMoney(d, currency);

export function invoiceLabel(i: Pick<Invoice, 'invoiceNumber' | 'supplierName'>): string {
  return `invoice ${i.invoiceNumber} (${i.supplierName})`;
}

export function billLabel(b: Bill): string {
  return `FreshBooks bill ${b.id}${b.billNumber ? ` (${b.billNumber})` : ''}`;
}

export function billSide(b: LiveBill): Side {
  return {
    id: b.bill.id,
    ref: b.bill.billNumber ?? '',
    status: b.bill.visState === 1 ? 'deleted' : b.bill.status,
    amount: money(b.bill.total, b.bill.currency),
    paid: money(b.bill.paid, b.bill.currency),
    outstanding: money(b.bill.outstanding, b.bill.currency),
    date: b.bill.issueDate,
  };
}

/** One record's amounts on each side, whatever its verdict (the totals add these up). */
export interface Figure {
  record: 'invoice' | 'purchase-order' | 'bill';
  vendor: string;
  currency: string;
  coupa: Decimal | null;
  freshbooks: Decimal | null;
  coupaPaid: Decimal | null;
  freshbooksPaid: Decimal | null;
}

export interface Reconciliation {
  lines: ReconLine[];
  figures: Figure[];
}

export class Lines {
  readonly out: ReconLine[] = [];
  readonly figures: Figure[] = [];
  constructor(
    private readonly tenantId: string,
    private readonly index: PersonIndex,
  ) {}

  fixCommand(): string {
    return `ml-connector reconcile --tenant ${this.tenantId} --fix`;
  }

  /** A difference: replay the failed delivery of the record when there is one, else --fix or the manual step given. */
  differs(line: Omit<ReconLine, 'action'>, manual?: string, deliveryKeys: string[] = []): void {
    const delivery = this.index.failedDelivery(deliveryKeys);
    const action: LineAction = delivery
      ? {
          kind: 'replay',
          text: `Delivery ${delivery} failed for this record; replay it once the cause is fixed.`,
          command: `ml-connector deliveries replay ${delivery}`,
        }
      : manual !== undefined
        ? { kind: 'manual', text: manual }
        : { kind: 'fix', text: 'The connector can repair this: run reconcile --fix.', command: this.fixCommand() };
    this.out.push({ ...line, action });
  }

  agree(line: Omit<ReconLine, 'action' | 'status' | 'fields' | 'message'>, message = 'Both sides agree.'): void {
    this.out.push({ ...line, status: 'agreement', fields: [], message, action: { kind: 'none', text: 'Nothing to do.' } });
  }
}

export function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
