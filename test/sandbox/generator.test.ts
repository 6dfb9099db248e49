import { describe, expect, it } from 'vitest';
import { createCoupaSandbox, type WireObject } from '../../src/sandbox/coupa/index.js';
import type { FreshBooksSeed } from '../../src/sandbox/freshbooks/seed.js';
import { generateDataset, iterateDataset, type Dataset } from '../../src/sandbox/generator/index.js';

/** How a matcher would compare names: NFKC, accents off, punctuation off, spaces collapsed, case-folded. */
const loose = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N} ]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
const strict = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

function loaded(data: Dataset) {
  const sb = createCoupaSandbox({ data: data.coupa, rateLimit: false });
  const records = {
    suppliers: sb.control.records('suppliers'),
    purchaseOrders: sb.control.records('purchase_orders'),
    invoices: sb.control.records('invoices'),
  };
  void sb.close();
  return records;
}

const lines = (r: WireObject, key: string) => r[key] as WireObject[];

describe('determinism', () => {
  it('gives the same data for the same seed and different data for another', () => {
    expect(generateDataset({ seed: 42, scale: 1500 })).toEqual(generateDataset({ seed: 42, scale: 1500 }));
    expect(generateDataset({ seed: 43, scale: 1500 }).coupa).not.toEqual(generateDataset({ seed: 42, scale: 1500 }).coupa);
    expect(generateDataset()).toEqual(generateDataset());
  });

  it('refuses a scale that is not a positive integer', () => {
    expect(() => generateDataset({ scale: 0 })).toThrow(RangeError);
    expect(() => generateDataset({ scale: 2.5 })).toThrow(RangeError);
  });
});

describe('the demo tenant', () => {
  const demo = generateDataset();

  it('is a consulting firm with a dozen suppliers of the usual kinds', () => {
    expect(demo.meta.company).toBe('Northwind Consulting');
    const names = demo.coupa.suppliers.map((s) => s.name);
    expect(names).toHaveLength(12);
    for (const kind of [/LLP/, /Cloud Hosting/, /Acme/, /Voyages/, /Recruiting/, /^Jordan Reyes$/])
      expect(names.some((n) => kind.test(n))).toBe(true);
    expect(names).toContain("O'Brien & Sons, LLC");
    expect(names).toContain('Société Générale Conseil S.A.');
  });

  it('has POs in several states, approved and pending invoices, one or two payments', () => {
    expect(new Set(demo.coupa.purchaseOrders.map((p) => p.status))).toEqual(new Set(['issued', 'draft', 'cancelled']));
    const statuses = demo.coupa.invoices.map((i) => i.status);
    expect(statuses).toContain('approved');
    expect(statuses).toContain('pending_approval');
    const payments = demo.coupa.invoices.flatMap((i) => i.payments ?? []);
    expect(payments.length).toBeGreaterThanOrEqual(1);
    expect(payments.length).toBeLessThanOrEqual(2);
  });

  it('has a FreshBooks with one exact-name vendor, one near-name vendor and one of its own', () => {
    const coupaNames = demo.coupa.suppliers.map((s) => s.name);
    const vendors = demo.freshbooks.vendors.map((v) => v.vendor_name);
    expect(vendors.filter((v) => coupaNames.includes(v))).toEqual(['Nimbus Cloud Hosting Inc.']);
    const near = vendors.filter((v) => !coupaNames.map(strict).includes(strict(v)) && coupaNames.some((c) => loose(c) === loose(v)));
    expect(near).toEqual(['ACME Inc']);
    const seed: FreshBooksSeed = demo.freshbooks; // the FreshBooks sandbox takes it as is
    expect(seed.vendors).toHaveLength(3);
  });

  it('loads into the Coupa sandbox with partial invoices, several per PO, and invoices without PO', () => {
    const { invoices, purchaseOrders } = loaded(demo);
    expect(invoices).toHaveLength(9);
    const poNumbers = invoices.map((i) => lines(i, 'invoice-lines')[0]!['po-number']);
    expect(poNumbers.filter((p) => p === '2402')).toHaveLength(2);
    expect(poNumbers.filter((p) => p === null).length).toBeGreaterThanOrEqual(2);
    const po2402 = purchaseOrders.find((p) => p.id === 2402)!;
    expect(lines(po2402, 'order-lines')[0]!.invoiced).toBe('4.0');
    expect(new Set(invoices.map((i) => (i.currency as WireObject).code))).toEqual(new Set(['USD', 'EUR', 'JPY']));
  });
});

