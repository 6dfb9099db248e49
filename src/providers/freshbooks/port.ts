/**
 * The FreshBooksPort the sync engine talks to, over the client. Reads of one record answer
 * undefined when FreshBooks has no such record (404 / errno 1012); every other failure is the
 * client's typed error. Deletes send `vis_state: 1` alone; updates never send vis_state.
 * A bill's payments come from the bill's embedded `bill_payments` (see bill-payments.ts).
 * `taxes()` without `user:taxes:read` fails with FreshBooksScopeError (code `freshbooks_scope`).
 */
import type { FreshBooksPort } from '../../sync/ports.js';
import type { FreshBooksClient } from './client.js';
import { FreshBooksNotFoundError } from './errors.js';

async function orUndefined<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof FreshBooksNotFoundError) return undefined;
    throw err;
  }
}

export function freshbooksPort(client: FreshBooksClient): FreshBooksPort {
  return {
    vendors: (query) => client.vendors.list(query),
    vendor: (id) => orUndefined(client.vendors.get(id)),
    createVendor: (draft) => client.vendors.create(draft),
    updateVendor: (id, draft) => client.vendors.update(id, draft),
    bills: (query) => client.bills.list(query),
    bill: (id) => orUndefined(client.bills.get(id)),
    createBill: (draft) => client.bills.create(draft),
    updateBill: (id, draft) => client.bills.update(id, draft),
    deleteBill: (id) => client.bills.delete(id),
    billPayments: (billId) => client.billPayments.forBill(billId),
    billPayment: (id) => orUndefined(client.billPayments.get(id)),
    createBillPayment: (draft) => client.billPayments.create(draft),
    deleteBillPayment: (id) => client.billPayments.delete(id),
    categories: async () => (await client.categories.list()).map(({ id, name }) => ({ id, name })),
    taxes: async () => (await client.taxes.list()).map(({ id, name, percent }) => ({ id, name, percent })),
  };
}
