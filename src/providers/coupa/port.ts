/** The sync engine's view of Coupa (`CoupaPort`), implemented by the client's resources. */
import type { CoupaPort } from '../../sync/ports.js';
import type { CoupaClient } from './client.js';

export function coupaPort(client: CoupaClient): CoupaPort {
  const { suppliers, purchaseOrders, invoices } = client;
  return {
    suppliers: (query) => suppliers.list(query),
    supplier: (id) => suppliers.get(id),
    purchaseOrders: (query) => purchaseOrders.list(query),
    purchaseOrder: (id) => purchaseOrders.get(id),
    purchaseOrderByNumber: (poNumber) => purchaseOrders.byNumber(poNumber),
    invoices: (query) => invoices.list(query),
    invoice: (id) => invoices.get(id),
    recordPayment: async (draft, options) => (await invoices.recordPayment(draft, options)).invoice,
    markExported: (kind, id) => (kind === 'purchase_order' ? purchaseOrders.markExported(id) : invoices.markExported(id)),
    highestId: (collection, query) =>
      collection === 'suppliers'
        ? suppliers.highest(query)
        : collection === 'purchase-orders'
          ? purchaseOrders.highest(query)
          : invoices.highest(query),
  };
}
