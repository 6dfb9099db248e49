/**
 * The totals of a reconciliation: per currency, per vendor (within a currency) and, for
 * payments, per cost centre. Currencies are never added together: every total is one currency.
 */
import { Decimal } from '../lib/decimal.js';
import { formatMoney } from './money.js';
import { paidByCostCentre } from './reconcile-payments.js';
import { isDifference, type Figure, type LineStatus, type ReconLine } from './reconciliation.js';
import type { Invoice } from './records.js';

export interface AmountTotals {
  currency: string;
  /** Approved invoices in Coupa, and their bills in FreshBooks. */
  invoiced: { coupa: string; freshbooks: string };
  /** Open on POs in Coupa, and on their commitment bills in FreshBooks. */
  committed: { coupa: string; freshbooks: string };
  paid: { coupa: string; freshbooks: string };
  /** Bills in FreshBooks no Coupa document claims. */
  unclaimedBills: string;
  /** Lines that are differences (not agreements, not unlinked bills). */
  differences: number;
}

export interface ReconTotals {
  byStatus: Array<{ status: LineStatus; count: number }>;
  byCurrency: AmountTotals[];
  byVendor: Array<AmountTotals & { vendor: string }>;
  /** Everything paid on the period's invoices, split over cost centres (Coupa's lines). */
  byCostCentre: Array<{ costCentre: string; currency: string; paid: string }>;
}

class Sums {
  private readonly values = {
    ic: Decimal.ZERO,
    if: Decimal.ZERO,
    cc: Decimal.ZERO,
    cf: Decimal.ZERO,
    pc: Decimal.ZERO,
    pf: Decimal.ZERO,
    u: Decimal.ZERO,
  };
  differences = 0;

  add(f: Figure): void {
    const v = this.values;
    const z = (d: Decimal | null) => d ?? Decimal.ZERO;
    if (f.record === 'invoice') {
      v.ic = v.ic.add(z(f.coupa));
      v.if = v.if.add(z(f.freshbooks));
      v.pc = v.pc.add(z(f.coupaPaid));
      v.pf = v.pf.add(z(f.freshbooksPaid));
    } else if (f.record === 'purchase-order') {
      v.cc = v.cc.add(z(f.coupa));
      v.cf = v.cf.add(z(f.freshbooks));
    } else {
      v.u = v.u.add(z(f.freshbooks));
    }
  }

  totals(currency: string): AmountTotals {
    const v = this.values;
    return {
      currency,
      invoiced: { coupa: formatMoney(v.ic, currency), freshbooks: formatMoney(v.if, currency) },
      committed: { coupa: formatMoney(v.cc, currency), freshbooks: formatMoney(v.cf, currency) },
      paid: { coupa: formatMoney(v.pc, currency), freshbooks: formatMoney(v.pf, currency) },
      unclaimedBills: formatMoney(v.u, currency),
      differences: this.differences,
    };
  }
}

const byText =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

export function totalsOf(
  result: { lines: readonly ReconLine[]; figures: readonly Figure[] },
  invoices: readonly Pick<Invoice, 'id' | 'payments' | 'currency' | 'lines'>[],
  segmentIndex: number,
): ReconTotals {
  const currencies = new Map<string, Sums>();
  const vendors = new Map<string, { vendor: string; currency: string; sums: Sums }>();
  const vendorSums = (vendor: string, currency: string) => {
    const key = `${currency}\u0000${vendor}`;
    const found = vendors.get(key) ?? { vendor, currency, sums: new Sums() };
    vendors.set(key, found);
    return found.sums;
  };
  const currencySums = (currency: string) => {
    const found = currencies.get(currency) ?? new Sums();
    currencies.set(currency, found);
    return found;
  };
  for (const f of result.figures) {
    currencySums(f.currency).add(f);
    vendorSums(f.vendor, f.currency).add(f);
  }
  const counts = new Map<LineStatus, number>();
  for (const line of result.lines) {
    counts.set(line.status, (counts.get(line.status) ?? 0) + 1);
    if (!isDifference(line.status)) continue;
    currencySums(line.currency).differences += 1;
    vendorSums(line.vendor, line.currency).differences += 1;
  }
  const centres = new Map<string, { costCentre: string; currency: string; paid: Decimal }>();
  for (const invoice of invoices) {
    for (const part of paidByCostCentre(invoice, segmentIndex)) {
      const costCentre = part.costCentre ?? 'unassigned';
      const key = `${invoice.currency}\u0000${costCentre}`;
      const t = centres.get(key) ?? { costCentre, currency: invoice.currency, paid: Decimal.ZERO };
      centres.set(key, { ...t, paid: t.paid.add(part.amount) });
    }
  }
  return {
    byStatus: [...counts].map(([status, count]) => ({ status, count })),
    byCurrency: [...currencies].map(([currency, sums]) => sums.totals(currency)).sort(byText((t) => t.currency)),
    byVendor: [...vendors.values()]
      .map((v) => ({ vendor: v.vendor, ...v.sums.totals(v.currency) }))
      .sort(byText((t) => `${t.currency}\u0000${t.vendor}`)),
    byCostCentre: [...centres.values()]
      .map((c) => ({ costCentre: c.costCentre, currency: c.currency, paid: formatMoney(c.paid, c.currency) }))
      .sort(byText((t) => `${t.currency}\u0000${t.costCentre}`)),
  };
}
