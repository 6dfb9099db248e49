/**
 * What a controller checks before signing the books, worked out from the two systems
 * themselves (never from the connector's own bookkeeping), after the connector has settled:
 * - every approved invoice has exactly one live bill of its amount;
 * - each open PO's remaining commitment is on exactly one bill (none when nothing is open);
 * - paid amounts agree per invoice on both sides;
 * - the cost-centre split of each payment written to Coupa sums to the payment;
 * - no vendor, bill or payment twice; nothing echoed back to where it came from;
 * - what a person typed into a vendor survives;
 * — unless the connector put the record on the attention list, saying why, for one of the
 * reasons a person is needed. Each check here is written independently of src/core.
 */
import { listAttention } from '../../../src/store/queries/attention.js';
import type { Real } from './harness.js';

type Wire = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown): Wire[] => (Array.isArray(v) ? (v as Wire[]) : []);
/** Money as integer cents (every amount in the model is USD). */
const cents = (v: unknown): number => Math.round(Number(str(v)) * 100);

/** Reasons a record may legitimately wait for a person. */
const PERSON_CODES = new Set([
  'credit-note',
  'non-positive-total',
  'disputed',
  'voided-bill-paid',
  'po-bill-paid-not-open',
  'po-bill-overpaid',
  'paid-bill-changed',
  'bill-deleted',
  'payment-deleted-in-freshbooks',
  'payment-reversal-unmatched',
  'adopted-bill-differs',
  'failing',
]);
/** The only failures a person must settle: FreshBooks refusing a payment the bill cannot take. */
const PERSON_FAILURES = /exceeds the amount outstanding|outstanding on the bill/i;

/** The invoice number a bill_number names, if it is an invoice's tag. */
function invoiceNumberOf(tag: string | null): string | undefined {
  const t = (tag ?? '').trim();
  if (!t.startsWith('INV ')) return undefined;
  const rest = t.slice(4);
  const at = rest.lastIndexOf(' / PO ');
  return (at > 0 ? rest.slice(0, at) : rest).trim();
}

