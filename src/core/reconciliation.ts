/**
 * Month-end reconciliation: what Coupa and FreshBooks each hold for a period, read live from
 * both, compared record by record. The connector's links only pair records (which bill is whose
 * invoice); every amount, status and payment compared comes from the two systems themselves.
 *
 * Each line is one record and one verdict, with what to do about it: nothing (agreement), run
 * `reconcile --fix` (the engine can repair it), replay a failed delivery, resolve a review, or a
 * step a person must take, named precisely. A record on the attention list or waiting in a
 * review is reported as needing a person whatever else differs: its fix is theirs.
 */
import { Decimal } from '../lib/decimal.js';
import { isTagOfInvoice, isTagOfPo, parseBillTag } from './bill-tags.js';
import { invoicedLines, openCommitment, type InvoicedLine } from './commitment.js';
import { allocationDifference, comparePayments, coupaPaidOf, type CostCentreAmount, type PaymentPairLink } from './reconcile-payments.js';
import { formatMoney } from './money.js';
import { coupaPaymentKey } from './payments.js';
import { normalisePoStatus, type Bill, type BillPayment, type Invoice, type IsoDate, type PurchaseOrder } from './records.js';
import { people, type LineAction, type PeopleInput, type PersonIndex } from './reconcile-people.js';

export type { ActionKind, LineAction } from './reconcile-people.js';

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

const isLive = (b: LiveBill | undefined): b is LiveBill => b !== undefined && b.bill.visState !== 1;
const money = (d: Decimal, currency: string): string => formatMoney(d, currency);

function invoiceLabel(i: Pick<Invoice, 'invoiceNumber' | 'supplierName'>): string {
  return `invoice ${i.invoiceNumber} (${i.supplierName})`;
}

function billLabel(b: Bill): string {
  return `FreshBooks bill ${b.id}${b.billNumber ? ` (${b.billNumber})` : ''}`;
}

