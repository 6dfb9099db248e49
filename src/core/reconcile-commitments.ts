/**
 * Open POs against their commitment bills: what is still open on each PO (the engine's
 * `openCommitment`, over the invoices whose bills are live — read live, not from the store)
 * must be on exactly one bill; a PO with nothing open must have none.
 */
import { invoicedLines, openCommitment, type InvoicedLine } from './commitment.js';
import { isTagOfInvoice, isTagOfPo } from './bill-tags.js';
import {
  billSide,
  invoiceLabel,
  isLive,
  money,
  type FixTarget,
  type Lines,
  type ReconcileInput,
  type ReconLine,
} from './reconcile-lines.js';
import type { PersonIndex } from './reconcile-people.js';
import { normalisePoStatus } from './records.js';

/** Adds a line per PO; `claimed` collects the bills it pairs (and says which invoice bills are paired). */
export function reconcileCommitments(input: ReconcileInput, index: PersonIndex, lines: Lines, claimed: Set<string>): void {
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
