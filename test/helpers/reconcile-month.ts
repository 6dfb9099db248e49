/**
 * A month of books for reconciliation tests: documents the connector syncs, then changes made
 * behind its back in both sandboxes (no webhook, no sync), one of each kind of difference.
 *
 * Hartley Facilities Ltd: PO 7001 invoiced in full by H-1; PO 7002 open (500.00); H-2 paid in
 * FreshBooks and synced; H-3's bill edited in FreshBooks; H-4 voided in Coupa; H-5 split over two
 * cost centres, paid, then the cost-centre segment setting changed; H-6 approved after the last
 * sync; H-7 disputed (waits for a person).
 * Quill & Co: Q-1 paid in Coupa only; Q-2 paid in FreshBooks only; Q-3 paid and synced, then
 * the FreshBooks payment's amount edited; a bill keyed by hand in FreshBooks (RENT-DEC).
 */
import type { CoupaControl } from '../../src/sandbox/coupa/control.js';
import type { FreshBooksControl } from '../../src/sandbox/freshbooks/control.js';

export interface MonthSides {
  coupa: CoupaControl;
  freshbooks: FreshBooksControl;
  freshbooksUrl: string;
  accountId: string;
}

type Wire = Record<string, unknown>;

const today = () => new Date().toISOString().slice(0, 10);
const shift = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A period around today that holds every document of the month (made today). */
export const monthPeriod = () => ({ from: shift(-40), to: shift(1) });

/** The start date for a tenant that syncs only this month's documents (the sandboxes' demo data is older). */
export const monthStart = () => shift(-40);

const ids: { hartley: number; quill: number; invoices: Record<string, number> } = { hartley: 0, quill: 0, invoices: {} };

/** The documents the first sync writes. */
export function seedMonth(s: MonthSides): void {
  const c = s.coupa;
  ids.hartley = Number(c.createSupplier({ name: 'Hartley Facilities Ltd' }).id);
  ids.quill = Number(c.createSupplier({ name: 'Quill & Co' }).id);
  c.createPurchaseOrder({
    supplierId: ids.hartley,
    poNumber: '7001',
    currency: 'USD',
    status: 'issued',
    lines: [{ description: 'Cleaning contract', price: '900.00' }],
  });
  c.createPurchaseOrder({
    supplierId: ids.hartley,
    poNumber: '7002',
    currency: 'USD',
    status: 'issued',
    lines: [{ description: 'Window cleaning', price: '500.00' }],
  });
  const invoice = (
    supplierId: number,
    invoiceNumber: string,
    lines: Array<{ description: string; price: string; accountCode?: string }>,
  ) => {
    ids.invoices[invoiceNumber] = Number(c.createInvoice({ supplierId, invoiceNumber, currency: 'USD', status: 'approved', lines }).id);
  };
  ids.invoices['H-1'] = Number(c.createInvoice({ supplierId: ids.hartley, invoiceNumber: 'H-1', poNumber: '7001', status: 'approved' }).id);
  invoice(ids.hartley, 'H-2', [{ description: 'Deep clean', price: '250.00' }]);
  invoice(ids.hartley, 'H-3', [{ description: 'Carpet', price: '120.00' }]);
  invoice(ids.hartley, 'H-4', [{ description: 'Call-out', price: '80.00' }]);
  invoice(ids.hartley, 'H-5', [
    { description: 'Ops floor', price: '150.00', accountCode: 'NW-OPS-6100' },
    { description: 'Finance floor', price: '50.00', accountCode: 'NW-FIN-6800' },
  ]);
  invoice(ids.hartley, 'H-7', [{ description: 'Disputed extra', price: '60.00' }]);
  invoice(ids.quill, 'Q-1', [{ description: 'Stationery', price: '300.00' }]);
  invoice(ids.quill, 'Q-2', [{ description: 'Printer paper', price: '410.00' }]);
  invoice(ids.quill, 'Q-3', [{ description: 'Toner', price: '90.00' }]);
}

function bill(s: MonthSides, tag: string): Wire & { id: number } {
  const found = s.freshbooks.snapshot(s.accountId).bills.find((b) => b.bill_number === tag && b.vis_state === 0);
  if (!found) throw new Error(`no live bill ${tag}`);
  return found as unknown as Wire & { id: number };
}

