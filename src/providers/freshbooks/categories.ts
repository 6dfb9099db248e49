/**
 * Expense categories, the source of a bill line's `categoryid`:
 * `/accounting/account/{accountId}/expenses/categories[/{id}]`, keys `category` / `categories`.
 */
import type { FreshBooksClient } from './client.js';
import { allOf, pagesOf } from './paging.js';
import { objectOf, parseCategory } from './parse.js';

const PATH = 'expenses/categories';

type Category = ReturnType<typeof parseCategory>;

export class CategoriesResource {
  constructor(private readonly client: FreshBooksClient) {}

  /** Every category that is not deleted (system and custom, sub-categories with their parentId). */
  async list(): Promise<Category[]> {
    const all = await allOf(
      pagesOf((q) => this.client.accounting('GET', PATH, { query: q }), 'categories'),
      parseCategory,
    );
    return all.filter((c) => c.visState !== 1);
  }

  async get(id: string): Promise<Category> {
    return parseCategory(objectOf(await this.client.accounting('GET', `${PATH}/${encodeURIComponent(id)}`), 'category'));
  }
}
