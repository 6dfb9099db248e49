/**
 * `/api/purchase_orders`: index, show, PUT/PATCH (`?exported=true` alone, or a few header
 * fields), and the status actions `issue`, `cancel`, `close`, `reopen`.
 */
import type { FastifyInstance } from 'fastify';
import { asText } from '../../guards.js';
import { CoupaApiError } from '../errors.js';
import { guarded } from '../guard.js';
import { purchaseOrderKind } from '../model/purchase-order.js';
import {
  cancelPurchaseOrder,
  closePurchaseOrder,
  issuePurchaseOrder,
  reopenPurchaseOrder,
  setPurchaseOrderExported,
  updatePurchaseOrderFields,
} from '../ops/purchase-orders.js';
import { bodyObject, readCustomFields } from '../payments.js';
import { SCOPES } from '../scopes.js';
import type { CoupaState } from '../state.js';
import type { PurchaseOrderRecord } from '../types.js';
import { answerWrite, exportedParam, numericId, registerReads, type ResourceSpec, type RouteDeps } from './common.js';

const purchaseOrdersSpec: ResourceSpec<PurchaseOrderRecord> = {
  path: 'purchase_orders',
  element: 'order-header',
  kind: purchaseOrderKind,
  readScope: SCOPES.purchaseOrderRead,
  records: (state: CoupaState) => state.purchaseOrders,
};

const ACTIONS = {
  issue: issuePurchaseOrder,
  cancel: cancelPurchaseOrder,
  close: closePurchaseOrder,
  reopen: reopenPurchaseOrder,
} as const;

export function registerPurchaseOrderRoutes(app: FastifyInstance, deps: RouteDeps): void {
  registerReads(app, deps, purchaseOrdersSpec);

  const update = guarded(deps, SCOPES.purchaseOrderWrite, async (req, reply, call) => {
    const id = numericId(call.params.id);
    if (!deps.state.purchaseOrders.has(id)) throw CoupaApiError.notFound();
    const exported = exportedParam(req.url);
    let po: PurchaseOrderRecord;
    if (exported !== undefined) {
      // Coupa: the export mark is its own request; other fields sent with it are ignored.
      po = setPurchaseOrderExported(deps.state, id, exported, { actor: 'api' });
    } else {
      const body = bodyObject(req.body, ['order-header', 'purchase-order']);
      // Choice CP-38 (docs/api-notes.md): only ship-to-attention and custom fields change; the rest is ignored.
      po = updatePurchaseOrderFields(
        deps.state,
        id,
        {
          ...('ship-to-attention' in body && {
            shipToAttention: body['ship-to-attention'] == null ? null : asText(body['ship-to-attention']),
          }),
          customFields: readCustomFields(body['custom-fields'], 'purchase_order'),
        },
        { actor: 'api' },
      );
    }
    return answerWrite(reply, call, req.url, deps, purchaseOrdersSpec, po);
  });
  app.put('/api/purchase_orders/:id', update);
  app.patch('/api/purchase_orders/:id', update);

  for (const [action, op] of Object.entries(ACTIONS)) {
    app.put(
      `/api/purchase_orders/:id/${action}`,
      guarded(deps, SCOPES.purchaseOrderWrite, async (req, reply, call) => {
        const po = op(deps.state, numericId(call.params.id), { actor: 'api' });
        return answerWrite(reply, call, req.url, deps, purchaseOrdersSpec, po);
      }),
    );
  }
}