/** A number as a person may type it: letters and digits only, upper case ("#inv-12" → "INV12"). */
export const typedKey = (v: string | null): string => (v ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');

/** What the checks found, and the records they left to a person (attention, review): reconciliation must name exactly these. */
export interface Verdict {
  problems: string[];
  needsPerson: { invoices: Set<string>; pos: Set<string> };
}

export async function checkInvariants(r: Real): Promise<Verdict> {
  const problems: string[] = [];
  const fail = (text: string) => problems.push(text);
  const { world } = r;
  const db = world.store.db;
  const fb = world.fb();
  const c = world.coupa.control;
  const suppliers = c.records('suppliers');
  const pos = c.records('purchase_orders');
  const invoices = c.records('invoices');
  const bills = fb.bills.filter((b) => b.vis_state === 0);
  const payments = fb.bill_payments.filter((p) => p.vis_state === 0);

  // ---- what waits for a person, and what it covers -------------------------------------------
  const items = (await listAttention(db, world.tenantId, 'all')).filter((i) => i.status !== 'resolved');
  const waivedInvoices = new Set<string>();
  const waivedPos = new Set<string>();
  const invoiceLinks = await db.selectFrom('invoice_links').selectAll().execute();
  const poLinks = await db.selectFrom('po_links').selectAll().execute();
  const paymentLinks = await db.selectFrom('payment_links').selectAll().execute();
  const waiveBill = (billId: string) => {
    for (const l of invoiceLinks) if (l.bill_id === billId) waivedInvoices.add(l.invoice_id);
    for (const l of poLinks) if (l.bill_id === billId) waivedPos.add(l.po_number);
    // A PO bill an invoice took over: the invoice now.
    const bill = fb.bills.find((b) => String(b.id) === billId);
    const number = invoiceNumberOf(bill?.bill_number ?? null);
    for (const inv of invoices) if (number && str(inv['invoice-number']) === number) waivedInvoices.add(str(inv.id));
  };
  for (const item of items) {
    if (!PERSON_CODES.has(item.code))
      fail(`attention item ${item.code} for ${item.label} is not a reason a person is needed: ${item.message}`);
    if (item.code === 'failing' && !PERSON_FAILURES.test(item.message)) fail(`a record failed for good: ${item.message}`);
    if (item.status === 'retrying') fail(`${item.label} is still retrying after the connector settled: ${item.message}`);
    switch (item.recordKind) {
      case 'invoice':
        waivedInvoices.add(item.recordId.split('/')[0] ?? item.recordId);
        break;
      case 'purchase-order':
        waivedPos.add(item.recordId);
        break;
      case 'bill':
        waiveBill(item.recordId);
        break;
      case 'bill-payment': {
        const payment = fb.bill_payments.find((p) => String(p.id) === item.recordId);
        if (payment) waiveBill(String(payment.billid));
        for (const l of paymentLinks) if (l.bill_payment_id === item.recordId) waivedInvoices.add(l.invoice_id);
        break;
      }
      case 'coupa-payment':
        waivedInvoices.add(item.recordId.split(':')[0] ?? '');
        break;
    }
  }
  // An invoice a person must look at may have left its POs' commitments as they were.
  for (const inv of invoices) {
    if (!waivedInvoices.has(str(inv.id))) continue;
    for (const line of list(inv['invoice-lines'])) if (str(line['order-header-num'])) waivedPos.add(str(line['order-header-num']));
  }

  // ---- vendors ----------------------------------------------------------------------------------
  const vendorLinks = await db.selectFrom('vendor_links').selectAll().execute();
  const vendorOf = new Map(vendorLinks.map((l) => [l.supplier_id, l.vendor_id]));
  const linkedVendors = vendorLinks.map((l) => l.vendor_id);
  if (new Set(linkedVendors).size !== linkedVendors.length) fail(`two suppliers share a vendor: ${JSON.stringify(vendorLinks)}`);
  const liveVendors = fb.bill_vendors.filter((v) => v.vis_state === 0);
  for (const id of linkedVendors) if (!liveVendors.some((v) => String(v.vendorid) === id)) fail(`linked vendor ${id} is gone`);
  const unlinked = liveVendors.filter((v) => !linkedVendors.includes(String(v.vendorid)));
  if (unlinked.some((v) => v.vendor_name !== 'Globex Corporation'))
    fail(`vendors nobody owns: ${unlinked.map((v) => v.vendor_name).join(', ')}`);
  const globex = liveVendors.find((v) => v.primary_contact_email === 'ap@globex.example' || v.vendor_name.startsWith('Globex'));
  if (globex && globex.city !== 'Springfield')
    fail(`the city a person typed into vendor ${globex.vendor_name} was overwritten: ${String(globex.city)}`);
  const open = await db.selectFrom('reviews').select(['supplier_id', 'kind', 'invoice_id']).where('status', '=', 'open').execute();
  // An invoice whose bill a person must pick among hand-keyed candidates waits, with its payments.
  for (const o of open) if (o.kind === 'bill' && o.invoice_id) waivedInvoices.add(o.invoice_id);
  for (const s of suppliers) {
    if (!vendorOf.has(str(s.id)) && !open.some((o) => o.supplier_id === str(s.id)) && s.status === 'active') {
      // Never needed by a PO or invoice and never synced: fine only if no pass ran since it was made.
      const used = [...pos, ...invoices].some((d) => str((d.supplier as Wire | undefined)?.id) === str(s.id));
      if (used) fail(`supplier ${str(s.name)} has documents but no vendor and no review`);
    }
  }

  // ---- bills: no duplicates -----------------------------------------------------------------------
  const seen = new Set<string>();
  for (const b of bills) {
    const key = `${b.vendorid}|${b.bill_number ?? ''}`;
    if (b.bill_number && seen.has(key)) fail(`two live bills ${b.bill_number} for vendor ${b.vendorid}`);
    seen.add(key);
  }

  // ---- invoices: exactly one live bill of their amount ----------------------------------------------
  const billOfInvoice = new Map<string, (typeof bills)[number]>();
  const inReview = new Set(open.filter((o) => o.kind !== 'bill').map((o) => o.supplier_id));
  for (const inv of invoices) {
    const id = str(inv.id);
    const supplierId = str((inv.supplier as Wire | undefined)?.id);
    const vendorId = vendorOf.get(supplierId);
    if (inReview.has(supplierId) || waivedInvoices.has(id)) continue;
    const number = str(inv['invoice-number']);
    // Its bill: the connector's (tagged) or one a person keyed by hand with its number.
    const mine = bills.filter(
      (b) => String(b.vendorid) === vendorId && (invoiceNumberOf(b.bill_number) === number || typedKey(b.bill_number) === typedKey(number)),
    );
    const status = str(inv.status);
    const total = cents(inv['total-with-taxes'] ?? inv['gross-total']);
    const credit = str(inv['document-type']) === 'Credit Note';
    const [only] = mine;
    if (mine.length > 1) fail(`invoice ${number} has ${mine.length} live bills`);
    if (status === 'approved' && !credit && total > 0) {
      if (!vendorId || !only) fail(`approved invoice ${number} (${total / 100}) has no live bill`);
      else if (cents(only.total_amount.amount) !== total)
        fail(`invoice ${number}: bill ${only.id} holds ${only.total_amount.amount}, Coupa says ${total / 100}`);
    } else if (status !== 'disputed' && only && invoiceNumberOf(only.bill_number) === number) {
      // (A bill a person keyed for an invoice not approved is theirs, until the invoice is.)
      fail(`${status} invoice ${number} still has live bill ${only.id} (${only.total_amount.amount})`);
    }
    if (only && (status === 'approved' || invoiceNumberOf(only.bill_number) === number)) billOfInvoice.set(id, only);
  }

  // ---- POs: the open commitment on exactly one bill ----------------------------------------------------
  for (const po of pos) {
    const poNumber = str(po['po-number']);
    const supplierId = str((po.supplier as Wire | undefined)?.id);
    const vendorId = vendorOf.get(supplierId);
    if (inReview.has(supplierId) || waivedPos.has(poNumber) || !vendorId) continue;
    const lines = list(po['order-lines']).map((l) => ({ num: str(l['line-num']), open: cents(l.total) }));
    let pool = 0;
    for (const [invoiceId] of billOfInvoice) {
      const inv = invoices.find((i) => str(i.id) === invoiceId);
      for (const l of list(inv?.['invoice-lines'])) {
        if (str(l['order-header-num']) !== poNumber) continue;
        const target = lines.find((x) => x.num === str(l['order-line-num']));
        if (target) target.open = Math.max(0, target.open - cents(l.total));
        else pool += cents(l.total);
      }
    }
    for (const line of lines) {
      const taken = Math.min(line.open, pool);
      line.open -= taken;
      pool -= taken;
    }
    const expected = str(po.status) === 'issued' ? lines.reduce((s, l) => s + l.open, 0) : 0;
    const mine = bills.filter((b) => String(b.vendorid) === vendorId && (b.bill_number ?? '').trim() === `PO ${poNumber}`);
    if (expected === 0 && mine.length > 0)
      fail(
        `PO ${poNumber} (${str(po.status)}) has nothing open but live bill(s) ${mine.map((b) => `${b.id}: ${b.total_amount.amount}`).join(', ')}`,
      );
    if (expected > 0 && (mine.length !== 1 || cents(mine[0]?.total_amount.amount) !== expected)) {
      fail(`PO ${poNumber}: ${expected / 100} is open but its live bills are [${mine.map((b) => b.total_amount.amount).join(', ')}]`);
    }
  }

  // ---- payments agree per invoice; no duplicates; no echo ------------------------------------------------
  for (const [invoiceId, bill] of billOfInvoice) {
    const inv = invoices.find((i) => str(i.id) === invoiceId);
    const coupaPaid = list(inv?.payments).reduce((s, p) => s + cents(p['amount-paid']), 0);
    const fbPaid = payments.filter((p) => p.billid === bill.id).reduce((s, p) => s + cents(p.amount.amount), 0);
    if (coupaPaid !== fbPaid)
      fail(`invoice ${str(inv?.['invoice-number'])}: paid ${coupaPaid / 100} in Coupa, ${fbPaid / 100} in FreshBooks (bill ${bill.id})`);
  }
  const fromCoupa = new Map<string, number>();
  for (const p of payments) {
    const m = /Coupa payment (\S+) on invoice (.+)$/.exec(p.note ?? '');
    if (!m) continue;
    const key = `${m[1]}|${m[2]}`;
    fromCoupa.set(key, (fromCoupa.get(key) ?? 0) + 1);
  }
  for (const [key, n] of fromCoupa) if (n > 1) fail(`Coupa payment ${key} was written to FreshBooks ${n} times`);
  const fromFreshBooks = new Map<string, number>();
  for (const inv of invoices) {
    for (const p of list(inv.payments)) {
      const m = /FreshBooks bill payment (\d+)/.exec(str(p.notes));
      if (!m?.[1]) continue;
      fromFreshBooks.set(m[1], (fromFreshBooks.get(m[1]) ?? 0) + 1);
      const origin = fb.bill_payments.find((bp) => String(bp.id) === m[1]);
      if (origin && /Coupa payment/.test(origin.note ?? ''))
        fail(`echo: FreshBooks payment ${m[1]}, written from Coupa, went back to Coupa`);
    }
  }
  for (const [id, n] of fromFreshBooks) if (n > 1) fail(`FreshBooks payment ${id} was recorded in Coupa ${n} times`);

  // ---- allocations sum to their payments ----------------------------------------------------------------
  const allocations = await db.selectFrom('allocations').selectAll().execute();
  const byPayment = new Map<string, number>();
  for (const a of allocations) byPayment.set(a.bill_payment_id, (byPayment.get(a.bill_payment_id) ?? 0) + cents(a.amount));
  for (const [id, sum] of byPayment) {
    const link = paymentLinks.find((l) => l.bill_payment_id === id);
    if (link && cents(link.amount) !== sum) fail(`the split of FreshBooks payment ${id} sums to ${sum / 100}, not ${link.amount}`);
  }
  const ofSuppliersInReview = (docs: Wire[]) => docs.filter((d) => inReview.has(str((d.supplier as Wire | undefined)?.id)));
  return {
    problems,
    needsPerson: {
      invoices: new Set([...waivedInvoices, ...ofSuppliersInReview(invoices).map((i) => str(i.id))]),
      pos: new Set([...waivedPos, ...ofSuppliersInReview(pos).map((p) => str(p['po-number']))]),
    },
  };
}