/** Changes that a sync then carries across (payments both ways, a dispute). */
export function beforeSecondSync(s: MonthSides): void {
  s.freshbooks.payBill(s.accountId, { billid: bill(s, 'INV H-2').id, amount: '250.00', paid_date: today() });
  s.freshbooks.payBill(s.accountId, { billid: bill(s, 'INV H-5').id, amount: '200.00', paid_date: today() });
  s.freshbooks.payBill(s.accountId, { billid: bill(s, 'INV Q-3').id, amount: '90.00', paid_date: today() });
  s.coupa.disputeInvoice(ids.invoices['H-7'] ?? 0);
}

async function fbApi(s: MonthSides, method: 'PUT', path: string, body: unknown): Promise<void> {
  const token = s.freshbooks.issueTokens().access_token;
  const res = await fetch(`${s.freshbooksUrl}/accounting/account/${s.accountId}/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

/** What people do in both systems after the last sync, with no webhook reaching the connector. */
export async function behindTheBack(s: MonthSides): Promise<void> {
  const c = s.coupa;
  // H-3: someone retypes the bill's amount in FreshBooks.
  const h3 = bill(s, 'INV H-3');
  const lines = (h3.lines as Wire[]).map((l) => ({
    categoryid: l.categoryid,
    description: l.description,
    quantity: l.quantity,
    unit_cost: { amount: '125.00', code: 'USD' },
  }));
  await fbApi(s, 'PUT', `bills/bills/${h3.id}`, { bill: { lines } });
  c.voidInvoice(ids.invoices['H-4'] ?? 0);
  ids.invoices['H-6'] = Number(
    c.createInvoice({
      supplierId: ids.hartley,
      invoiceNumber: 'H-6',
      currency: 'USD',
      status: 'approved',
      lines: [{ description: 'Gutters', price: '70.00' }],
    }).id,
  );
  c.recordPayment(ids.invoices['Q-1'] ?? 0, { amount: '300.00', date: today(), notes: 'Cheque 5512' });
  s.freshbooks.payBill(s.accountId, { billid: bill(s, 'INV Q-2').id, amount: '410.00', paid_date: today() });
  const q3 = s.freshbooks.snapshot(s.accountId).bill_payments.find((p) => p.billid === bill(s, 'INV Q-3').id && p.vis_state === 0);
  if (!q3) throw new Error('no payment on Q-3');
  await fbApi(s, 'PUT', `bill_payments/bill_payments/${q3.id}`, { bill_payment: { amount: { amount: '60.00', code: 'USD' } } });
  const quill = s.freshbooks.snapshot(s.accountId).bill_vendors.find((v) => v.vendor_name === 'Quill & Co');
  if (!quill) throw new Error('no vendor Quill & Co');
  const category = (h3.lines as Wire[])[0]?.categoryid;
  s.freshbooks.createBill(s.accountId, {
    vendorid: quill.vendorid,
    bill_number: 'RENT-DEC',
    issue_date: today(),
    currency_code: 'USD',
    lines: [{ categoryid: category, description: 'Storage unit', quantity: '1', unit_cost: { amount: '120.00', code: 'USD' } }],
  });
}

/** The differences the report must find after `behindTheBack` (with the cost-centre segment moved for H-5): status and line label. */
export const EXPECTED_DIFFERENCES: ReadonlyArray<[string, RegExp]> = [
  ['amount-differs', /^invoice H-3 \(Hartley Facilities Ltd\)$/],
  ['missing-in-coupa', /^invoice H-4 \(Hartley Facilities Ltd\)$/],
  ['allocation-differs', /^invoice H-5 \(Hartley Facilities Ltd\)$/],
  ['missing-in-freshbooks', /^invoice H-6 \(Hartley Facilities Ltd\)$/],
  ['needs-person', /^invoice H-7 \(Hartley Facilities Ltd\)$/],
  ['payment-missing-in-freshbooks', /^Coupa payment \S+ on invoice Q-1 \(Quill & Co\)$/],
  ['payment-missing-in-coupa', /^FreshBooks payment \d+ on bill \d+$/],
  ['paid-differs', /^payment \d+ on invoice Q-3 \(Quill & Co\)$/],
  ['unlinked', /^FreshBooks bill \d+ \(RENT-DEC\)$/],
];

/** The records in agreement. */
export const EXPECTED_AGREEMENTS = [
  'invoice H-1 (Hartley Facilities Ltd)',
  'invoice H-2 (Hartley Facilities Ltd)',
  'PO 7001 (Hartley Facilities Ltd)',
  'PO 7002 (Hartley Facilities Ltd)',
];
