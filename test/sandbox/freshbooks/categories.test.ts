/** Expense categories: the default list, sorted by name, id == categoryid, sub-categories. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers.js';

describe('FreshBooks sandbox expense categories', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('pages the default list 15 at a time, sorted by name', async () => {
    const res = await h.acct('GET', 'expenses/categories');
    expect(res.status).toBe(200);
    const { categories, ...meta } = res.body.response.result;
    expect(meta).toEqual({ page: 1, pages: 5, per_page: 15, total: 62 });
    expect(categories).toHaveLength(15);
    const all = (await h.acct('GET', 'expenses/categories?per_page=100')).body.response.result.categories;
    const names = all.map((c: any) => c.category);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b, 'en')));
    for (const c of all) {
      expect(c.id).toBe(c.categoryid);
      expect(c).toMatchObject({ is_editable: false, vis_state: 0 });
      expect(c.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
    const gas = all.find((c: any) => c.category === 'Gas');
    const parent = all.find((c: any) => c.id === gas.parentid);
    expect(parent.category).toBe('Car & Truck Expenses');
    expect(parent.parentid).toBeNull();
    expect(all.filter((c: any) => c.is_cogs).map((c: any) => c.category)).toContain('Cost of Goods Sold');
  });

  it('reads one category, 404 for an unknown one, and filters by name', async () => {
    const list = (await h.acct('GET', 'expenses/categories?search[category_like]=office')).body.response.result.categories;
    expect(list.map((c: any) => c.category)).toEqual(['Office Expenses & Postage', 'Office Space', 'Office Supplies']);
    const one = await h.acct('GET', `expenses/categories/${list[0].id}`);
    expect(one.body.response.result.category).toEqual(list[0]);
    const missing = await h.acct('GET', 'expenses/categories/1');
    expect(missing.status).toBe(404);
  });

  it('needs user:expenses:read', async () => {
    const narrow = h.fb.control.issueTokens({ scopes: ['user:bills:read'] });
    const res = await fetch(`${h.fb.url}/accounting/account/NWCo01/expenses/categories`, {
      headers: { authorization: `Bearer ${narrow.access_token}` },
    });
    expect(res.status).toBe(403);
  });
});
