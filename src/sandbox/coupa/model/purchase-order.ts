/** Purchase orders on the wire (`/api/purchase_orders`): `order-header` with `order-lines`. */
import { SHIP_TO_ADDRESS } from '../reference-data.js';
import type { OrderLineRecord, PurchaseOrderRecord } from '../types.js';
import { defineKind, list, map, obj, scalar } from './kind.js';

export const purchaseOrderKind = defineKind<PurchaseOrderRecord>('order-header', ['id', 'po-number'], {
  id: scalar('integer', (p) => p.id),
  'created-at': scalar('datetime', (p) => p.createdAt),
  'updated-at': scalar('datetime', (p) => p.updatedAt),
  'po-number': scalar('string', (p) => p.poNumber),
  status: scalar('string', (p) => p.status),
  version: scalar('integer', (p) => p.version),
  'internal-revision': scalar('integer', (p) => p.internalRevision),
  exported: scalar('boolean', (p) => p.exported),
  'last-exported-at': scalar('datetime', (p) => p.lastExportedAt),
  type: scalar('string', () => 'OrderHeader'),
  'transmission-status': scalar('string', (p) => p.transmissionStatus),
  'acknowledged-flag': scalar('boolean', () => false),
  'ship-to-attention': scalar('string', (p) => p.shipToAttention),
  'payment-method': scalar('string', () => 'invoice'),
  supplier: obj('supplier-ref', (p, { state }) => state.suppliers.get(p.supplierId) ?? null),
  currency: obj('currency', (p, { state }) => state.currencies.get(p.currencyId) ?? null),
  'payment-term': obj('payment-term', (p, { state }) => (p.paymentTermId === null ? null : state.paymentTerms.get(p.paymentTermId))),
  'ship-to-address': obj('address', () => SHIP_TO_ADDRESS),
  'order-lines': list('order-line', (p) => p.lines),
  'custom-fields': map((p) => p.customFields),
  'created-by': obj('user', (p, { state }) => state.users.get(p.createdById)),
  'updated-by': obj('user', (p, { state }) => state.users.get(p.updatedById)),
});

function header(line: OrderLineRecord, state: { purchaseOrders: Map<number, PurchaseOrderRecord> }): PurchaseOrderRecord | undefined {
  return state.purchaseOrders.get(line.orderHeaderId);
}

export const orderLineKind = defineKind<OrderLineRecord>('order-line', ['id', 'line-num'], {
  id: scalar('integer', (l) => l.id),
  'created-at': scalar('datetime', (l) => l.createdAt),
  'updated-at': scalar('datetime', (l) => l.updatedAt),
  // A string on order lines (an integer on invoice lines): Coupa's Swagger says so.
  'line-num': scalar('string', (l) => l.lineNum),
  type: scalar('string', (l) => l.type),
  description: scalar('string', (l) => l.description),
  quantity: scalar('decimal', (l) => l.quantity),
  price: scalar('decimal', (l) => l.price),
  total: scalar('decimal', (l) => l.total),
  // Choice CP-25 (docs/api-notes.md): accounting-total copies total (no exchange rates here).
  'accounting-total': scalar('decimal', (l) => l.total),
  status: scalar('string', (l, { state }) => header(l, state)?.status ?? null),
  'order-header-id': scalar('integer', (l) => l.orderHeaderId),
  'order-header-number': scalar('string', (l, { state }) => header(l, state)?.poNumber ?? null),
  'need-by-date': scalar('datetime', (l) => l.needByDate),
  received: scalar('decimal', (l) => l.received),
  invoiced: scalar('decimal', (l) => l.invoiced),
  'source-part-num': scalar('string', (l) => l.sourcePartNum),
  version: scalar('integer', (l) => l.version),
  'match-type': scalar('string', (l) => (l.type === 'OrderQuantityLine' ? '3-way' : '2-way')),
  'receipt-required': scalar('boolean', (l) => l.type === 'OrderQuantityLine'),
  uom: obj('uom', (l, { state }) => (l.uomId === null ? null : state.uoms.get(l.uomId))),
  currency: obj('currency', (l, { state }) => {
    const po = header(l, state);
    return po ? state.currencies.get(po.currencyId) : null;
  }),
  account: obj('account', (l, { state }) => (l.accountId === null ? null : state.accounts.get(l.accountId))),
  'account-allocations': list('account-allocation', () => []),
  'custom-fields': map((l) => l.customFields),
});
