/**
 * The accounting routes, one pattern for every resource:
 *   GET  /accounting/account/{accountId}/{path}        list  → {"response":{"result":{"<plural>":[…],page,pages,per_page,total}}}
 *   GET  /accounting/account/{accountId}/{path}/{id}   one   → {"response":{"result":{"<singular>":{…}}}}
 *   POST /accounting/account/{accountId}/{path}        body {"<singular>":{…}}
 *   PUT  /accounting/account/{accountId}/{path}/{id}   body {"<singular>":{…}}; vis_state 1 deletes, 2 archives
 * Choice FB-24 (docs/api-notes.md): a create answers 200.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { serializeBill, serializePayment } from './bill-json.js';
import { createPayment, getPayment, PAYMENT_SEARCH, PAYMENT_SORTS, updatePayment } from './bill-payments.js';
import { BILL_SORTS, billSearchFields, createBill, getBill, updateBill } from './bills.js';
import { CATEGORY_SEARCH, CATEGORY_SORTS, serializeCategory } from './categories.js';
import { NotFoundError } from './errors.js';
import { paginate, parsePaging, queryOf } from './paging.js';
import { searchAndSort, type SearchField, type SortField } from './search.js';
import type { AccountData, BillPaymentRecord, BillRecord, CategoryRecord, SandboxState, TaxRecord, VendorRecord } from './state.js';
import { createTax, getTax, serializeTax, TAX_SEARCH, TAX_SORTS } from './taxes.js';
import { pathId, unwrap, type Json } from './validation.js';
import { createVendor, getVendor, serializeVendor, updateVendor, VENDOR_SEARCH, VENDOR_SORTS } from './vendors.js';

interface ResourceSpec<R extends { vis_state: number }> {
  path: string;
  singular: string;
  plural: string;
  readScope: string;
  writeScope?: string;
  all: (account: AccountData) => Iterable<R>;
  get: (account: AccountData, id: number | undefined) => R;
  create?: (account: AccountData, data: Json) => R;
  update?: (account: AccountData, id: number | undefined, data: Json) => R;
  search: (account: AccountData, now: number) => readonly SearchField<R>[];
  sorts: readonly SortField<R>[];
  id: (record: R) => number;
  serialize: (account: AccountData, record: R, query: URLSearchParams) => unknown;
}

/** `include[]=vendor` (repeated `include[]` keys, as the SDKs send them). */
const includes = (query: URLSearchParams, name: string) => query.getAll('include[]').includes(name);

