/**
 * A month of 1,000 invoices reconciles in pages, not a call per record: the API calls it makes
 * are counted against the least that reading the month can take (each list's pages).
 */
import { describe, expect, it } from 'vitest';
import { runReconciliation } from '../../src/app/reconcile.js';
import type { HttpCall } from '../../src/providers/http.js';
import type { CoupaSeed, InvoiceSeed } from '../../src/sandbox/coupa/seed.js';
import { startWorld } from '../helpers/world.js';

const INVOICES = 1000;
const SUPPLIERS = 25;
const POS = 40;

function month(): CoupaSeed {
  const day = (n: number) => `2026-11-${String((n % 28) + 1).padStart(2, '0')}`;
  const supplier = (n: number) => `S${String((n % SUPPLIERS) + 1).padStart(2, '0')}`;
  const invoices: InvoiceSeed[] = [];
  for (let i = 0; i < INVOICES; i++) {
    const date = day(i);
    const amount = `${100 + (i % 97)}.${String(i % 100).padStart(2, '0')}`;
    const onPo = i < POS;
    invoices.push({
      supplierNumber: supplier(i),
      invoiceNumber: `NOV-${i + 1}`,
      invoiceDate: `${date}T12:00:00-07:00`,
      currency: 'USD',
      status: 'approved',
      ...(onPo ? { poNumber: String(9000 + i) } : { lines: [{ description: `Services ${i + 1}`, price: amount }] }),
      ...(i % 2 === 0 && !onPo ? { payments: [{ amount, date: `${date}T12:00:00-07:00`, notes: `ACH ${i}` }] } : {}),
      createdAt: `${date}T10:00:00Z`,
      updatedAt: `${date}T10:00:00Z`,
    });
  }
  return {
    suppliers: Array.from({ length: SUPPLIERS }, (_, n) => ({ number: supplier(n), name: `Supplier ${supplier(n)} Ltd` })),
    purchaseOrders: Array.from({ length: POS * 2 }, (_, n) => ({
      poNumber: String(9000 + n),
      supplierNumber: supplier(n),
      currency: 'USD',
      status: 'issued' as const,
      lines: [{ description: `Contract ${n}`, quantity: '1', price: '1000.00' }],
      createdAt: `${day(n)}T09:00:00Z`,
      updatedAt: `${day(n)}T09:00:00Z`,
    })),
    invoices,
  };
}

describe('reconciling a 1,000-invoice month', () => {
  it('reads it in pages: API calls close to the minimum', { timeout: 300_000 }, async () => {
    const world = await startWorld({ coupaData: month(), unlimited: true });
    try {
      await world.sync();
      const calls: HttpCall[] = [];
      const report = await runReconciliation(
        { store: world.store, vault: world.vault, tenantId: world.tenantId },
        { from: '2026-11-01', to: '2026-11-30', recorder: (c) => calls.push(c) },
      );
      expect(report.agreed).toBe(true);
      expect(report.lines.filter((l) => l.record === 'invoice')).toHaveLength(INVOICES);
      expect(report.lines.filter((l) => l.record === 'purchase-order')).toHaveLength(POS * 2);

      // The least it can take: Coupa lists 50 a page, FreshBooks 100 (bills carry their payments).
      const bills = INVOICES + POS; // an invoice's bill each, and the 40 POs still open
      const minimum = {
        coupa: Math.ceil(INVOICES / 50) + Math.ceil((POS * 2) / 50),
        freshbooks: Math.ceil(bills / 100) + Math.ceil(SUPPLIERS / 100),
      };
      const made = {
        coupa: calls.filter((c) => c.provider === 'coupa').length,
        freshbooks: calls.filter((c) => c.provider === 'freshbooks').length,
      };
      console.log(`reconcile of ${INVOICES} invoices: ${JSON.stringify(made)} calls; minimum ${JSON.stringify(minimum)}`);
      // A page-size list that ends exactly on a page costs one empty page more; a token, one call.
      expect(made.coupa).toBeLessThanOrEqual(minimum.coupa + 3);
      expect(made.freshbooks).toBeLessThanOrEqual(minimum.freshbooks + 2);
    } finally {
      await world.close();
    }
  });
});
