/**
 * The business's taxes, the names and percentages a bill line may carry:
 * `/accounting/account/{accountId}/taxes/taxes`, keys `tax` / `taxes`, gated by `user:taxes:read`.
 * A connection authorised before the connector asked for that scope gets a FreshBooksScopeError
 * naming it, so the caller can tell "re-authorise" from "FreshBooks failed".
 */
import type { FreshBooksClient } from './client.js';
import { FreshBooksScopeError } from './errors.js';
import { allOf, pagesOf } from './paging.js';
import { parseTax, type Tax } from './parse.js';

const PATH = 'taxes/taxes';
const TAXES_SCOPE = 'user:taxes:read';

export class TaxesResource {
  constructor(private readonly client: FreshBooksClient) {}

  /** Every tax of the business (a small list, read whole). */
  async list(): Promise<Tax[]> {
    try {
      return await allOf(
        pagesOf((q) => this.client.accounting('GET', PATH, { query: q }), 'taxes'),
        parseTax,
      );
    } catch (err) {
      // A 403 whose text names no scope is still about this one: say which, so the advice can.
      if (err instanceof FreshBooksScopeError && err.missingScopes.length === 0) {
        throw new FreshBooksScopeError({
          status: err.status,
          request: { method: err.method, path: err.path },
          missingScopes: [TAXES_SCOPE],
        });
      }
      throw err;
    }
  }
}
