/**
 * Paging over FreshBooks lists: `page` from 1 and `per_page=100` (FreshBooks' cap; its default
 * is 15), until `page >= pages` or a page comes back empty. One page at a time is held.
 */
import type { QueryValue } from './http.js';
import { listOf, type Wire } from './parse.js';

const PER_PAGE = 100;

type PageFetcher = (query: Record<string, QueryValue>) => Promise<Wire>;

/** Yields the raw items of each non-empty page. */
export async function* pagesOf(fetchPage: PageFetcher, key: string, query: Record<string, QueryValue> = {}): AsyncGenerator<unknown[]> {
  for (let page = 1; ; page++) {
    const result = await fetchPage({ ...query, page, per_page: PER_PAGE });
    const items = listOf(result, key);
    if (items.length > 0) yield items;
    const pages = Number(result.pages);
    if (items.length === 0 || !Number.isFinite(pages) || page >= pages) return;
  }
}

/** Every item of every page (for small lists: categories, callbacks). */
export async function allOf<T>(pages: AsyncIterable<unknown[]>, parse: (item: unknown) => T): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) for (const item of page) out.push(parse(item));
  return out;
}

/** Maps each page through `parse`. */
export async function* mapPages<T>(pages: AsyncIterable<unknown[]>, parse: (item: unknown) => T): AsyncGenerator<T[]> {
  for await (const page of pages) yield page.map(parse);
}