function billSide(b: LiveBill): Side {
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

class Lines {
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

/** Reconciles the period. Pure: the caller reads both systems and the store. */
export function reconcile(input: ReconcileInput): Reconciliation {
  const index = people(input.people, input.links, input.tenantId);
  const lines = new Lines(input.tenantId, index);
  const claimed = new Set<string>();
  const vendorName = (vendorId: string | undefined, fallback: string) => (vendorId && input.vendorNames.get(vendorId)) || fallback;

  // ---- invoices -------------------------------------------------------------------------------------
  for (const inv of input.invoices) {
    const vendorId = input.links.vendorOf.get(inv.supplierId);
    const linkedBill = input.links.billOfInvoice.get(inv.id);
    const taggedBill =
      linkedBill === undefined && vendorId !== undefined
        ? [...input.bills.values()].find(
            (b) => b.bill.vendorId === vendorId && isLive(b) && isTagOfInvoice(b.bill.billNumber, inv.invoiceNumber, inv.poNumbers[0]),
          )
        : undefined;
    const billId = linkedBill ?? taggedBill?.bill.id;
    const found = billId === undefined ? undefined : input.bills.get(billId);
    if (billId !== undefined) claimed.add(billId);
    const live = isLive(found) ? found : undefined;
    const expectBill = normalisePoStatus(inv.status) === 'approved' && inv.isCreditNote !== true && inv.total.gt(Decimal.ZERO);
    if (billId === undefined && input.startDate !== undefined && inv.invoiceDate < input.startDate) continue;
    const person = index.forInvoice(inv, billId, live?.payments ?? []);
    if (!expectBill && !live && !person) continue;

    const coupa: Side = {
      id: inv.id,
      ref: inv.invoiceNumber,
      status: inv.status,
      amount: money(inv.total, inv.currency),
      paid: money(coupaPaidOf(inv), inv.currency),
      outstanding: money(inv.total.sub(coupaPaidOf(inv)), inv.currency),
      date: inv.invoiceDate,
    };
    const base = {
      record: 'invoice' as const,
      label: invoiceLabel(inv),
      vendor: inv.supplierName,
      currency: inv.currency,
      coupa,
      freshbooks: found ? billSide(found) : null,
    };
    lines.figures.push({
      record: 'invoice',
      vendor: inv.supplierName,
      currency: inv.currency,
      coupa: expectBill ? inv.total : null,
      freshbooks: live ? live.bill.total : null,
      coupaPaid: expectBill ? coupaPaidOf(inv) : null,
      freshbooksPaid: live ? live.bill.paid : null,
    });
    const deliveries = [`coupa:invoice:${inv.id}`, ...(billId ? [`freshbooks:bill:${billId}`] : [])];
    const fix: FixTarget = { kind: 'invoice', id: inv.id, ...(live ? { billId: live.bill.id } : {}) };
    if (person) {
      lines.out.push({ ...base, status: 'needs-person', fields: [], message: person.message, action: person.action });
      continue;
    }
    if (expectBill && !live) {
      const message = found
        ? `Approved in Coupa for ${coupa.amount} ${inv.currency}, but its bill ${found.bill.id} was deleted in FreshBooks.`
        : `Approved in Coupa for ${coupa.amount} ${inv.currency}, but FreshBooks has no bill for it.`;
      lines.differs({ ...base, status: 'missing-in-freshbooks', fields: ['bill'], message, fix }, undefined, deliveries);
      continue;
    }
    if (!expectBill && live) {
      const message = `${capital(inv.status)} in Coupa, but FreshBooks bill ${live.bill.id} still books ${money(live.bill.total, live.bill.currency)} ${live.bill.currency} for it.`;
      lines.differs({ ...base, status: 'missing-in-coupa', fields: ['status'], message, fix }, undefined, deliveries);
      continue;
    }
    if (!live) continue;

    const fields: string[] = [];
    const why: string[] = [];
    if (vendorId === undefined || live.bill.vendorId !== vendorId) {
      fields.push('vendor');
      why.push(
        `the bill is on vendor ${vendorName(live.bill.vendorId, live.bill.vendorId)}, ` +
          (vendorId
            ? `not on ${vendorName(vendorId, vendorId)} (the vendor of ${inv.supplierName})`
            : `and ${inv.supplierName} has no vendor`),
      );
    }
    if (live.bill.currency !== inv.currency) {
      fields.push('currency');
      why.push(`the bill is in ${live.bill.currency}, the invoice in ${inv.currency}`);
    }
    if (!live.bill.total.eq(inv.total)) {
      fields.push('total');
      why.push(`the bill totals ${money(live.bill.total, live.bill.currency)}, the invoice ${coupa.amount}`);
    }
    let clean = fields.length === 0;
    if (!clean)
      lines.differs({ ...base, status: 'amount-differs', fields, message: `${capital(why.join('; '))}.`, fix }, undefined, deliveries);

    const payLinks = input.links.payments.filter((l) => l.invoiceId === inv.id && l.state === 'live');
    const cmp = comparePayments(inv, live.payments, payLinks);
    const paymentBase = { record: 'payment' as const, vendor: inv.supplierName, currency: inv.currency };
    for (const p of cmp.coupaOnly) {
      clean = false;
      const key = coupaPaymentKey(inv.id, p);
      lines.differs(
        {
          ...paymentBase,
          label: `Coupa payment ${key.split(':')[1] ?? key} on ${invoiceLabel(inv)}`,
          status: 'payment-missing-in-freshbooks',
          fields: ['payment'],
          message: `Paid ${money(p.amount, inv.currency)} on ${p.date} in Coupa; bill ${live.bill.id} in FreshBooks has no such payment.`,
          coupa: { id: key, ref: inv.invoiceNumber, amount: money(p.amount, inv.currency), date: p.date },
          freshbooks: null,
          fix: { kind: 'invoice-payments', id: inv.id },
        },
        undefined,
        [`coupa:invoice:${inv.id}`],
      );
    }
    for (const p of cmp.freshbooksOnly) {
      clean = false;
      lines.differs(
        {
          ...paymentBase,
          label: `FreshBooks payment ${p.id} on bill ${live.bill.id}`,
          status: 'payment-missing-in-coupa',
          fields: ['payment'],
          message: `Paid ${money(p.amount, inv.currency)} on ${p.paidDate} in FreshBooks; ${invoiceLabel(inv)} in Coupa has no such payment.`,
          coupa: null,
          freshbooks: { id: p.id, ref: live.bill.billNumber ?? '', amount: money(p.amount, inv.currency), date: p.paidDate },
          fix: { kind: 'bill', id: live.bill.id },
        },
        undefined,
        [`freshbooks:bill:${live.bill.id}`],
      );
    }
    for (const pair of cmp.differing) {
      clean = false;
      lines.differs(
        {
          ...paymentBase,
          label: `payment ${pair.freshbooks.id} on ${invoiceLabel(inv)}`,
          status: 'paid-differs',
          fields: ['paid'],
          message: `The same payment is ${money(pair.coupa.amount, inv.currency)} in Coupa and ${money(pair.freshbooks.amount, inv.currency)} in FreshBooks.`,
          coupa: {
            id: coupaPaymentKey(inv.id, pair.coupa),
            ref: inv.invoiceNumber,
            amount: money(pair.coupa.amount, inv.currency),
            date: pair.coupa.date,
          },
          freshbooks: {
            id: pair.freshbooks.id,
            ref: live.bill.billNumber ?? '',
            amount: money(pair.freshbooks.amount, inv.currency),
            date: pair.freshbooks.paidDate,
          },
        },
        `Find which amount the bank paid, then correct the other by hand: the payment on ${invoiceLabel(inv)} in Coupa or payment ${pair.freshbooks.id} on bill ${live.bill.id} in FreshBooks (the connector never edits a payment's amount).`,
      );
    }
    if (clean && !cmp.coupaPaid.eq(cmp.freshbooksPaid)) {
      clean = false;
      lines.differs(
        {
          ...base,
          status: 'paid-differs',
          fields: ['paid'],
          message: `Paid ${money(cmp.coupaPaid, inv.currency)} in Coupa, ${money(cmp.freshbooksPaid, inv.currency)} in FreshBooks.`,
        },
        `Compare the payments of ${invoiceLabel(inv)} in Coupa with those of bill ${live.bill.id} in FreshBooks and correct the side that is wrong by hand.`,
      );
    }
    const split = allocationDifference(inv, input.costCentreSegment);
    if (split) {
      clean = false;
      const show = (parts: CostCentreAmount[]) =>
        parts.map((p) => `${p.costCentre ?? 'unassigned'} ${money(p.amount, inv.currency)}`).join(', ') || 'nothing';
      lines.differs(
        {
          ...base,
          status: 'allocation-differs',
          fields: ['allocation'],
          message: `The payments' cost-centre split written in Coupa is ${show(split.written)}; over the invoice's lines now it is ${show(split.expected)}.`,
        },
        `The invoice's lines or the payment notes changed after the payments were recorded: correct the split in the payment notes of ${invoiceLabel(inv)} in Coupa, or leave it and note the difference.`,
      );
    }
    if (clean) lines.agree(base);
  }

  // ---- purchase orders: the open commitment on one bill ----------------------------------------------
  const counted = countedLines(input, claimed);
  for (const po of input.pos) {
    const vendorId = input.links.vendorOf.get(po.supplierId);
    const link = input.links.pos.get(po.poNumber);
    // Before the start date and never billed by the connector: out of scope, as for the sync.
    const billed = link !== undefined && (link.billId !== null || link.takenOverBy !== null);
    if (!billed && input.startDate !== undefined && po.issueDate < input.startDate) continue;
    const own = link && link.takenOverBy === null && link.billId !== null ? link.billId : undefined;
    const tagged =
      own === undefined && vendorId !== undefined
        ? [...input.bills.values()].find((b) => isLive(b) && b.bill.vendorId === vendorId && isTagOfPo(b.bill.billNumber, po.poNumber))
        : undefined;
    const billId = own ?? tagged?.bill.id;
    if (billId !== undefined) claimed.add(billId);
    const found = billId === undefined ? undefined : input.bills.get(billId);
    const live = isLive(found) ? found : undefined;
    const open = openCommitment(po, counted).open;
    const committing = ['issued', 'exported'].includes(normalisePoStatus(po.status));
    if (!committing && !live) continue;
    const base = {
      record: 'purchase-order' as const,
      label: `PO ${po.poNumber} (${po.supplierName})`,
      vendor: po.supplierName,
      currency: po.currency,
      coupa: { id: po.id, ref: po.poNumber, status: po.status, amount: money(open, po.currency), date: po.issueDate },
      freshbooks: found ? billSide(found) : null,
    };
    lines.figures.push({
      record: 'purchase-order',
      vendor: po.supplierName,
      currency: po.currency,
      coupa: open,
      freshbooks: live ? live.bill.total : null,
      coupaPaid: null,
      freshbooksPaid: live ? live.bill.paid : null,
    });
    const person = index.forPo(po, billId);
    if (person) {
      lines.out.push({ ...base, status: 'needs-person', fields: [], message: person.message, action: person.action });
      continue;
    }
    // A commitment waits on an invoice of the PO that waits for a person: the line says which.
    const waiting = () => {
      for (const inv of [...input.invoices, ...input.poInvoices]) {
        if (!inv.poNumbers.includes(po.poNumber)) continue;
        const p = index.forInvoice(inv, input.links.billOfInvoice.get(inv.id), []);
        if (p)
          return {
            message: `${invoiceLabel(inv)} on this PO waits for a person, and the commitment with it: ${p.message}`,
            action: p.action,
          };
      }
      return undefined;
    };
    const deliveries = [`coupa:purchase_order:${po.id}`, ...(billId ? [`freshbooks:bill:${billId}`] : [])];
    const fix: FixTarget = { kind: 'purchase-order', id: po.id, ...(live ? { billId: live.bill.id } : {}) };
    const differs = (line: Omit<ReconLine, 'action'>) => {
      const p = waiting();
      if (p) lines.out.push({ ...line, status: 'needs-person', action: p.action, message: `${line.message} ${p.message}` });
      else lines.differs(line, undefined, deliveries);
    };
    if (open.isZero() && live) {
      differs({
        ...base,
        status: 'missing-in-coupa',
        fields: ['commitment'],
        message: `Nothing is open on the PO in Coupa (${po.status}), but FreshBooks bill ${live.bill.id} still commits ${money(live.bill.total, live.bill.currency)}.`,
        fix,
      });
    } else if (!open.isZero() && !live) {
      differs({
        ...base,
        status: 'missing-in-freshbooks',
        fields: ['commitment'],
        message: `${money(open, po.currency)} ${po.currency} is open on the PO in Coupa, but FreshBooks has no commitment bill for it.`,
        fix,
      });
    } else if (live) {
      const fields = [
        ...(vendorId === undefined || live.bill.vendorId !== vendorId ? ['vendor'] : []),
        ...(live.bill.currency !== po.currency ? ['currency'] : []),
        ...(!live.bill.total.eq(open) ? ['total'] : []),
      ];
      if (fields.length > 0) {
        differs({
          ...base,
          status: 'amount-differs',
          fields,
          message: `${money(open, po.currency)} ${po.currency} is open on the PO in Coupa; its bill ${live.bill.id} commits ${money(live.bill.total, live.bill.currency)} ${live.bill.currency}${fields.includes('vendor') ? ' on another vendor' : ''}.`,
          fix,
        });
      } else lines.agree(base, `${money(open, po.currency)} ${po.currency} open on both sides.`);
    } else lines.agree(base, 'Nothing open on the PO, and no commitment bill.');
  }

  // ---- bills in the period no Coupa document claims -------------------------------------------------
  const linkedElsewhere = new Set([...input.links.billOfInvoice.values(), ...[...input.links.pos.values()].map((p) => p.billId)]);
  for (const id of input.periodBillIds) {
    const b = input.bills.get(id);
    if (!isLive(b) || claimed.has(id) || linkedElsewhere.has(id) || index.inReview(id)) continue;
    const tag = parseBillTag(b.bill.billNumber);
    const vendor = vendorName(b.bill.vendorId, `vendor ${b.bill.vendorId}`);
    const base = {
      record: 'bill' as const,
      label: billLabel(b.bill),
      vendor,
      currency: b.bill.currency,
      coupa: null,
      freshbooks: billSide(b),
    };
    lines.figures.push({
      record: 'bill',
      vendor,
      currency: b.bill.currency,
      coupa: null,
      freshbooks: b.bill.total,
      coupaPaid: null,
      freshbooksPaid: b.bill.paid,
    });
    if (tag.kind === 'foreign') {
      lines.differs(
        {
          ...base,
          status: 'unlinked',
          fields: [],
          message: `Made in FreshBooks, not by the connector, and no Coupa document in the period claims it (${money(b.bill.total, b.bill.currency)} ${b.bill.currency}).`,
        },
        `If it is spend outside Coupa, nothing to do. If it records a Coupa invoice, put that invoice's number in the bill's number (bill ${b.bill.id}) and run a sync: the connector adopts it instead of writing a second bill.`,
      );
    } else {
      const what = tag.kind === 'po' ? `PO ${tag.poNumber}` : tag.kind === 'invoice' ? `invoice ${tag.invoiceNumber}` : 'a Coupa document';
      lines.differs(
        {
          ...base,
          status: 'missing-in-coupa',
          fields: ['document'],
          message: `Tagged for ${what}, which Coupa does not hold for ${vendor} in this period (${money(b.bill.total, b.bill.currency)} ${b.bill.currency}).`,
        },
        `Look up ${what} in Coupa: if it was deleted or belongs to another supplier, delete bill ${b.bill.id} in FreshBooks by hand (reverse its payments first); if it is dated outside the period, reconcile that period.`,
      );
    }
  }
  return { lines: lines.out, figures: lines.figures };
}

/** Invoice lines that count against POs: those of invoices whose bill is live (the engine's rule, read live). */
function countedLines(input: ReconcileInput, claimed: ReadonlySet<string>): InvoicedLine[] {
  const out: InvoicedLine[] = [];
  const seen = new Set<string>();
  for (const inv of [...input.invoices, ...input.poInvoices]) {
    if (seen.has(inv.id)) continue;
    seen.add(inv.id);
    const billId = input.links.billOfInvoice.get(inv.id);
    const vendorId = input.links.vendorOf.get(inv.supplierId);
    const live =
      billId !== undefined
        ? isLive(input.bills.get(billId))
        : [...input.bills.values()].some(
            (b) =>
              claimed.has(b.bill.id) &&
              isLive(b) &&
              b.bill.vendorId === vendorId &&
              isTagOfInvoice(b.bill.billNumber, inv.invoiceNumber, inv.poNumbers[0]),
          );
    if (live) out.push(...invoicedLines(inv));
  }
  return out;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
