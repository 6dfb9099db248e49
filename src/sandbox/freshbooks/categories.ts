/**
 * Expense categories: the system list every business starts with (source of a bill line's
 * `categoryid`). Captured lists are sorted by name, system categories are not editable, sub-
 * categories carry `parentid`, and `id == categoryid`. Read-only here (the Python SDK marks
 * create/update/delete unavailable).
 */
import { mustGet } from '../guards.js';
import type { SearchField, SortField } from './search.js';
import type { AccountData, CategoryRecord, SandboxState } from './state.js';
import { sqlTimestamp } from './time.js';

const TREE: Array<[name: string, children: string[], isCogs?: boolean]> = [
  ['Advertising', []],
  ['Car & Truck Expenses', ['Gas', 'Mileage', 'Repairs', 'Vehicle Insurance', 'Vehicle Licenses']],
  ['Contractors', []],
  ['Cost of Goods Sold', ['Direct Labour', 'Freight In', 'Materials', 'Subcontractors'], true],
  ['Education and Training', []],
  ['Employee Benefits', ['Accident Insurance', 'Dental Insurance', 'Health Insurance', 'Life Insurance', 'Retirement Plans']],
  ['Meals and Entertainment', ['Entertainment', 'Restaurants/Dining']],
  [
    'Office Expenses & Postage',
    ['Hardware', 'Office Supplies', 'Packaging', 'Postage', 'Printing', 'Shipping & Couriers', 'Software', 'Stationery'],
  ],
  [
    'Other Expenses',
    [
      'Bank Fees',
      'Business Insurance',
      'Commissions',
      'Depreciation',
      'Interest - Mortgage',
      'Interest - Other',
      'Online Services',
      'Reference Materials',
      'Repairs & Maintenance',
      'Subscriptions/Dues/Memberships',
      'Taxes & Licenses',
      'Wages',
    ],
  ],
  ['Personal', []],
  ['Professional Services', ['Accounting', 'Legal Fees']],
  ['Rent or Lease', ['Equipment', 'Machinery', 'Office Space', 'Vehicles']],
  ['Supplies', []],
  ['Travel', ['Airfare', 'Hotel/Lodging/Accommodation', 'Taxi & Parking']],
  ['Utilities', ['Gas & Electrical', 'Phone']],
];

/** Gives the account its system categories, ids ascending in name order so both orders agree. */
export function seedCategories(state: SandboxState, account: AccountData): void {
  const entries: Array<{ name: string; parent: string | null; isCogs: boolean }> = [];
  for (const [name, children, isCogs = false] of TREE) {
    entries.push({ name, parent: null, isCogs });
    for (const child of children) entries.push({ name: child, parent: name, isCogs });
  }
  entries.sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const ids = new Map<string, number>();
  for (const e of entries) ids.set(e.name, state.nextId('category'));
  const at = state.now();
  for (const e of entries) {
    const id = mustGet(ids, e.name, 'category');
    account.categories.set(id, {
      id,
      category: e.name,
      parentid: e.parent === null ? null : mustGet(ids, e.parent, 'parent category'),
      is_cogs: e.isCogs,
      is_editable: false,
      vis_state: 0,
      createdAt: at,
      updatedAt: at,
    });
  }
}

export function serializeCategory(c: CategoryRecord) {
  return {
    category: c.category,
    categoryid: c.id,
    id: c.id,
    parentid: c.parentid,
    is_cogs: c.is_cogs,
    is_editable: c.is_editable,
    vis_state: c.vis_state,
    created_at: sqlTimestamp(c.createdAt),
    updated_at: sqlTimestamp(c.updatedAt),
  };
}

export const CATEGORY_SEARCH: SearchField<CategoryRecord>[] = [
  { name: 'id', type: 'int', get: (c) => c.id, plural: 'ids' },
  { name: 'categoryid', type: 'int', get: (c) => c.id, plural: 'categoryids' },
  { name: 'category', type: 'string', get: (c) => c.category, like: true },
  { name: 'parentid', type: 'int', get: (c) => c.parentid },
  { name: 'vis_state', type: 'int', get: (c) => c.vis_state },
];

export const CATEGORY_SORTS: SortField<CategoryRecord>[] = [
  { name: 'category', get: (c) => c.category },
  { name: 'id', get: (c) => c.id },
];