export function registerAccountingRoutes(app: FastifyInstance, state: SandboxState): void {
  const now = () => state.now();
  const vendors: ResourceSpec<VendorRecord> = {
    path: 'bill_vendors/bill_vendors',
    singular: 'bill_vendor',
    plural: 'bill_vendors',
    readScope: 'user:bill_vendors:read',
    writeScope: 'user:bill_vendors:write',
    all: (a) => a.vendors.values(),
    get: getVendor,
    create: (a, d) => createVendor(state, a, d),
    update: (a, id, d) => updateVendor(state, a, id, d),
    search: () => VENDOR_SEARCH,
    sorts: VENDOR_SORTS,
    id: (v) => v.vendorid,
    serialize: (a, v) => serializeVendor(a, v, now()),
  };
  const bills: ResourceSpec<BillRecord> = {
    path: 'bills/bills',
    singular: 'bill',
    plural: 'bills',
    readScope: 'user:bills:read',
    writeScope: 'user:bills:write',
    all: (a) => a.bills.values(),
    get: getBill,
    create: (a, d) => createBill(state, a, d),
    update: (a, id, d) => updateBill(state, a, id, d),
    search: billSearchFields,
    sorts: BILL_SORTS,
    id: (b) => b.id,
    // Choice FB-25 (docs/api-notes.md): `vendor` is embedded only with include[]=vendor.
    serialize: (a, b, q) => serializeBill(a, b, now(), { includeVendor: includes(q, 'vendor') }),
  };
  const payments: ResourceSpec<BillPaymentRecord> = {
    path: 'bill_payments/bill_payments',
    singular: 'bill_payment',
    plural: 'bill_payments',
    readScope: 'user:bill_payments:read',
    writeScope: 'user:bill_payments:write',
    all: (a) => a.payments.values(),
    get: getPayment,
    create: (a, d) => createPayment(state, a, d),
    update: (a, id, d) => updatePayment(state, a, id, d),
    search: () => PAYMENT_SEARCH,
    sorts: PAYMENT_SORTS,
    id: (p) => p.id,
    serialize: (_a, p) => serializePayment(p),
  };
  const categories: ResourceSpec<CategoryRecord> = {
    path: 'expenses/categories',
    singular: 'category',
    plural: 'categories',
    // Choice FB-09 (docs/api-notes.md): user:expenses:read gates categories.
    readScope: 'user:expenses:read',
    all: (a) => a.categories.values(),
    get: (a, id) => {
      const c = id === undefined ? undefined : a.categories.get(id);
      if (!c) throw new NotFoundError('category', 'categoryid', String(id ?? ''));
      return c;
    },
    search: () => CATEGORY_SEARCH,
    sorts: CATEGORY_SORTS,
    id: (c) => c.id,
    serialize: (_a, c) => serializeCategory(c),
  };
  const taxes: ResourceSpec<TaxRecord> = {
    path: 'taxes/taxes',
    singular: 'tax',
    plural: 'taxes',
    // Choice FB-58 (docs/api-notes.md): user:taxes:read lists and reads, user:taxes:write creates.
    readScope: 'user:taxes:read',
    writeScope: 'user:taxes:write',
    all: (a) => a.taxes.values(),
    get: getTax,
    create: (a, d) => createTax(state, a, d),
    search: () => TAX_SEARCH,
    sorts: TAX_SORTS,
    id: (t) => t.id,
    serialize: (a, t) => serializeTax(a, t),
  };
  register(app, state, vendors);
  register(app, state, bills);
  register(app, state, payments);
  register(app, state, categories);
  register(app, state, taxes);
}

type Params = { accountId: string; id: string };

function register<R extends { vis_state: number }>(app: FastifyInstance, state: SandboxState, spec: ResourceSpec<R>): void {
  const base = `/accounting/account/:accountId/${spec.path}`;
  const read = { config: { freshbooks: { scopes: [spec.readScope], account: true } } };
  const write = { config: { freshbooks: { scopes: [spec.writeScope ?? spec.readScope], account: true } } };
  const one = (req: FastifyRequest<{ Params: Params }>, record: R) => ({
    response: { result: { [spec.singular]: spec.serialize(state.account(req.params.accountId), record, queryOf(req.url)) } },
  });

  // Plain (not async) handlers: Fastify sends what they return and answers what they throw.
  app.get<{ Params: Params }>(base, read, (req) => {
    const account = state.account(req.params.accountId);
    const query = queryOf(req.url);
    const paging = parsePaging(query, spec.singular);
    const found = searchAndSort(spec.all(account), query, {
      fields: spec.search(account, state.now()),
      sorts: spec.sorts,
      object: spec.singular,
      id: spec.id,
    });
    const { items, meta } = paginate(found, paging);
    return { response: { result: { [spec.plural]: items.map((r) => spec.serialize(account, r, query)), ...meta } } };
  });
  app.get<{ Params: Params }>(`${base}/:id`, read, (req) => one(req, spec.get(state.account(req.params.accountId), pathId(req.params.id))));
  if (spec.create) {
    const create = spec.create;
    app.post<{ Params: Params }>(base, write, (req) =>
      one(req, create(state.account(req.params.accountId), unwrap(req.body, spec.singular))),
    );
  }
  if (spec.update) {
    const update = spec.update;
    app.put<{ Params: Params }>(`${base}/:id`, write, (req) => {
      const account = state.account(req.params.accountId);
      // 404 for an unknown id comes before complaints about the body.
      spec.get(account, pathId(req.params.id));
      return one(req, update(account, pathId(req.params.id), unwrap(req.body, spec.singular)));
    });
  }
}
