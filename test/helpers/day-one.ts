/**
 * Day one at a real firm: two years of Coupa documents, and a FreshBooks business where finance
 * has been keying Coupa invoices by hand — vendors named a little differently, invoice numbers
 * written several ways, some amounts typed wrong, some payments entered by hand.
 *
 * Coupa (invoices dated the 5th of each month, 2025-01 … 2026-11):
 * - Acme Industrial Supply (AIS-yyyymm, 1000 + 10 × month index), a PO 4510 issued 2026-08-03
 *   invoiced in full by AIS-202609 (2400.00), AIS-202608 paid in Coupa as well;
 * - Blue Harbor Logistics LLC (BHL-yyyymm, quarterly, 800.00): FreshBooks calls it "Blue
 *   Harbour Logistics", a near name, so it waits for a person;
 * - Cedar Office Furniture (COF-yyyymm, 300.00), no vendor in FreshBooks; a PO 4401 of 2025
 *   invoiced by COF-202504 (before the start date); COF-202609 paid in Coupa;
 * - Delta Cleaning Co (DCC-yyyymm, 450.00): the same name in FreshBooks.
 *
 * FreshBooks, keyed by hand (see `HAND_KEYED`): the start date is 2026-07-01.
 */
import type { CoupaSeed, InvoiceSeed } from '../../src/sandbox/coupa/seed.js';
import type { FreshBooksSeed } from '../../src/sandbox/freshbooks/seed.js';
import type { World } from './world.js';

export const START_DATE = '2026-07-01';

/** 2025-01 … 2026-11, as yyyymm. */
const MONTHS: string[] = Array.from({ length: 23 }, (_, i) => {
  const year = 2025 + Math.floor(i / 12);
  return `${year}${String((i % 12) + 1).padStart(2, '0')}`;
});

const dateOf = (yyyymm: string, day = 5) => `${yyyymm.slice(0, 4)}-${yyyymm.slice(4)}-${String(day).padStart(2, '0')}`;
const at = (date: string) => `${date}T10:00:00Z`;
/** The date printed on an invoice, at noon in the Coupa instance's zone (as its API writes it back). */
const printed = (date: string) => `${date}T12:00:00-07:00`;

const acmeAmount = (yyyymm: string): string => `${1000 + 10 * MONTHS.indexOf(yyyymm)}.00`;

function standalone(
  supplierNumber: string,
  invoiceNumber: string,
  date: string,
  amount: string,
  extra: Partial<InvoiceSeed> = {},
): InvoiceSeed {
  return {
    supplierNumber,
    invoiceNumber,
    invoiceDate: printed(date),
    currency: 'USD',
    status: 'approved',
    lines: [{ description: `Services ${invoiceNumber}`, price: amount }],
    createdAt: at(date),
    updatedAt: at(date),
    ...extra,
  };
}

/** An invoice that bills all that is left of its PO (no lines: the sandbox takes the PO's). */
function onPo(supplierNumber: string, invoiceNumber: string, date: string, poNumber: string): InvoiceSeed {
  return {
    supplierNumber,
    invoiceNumber,
    invoiceDate: printed(date),
    currency: 'USD',
    status: 'approved',
    poNumber,
    createdAt: at(date),
    updatedAt: at(date),
  };
}

export function dayOneCoupa(): CoupaSeed {
  const invoices: InvoiceSeed[] = [];
  for (const m of MONTHS) {
    if (m === '202609') {
      invoices.push(onPo('A1', 'AIS-202609', dateOf(m), '4510'));
    } else {
      const paid = m === '202608' ? { payments: [{ amount: acmeAmount(m), date: '2026-09-20', notes: 'ACH 7781' }] } : {};
      invoices.push(standalone('A1', `AIS-${m}`, dateOf(m), acmeAmount(m), paid));
    }
    if (Number(m.slice(4)) % 3 === 1) invoices.push(standalone('B2', `BHL-${m}`, dateOf(m), '800.00'));
    if (m === '202504') {
      invoices.push(onPo('C3', 'COF-202504', dateOf(m), '4401'));
    } else {
      const paid = m === '202609' ? { payments: [{ amount: '300.00', date: '2026-10-02', notes: 'ACH 9120' }] } : {};
      invoices.push(standalone('C3', `COF-${m}`, dateOf(m), '300.00', paid));
    }
    invoices.push(standalone('D4', `DCC-${m}`, dateOf(m), '450.00'));
  }
  return {
    suppliers: [
      { number: 'A1', name: 'Acme Industrial Supply', createdAt: at('2024-12-01'), updatedAt: at('2024-12-01') },
      { number: 'B2', name: 'Blue Harbor Logistics LLC', createdAt: at('2024-12-01'), updatedAt: at('2024-12-01') },
      { number: 'C3', name: 'Cedar Office Furniture', createdAt: at('2024-12-01'), updatedAt: at('2024-12-01') },
      { number: 'D4', name: 'Delta Cleaning Co', createdAt: at('2024-12-01'), updatedAt: at('2024-12-01') },
    ],
    purchaseOrders: [
      {
        poNumber: '4401',
        supplierNumber: 'C3',
        currency: 'USD',
        status: 'issued',
        lines: [{ description: 'Desks', quantity: '10', price: '500.00' }],
        createdAt: at('2025-03-10'),
        updatedAt: at('2025-03-10'),
      },
      {
        poNumber: '4510',
        supplierNumber: 'A1',
        currency: 'USD',
        status: 'issued',
        lines: [{ description: 'Safety equipment', quantity: '1', price: '2400.00' }],
        createdAt: at('2026-08-03'),
        updatedAt: at('2026-08-03'),
      },
    ],
    invoices,
  };
}

