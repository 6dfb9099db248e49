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
import { isTagOfInvoice, parseBillTag } from './bill-tags.js';
import { reconcileCommitments } from './reconcile-commitments.js';
import {
  billLabel,
  billSide,
  capital,
  invoiceLabel,
  isLive,
  Lines,
  money,
  type FixTarget,
  type ReconcileInput,
  type Reconciliation,
  type Side,
} from './reconcile-lines.js';
import { allocationDifference, comparePayments, coupaPaidOf, type CostCentreAmount } from './reconcile-payments.js';
import { coupaPaymentKey } from './payments.js';
import { normalisePoStatus } from './records.js';
import { people } from './reconcile-people.js';

export type { ActionKind, LineAction } from './reconcile-people.js';
export {
  isDifference,
  LINE_STATUSES,
  type Figure,
  type FixTarget,
  type LineStatus,
  type LiveBill,
  type ReconcileInput,
  type Reconciliation,
  type ReconLine,
  type Side,
} from './reconcile-lines.js';

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
  reconcileCommitments(input, index, lines, claimed);

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
