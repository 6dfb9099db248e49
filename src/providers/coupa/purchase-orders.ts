/**
 * `/api/purchase_orders`: index (paged by id), show, by number, mark exported. Reads need
 * core.purchase_order.read; marking exported needs core.purchase_order.write.
 */
import type { PurchaseOrder } from '../../core/records.js';
import type { CoupaQuery } from '../../sync/ports.js';
import { Collection, filtersOf } from './collection.js';
import { CoupaInputError } from './errors.js';
import type { CoupaApi } from './http.js';
import { listOf, parsePurchaseOrder } from './parse.js';
import { SCOPES } from './scopes.js';

/** Coupa spells it both ways (docs/api-notes.md#coupa-the-resources-we-use): a filter on one asks for both. */
function bothCancelledSpellings(statuses: string[]): string[] {
  const out = [...statuses];
  if (out.includes('cancelled') || out.includes('canceled')) out.push('cancelled', 'canceled');
  return out;
}

export class PurchaseOrders extends Collection<PurchaseOrder> {
  constructor(api: CoupaApi) {
    super(api, { path: '/api/purchase_orders', noun: 'purchase order', readScope: SCOPES.purchaseOrderRead, parse: parsePurchaseOrder });
  }

  /** Pages in id order; `updatedAfter` → `updated-at[gt]`, `statuses` → `status[in]`. */
  async *list(query?: CoupaQuery): AsyncIterable<PurchaseOrder[]> {
    yield* this.pages(filtersOf(query, bothCancelledSpellings), query?.afterId);
  }

  /** The highest id the query's filters match (for a progress estimate). */
  highest(query?: CoupaQuery): Promise<string | undefined> {
    return this.highestId(filtersOf(query, bothCancelledSpellings));
  }

  /** The PO with exactly this `po-number`, or undefined. */
  async byNumber(poNumber: string): Promise<PurchaseOrder | undefined> {
    const wanted = poNumber.trim();
    if (wanted === '' || wanted.length > 40)
      throw new CoupaInputError(`'${poNumber.slice(0, 40)}' is not a PO number.`, 'PO numbers are 1–20 characters, e.g. 2400.');
    const raw = listOf(
      await this.api.call({
        method: 'GET',
        path: '/api/purchase_orders',
        query: [
          ['po-number', wanted],
          ['limit', 2],
        ],
        scope: SCOPES.purchaseOrderRead,
        what: `purchase order ${wanted}`,
      }),
      `the purchase orders numbered ${wanted}`,
    );
    // The filter is exact in Coupa; the check guards against a server treating it loosely.
    return raw.map(parsePurchaseOrder).find((po) => po.poNumber === wanted);
  }

  markExported(id: string): Promise<void> {
    return this.putExported(id, SCOPES.purchaseOrderWrite);
  }
}