export const dayOneVendors: FreshBooksSeed = {
  vendors: [
    { vendor_name: 'Acme Industrial Supply', currency_code: 'USD' },
    { vendor_name: 'Blue Harbour Logistics', currency_code: 'USD' },
    { vendor_name: 'Delta Cleaning Co', currency_code: 'USD' },
  ],
};

/** A bill finance typed: its vendor, the number as typed (null: none), the amount and date typed. */
interface HandBill {
  key: string;
  vendor: string;
  billNumber: string | null;
  amount: string;
  date: string;
  /** A payment entered by hand on it. */
  paid?: { amount: string; date: string; note: string };
}

/** Keyed by what each bill is meant to show; `for` names the Coupa invoice it was typed for. */
export const HAND_KEYED: HandBill[] = [
  // Before the start date: every Acme invoice of 2025-01 … 2026-06, exact, some paid. Left alone.
  ...MONTHS.filter((m) => m < '202607').map((m) => ({
    key: `old-AIS-${m}`,
    vendor: 'Acme Industrial Supply',
    billNumber: `AIS-${m}`,
    amount: acmeAmount(m),
    date: dateOf(m),
    ...(m < '202601' ? { paid: { amount: acmeAmount(m), date: dateOf(m, 25), note: 'cheque' } } : {}),
  })),
  // Exact: adopted as typed.
  { key: 'AIS-202607', vendor: 'Acme Industrial Supply', billNumber: 'ais 202607', amount: acmeAmount('202607'), date: '2026-07-05' },
  {
    key: 'AIS-202608',
    vendor: 'Acme Industrial Supply',
    billNumber: '#AIS-202608',
    amount: acmeAmount('202608'),
    date: '2026-08-05',
    paid: { amount: acmeAmount('202608'), date: '2026-09-19', note: 'cheque 1042' },
  },
  { key: 'AIS-202609', vendor: 'Acme Industrial Supply', billNumber: 'PO4510/AIS202609', amount: '2400.00', date: '2026-09-06' },
  // Exact number, amount typed wrong: adopted, the difference reported.
  { key: 'AIS-202610', vendor: 'Acme Industrial Supply', billNumber: 'AIS202610', amount: '1190.00', date: '2026-10-05' },
  // A typo in the number (two digits swapped), same amount: a guess for a person.
  { key: 'AIS-202611', vendor: 'Acme Industrial Supply', billNumber: 'AIS-202161', amount: acmeAmount('202611'), date: '2026-11-05' },
  // No number, same amount, two days later: a guess.
  { key: 'DCC-202607', vendor: 'Delta Cleaning Co', billNumber: null, amount: '450.00', date: '2026-07-07' },
  // The same number typed twice: ambiguous.
  { key: 'DCC-202608-a', vendor: 'Delta Cleaning Co', billNumber: 'DCC-202608', amount: '450.00', date: '2026-08-05' },
  { key: 'DCC-202608-b', vendor: 'Delta Cleaning Co', billNumber: 'DCC-202608', amount: '450.00', date: '2026-08-06' },
  // Exact, paid by hand in FreshBooks only: the payment goes to Coupa once.
  {
    key: 'DCC-202609',
    vendor: 'Delta Cleaning Co',
    billNumber: 'DCC 202609',
    amount: '450.00',
    date: '2026-09-05',
    paid: { amount: '450.00', date: '2026-10-01', note: 'cheque 2001' },
  },
  // On the vendor whose name differs: adopted once a person links the supplier.
  { key: 'BHL-202607', vendor: 'Blue Harbour Logistics', billNumber: 'BHL-202607', amount: '800.00', date: '2026-07-05' },
];

/** Types the hand-keyed bills and payments into the FreshBooks sandbox; returns bill ids by key. */
export async function keyByHand(world: World): Promise<Map<string, string>> {
  const [category] = await (await world.ports()).freshbooks.categories();
  if (!category) throw new Error('the FreshBooks sandbox has no expense category');
  const vendors = new Map(world.fb().bill_vendors.map((v) => [v.vendor_name, v.vendorid]));
  const ids = new Map<string, string>();
  for (const bill of HAND_KEYED) {
    const made = world.freshbooks.control.createBill(world.accountId, {
      vendorid: vendors.get(bill.vendor),
      ...(bill.billNumber === null ? {} : { bill_number: bill.billNumber }),
      issue_date: bill.date,
      due_offset_days: 30,
      currency_code: 'USD',
      lines: [
        { categoryid: Number(category.id), description: 'Typed by hand', quantity: '1', unit_cost: { amount: bill.amount, code: 'USD' } },
      ],
    });
    ids.set(bill.key, String(made.id));
    if (bill.paid) {
      world.freshbooks.control.payBill(world.accountId, {
        billid: Number(made.id),
        amount: bill.paid.amount,
        paid_date: bill.paid.date,
        payment_type: 'Check',
        note: bill.paid.note,
      });
    }
  }
  return ids;
}
