/** `/api/suppliers`: index (paged by id), show. Needs core.supplier.read. */
import type { Supplier } from '../../core/records.js';
import type { CoupaQuery } from '../../sync/ports.js';
import { Collection, filtersOf } from './collection.js';
import type { CoupaApi } from './http.js';
import { parseSupplier } from './parse.js';
import { SCOPES } from './scopes.js';

export class Suppliers extends Collection<Supplier> {
  constructor(api: CoupaApi) {
    super(api, { path: '/api/suppliers', noun: 'supplier', readScope: SCOPES.supplierRead, parse: parseSupplier });
  }

  /** Pages in id order; `updatedAfter` → `updated-at[gt]`, `statuses` → `status[in]`. */
  async *list(query?: CoupaQuery): AsyncIterable<Supplier[]> {
    yield* this.pages(filtersOf(query), query?.afterId);
  }

  /** The highest id the query's filters match (for a progress estimate). */
  highest(query?: CoupaQuery): Promise<string | undefined> {
    return this.highestId(filtersOf(query));
  }
}