describe('a generated tenant', () => {
  const data = generateDataset({ seed: 7, scale: 3000 });
  const records = loaded(data);

  it('has exactly the records asked for', () => {
    const { suppliers, purchaseOrders, invoices } = data.coupa;
    expect(suppliers.length + purchaseOrders.length + invoices.length).toBe(3000);
    expect(records.invoices).toHaveLength(invoices.length);
    expect(generateDataset({ seed: 7, suppliers: 25 }).coupa.suppliers).toHaveLength(25);
  });

  it('names suppliers with accents and punctuation, including near-duplicates', () => {
    const names = data.coupa.suppliers.map((s) => s.name);
    expect(names.some((n) => /[À-ɏ]/.test(n))).toBe(true);
    expect(names.some((n) => /[&',]/.test(n))).toBe(true);
    const byLoose = new Map<string, string[]>();
    for (const n of names) byLoose.set(loose(n), [...(byLoose.get(loose(n)) ?? []), n]);
    const families = [...byLoose.values()].filter((group) => group.length > 1);
    expect(families.length).toBeGreaterThan(0);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length); // Coupa: unique, ignoring case
  });

  it('uses several currencies (one without decimals) and Net 15/30/45 terms', () => {
    expect(new Set(data.coupa.purchaseOrders.map((p) => p.currency))).toEqual(new Set(['USD', 'CAD', 'EUR', 'GBP', 'JPY']));
    const terms = new Set(data.coupa.suppliers.map((s) => s.paymentTerm));
    for (const t of ['Net 15', 'Net 30', 'Net 45']) expect(terms.has(t)).toBe(true);
    const jpy = records.invoices.find((i) => (i.currency as WireObject).code === 'JPY')!;
    expect(jpy['gross-total']).toMatch(/^\d+$/);
  });

  it('has multi-line POs mixing quantity and amount lines, coded company-costcentre-GL', () => {
    const mixed = records.purchaseOrders.filter((p) => {
      const types = new Set(lines(p, 'order-lines').map((l) => l.type));
      return types.has('OrderQuantityLine') && types.has('OrderAmountLine');
    });
    expect(mixed.length).toBeGreaterThan(0);
    const codes = records.purchaseOrders.flatMap((p) => lines(p, 'order-lines').map((l) => (l.account as WireObject).code));
    expect(codes.every((c) => /^NW-[A-Z]+-\d{4}$/.test(String(c)))).toBe(true);
    expect(new Set(records.purchaseOrders.map((p) => p.status))).toEqual(new Set(['issued', 'closed', 'draft', 'cancelled']));
  });

  it('has partial invoices, several invoices per PO, and invoices without a PO', () => {
    const perPo = new Map<string, number>();
    let withoutPo = 0;
    for (const i of data.coupa.invoices) {
      if (i.poNumber) perPo.set(i.poNumber, (perPo.get(i.poNumber) ?? 0) + 1);
      else withoutPo += 1;
    }
    expect(withoutPo).toBeGreaterThan(0);
    expect([...perPo.values()].some((n) => n >= 2)).toBe(true);
    // Partial: an invoiced PO whose lines are not all fully invoiced after a single invoice.
    const partial = records.purchaseOrders.filter(
      (p) =>
        perPo.get(String(p['po-number'])) === 1 && lines(p, 'order-lines').some((l) => Number(l.invoiced) < Number(l.quantity ?? l.total)),
    );
    expect(partial.length).toBeGreaterThan(0);
  });

  it('has full and partial payments', () => {
    const paid = records.invoices.filter((i) => i.paid === true);
    const partlyPaid = records.invoices.filter((i) => i.paid === false && lines(i, 'payments').length > 0);
    expect(paid.length).toBeGreaterThan(0);
    expect(partlyPaid.length).toBeGreaterThan(0);
    expect(records.invoices.some((i) => lines(i, 'payments').length === 2)).toBe(true);
  });

  it('has FreshBooks vendors matching Coupa suppliers exactly and nearly', () => {
    const coupaNames = new Set(data.coupa.suppliers.map((s) => s.name));
    const vendors = data.freshbooks.vendors;
    expect(vendors.some((v) => coupaNames.has(v.vendor_name))).toBe(true);
    expect(vendors.some((v) => !coupaNames.has(v.vendor_name) && [...coupaNames].some((c) => loose(c) === loose(v.vendor_name)))).toBe(
      true,
    );
    expect(vendors.every((v) => /^[A-Z]{3}$/.test(v.currency_code))).toBe(true);
  });
});

describe('scale', () => {
  it('generates 100,000 records', () => {
    const data = generateDataset({ seed: 11, scale: 100_000 });
    expect(data.coupa.suppliers.length + data.coupa.purchaseOrders.length + data.coupa.invoices.length).toBe(100_000);
    expect(data.meta.plan).toEqual({ suppliers: 10_000, purchaseOrders: 40_500, invoices: 49_500 });
  });

  it('streams the same records it collects', () => {
    const streamed = { supplier: 0, purchaseOrder: 0, invoice: 0, freshbooksVendor: 0 };
    for (const item of iterateDataset({ seed: 11, scale: 20_000 })) streamed[item.kind] += 1;
    const data = generateDataset({ seed: 11, scale: 20_000 });
    expect(streamed).toEqual({
      supplier: data.coupa.suppliers.length,
      purchaseOrder: data.coupa.purchaseOrders.length,
      invoice: data.coupa.invoices.length,
      freshbooksVendor: data.freshbooks.vendors.length,
    });
  });
});
