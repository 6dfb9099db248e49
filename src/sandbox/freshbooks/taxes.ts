/**
 * The business's taxes (`taxes/taxes`, id key `taxid` and `id`, the same number): the names and
 * percentages a person picks for a bill line in FreshBooks. `amount` is the percentage as a
 * decimal string, like a line's `tax_percent1` (Choice FB-27, docs/api-notes.md). A new account
 * has none; the demo and tests add them through the API or the control routes.
 */
import { NotFoundError } from './errors.js';
import type { SearchField, SortField } from './search.js';
import type { AccountData, SandboxState, TaxRecord } from './state.js';
import { sqlTimestamp } from './time.js';
import { BodyReader, present, type Json } from './validation.js';

const OBJECT = 'tax';

export function getTax(account: AccountData, id: number | undefined): TaxRecord {
  const tax = id === undefined ? undefined : account.taxes.get(id);
  if (!tax) throw new NotFoundError(OBJECT, 'taxid', String(id ?? ''));
  return tax;
}

/**
 * Choice FB-58 (docs/api-notes.md): `name` and `amount` (0–100, errno 1018 otherwise) are
 * required, `number` and `compound` optional; names may repeat, as vendor names may (FB-40).
 */
export function createTax(state: SandboxState, account: AccountData, data: Json): TaxRecord {
  const r = new BodyReader(OBJECT, data);
  const name = r.string('name', { required: true, maxLength: 255 });
  const amount = r.percent('amount', { required: true });
  const fields = { number: r.string('number', { maxLength: 255 }) ?? null, compound: r.bool('compound') ?? false };
  r.throwIfErrors();
  const at = state.now();
  const tax: TaxRecord = {
    id: state.nextId('tax'),
    name: present(name ?? undefined, 'name'),
    amount: present(amount ?? undefined, 'amount'),
    ...fields,
    vis_state: 0,
    createdAt: at,
    updatedAt: at,
  };
  account.taxes.set(tax.id, tax);
  state.emit(account.accountId, 'tax.create', tax.id);
  return tax;
}

export function serializeTax(account: AccountData, t: TaxRecord) {
  return {
    taxid: t.id,
    id: t.id,
    name: t.name,
    amount: t.amount.normalize().toString(),
    number: t.number,
    compound: t.compound,
    accounting_systemid: account.accountId,
    updated: sqlTimestamp(t.updatedAt),
  };
}

export const TAX_SEARCH: SearchField<TaxRecord>[] = [
  { name: 'id', type: 'int', get: (t) => t.id, plural: 'ids' },
  { name: 'taxid', type: 'int', get: (t) => t.id, plural: 'taxids' },
  { name: 'name', type: 'string', get: (t) => t.name, like: true },
];

export const TAX_SORTS: SortField<TaxRecord>[] = [
  { name: 'id', get: (t) => t.id },
  { name: 'name', get: (t) => t.name },
];
