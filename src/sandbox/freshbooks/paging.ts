/**
 * page / per_page as /api/parameters describes them: per_page defaults to 15 and is silently
 * capped at 100; page 0 means page 1; anything that is not a non-negative integer is refused
 * (errno 1014 InvalidPage, 1013 InvalidPerPage); a page past the end is an empty list.
 */
import { BadQueryError, ERRNO } from './errors.js';

const DEFAULT_PER_PAGE = 15;
const MAX_PER_PAGE = 100;

interface Paging {
  page: number;
  perPage: number;
}

interface PageMeta {
  page: number;
  pages: number;
  per_page: number;
  total: number;
}

const WHOLE = /^\d+$/;

export function parsePaging(query: URLSearchParams, object: string): Paging {
  const rawPage = query.get('page');
  const rawPerPage = query.get('per_page');
  let page = 1;
  let perPage = DEFAULT_PER_PAGE;
  if (rawPage !== null) {
    if (!WHOLE.test(rawPage)) {
      throw new BadQueryError({ errno: ERRNO.InvalidPage, field: 'page', message: 'Invalid page number.', object, value: rawPage });
    }
    page = Math.max(1, Number(rawPage));
  }
  if (rawPerPage !== null) {
    // Choice FB-45 (docs/api-notes.md): per_page=0 is refused like any non-positive value.
    if (!WHOLE.test(rawPerPage) || Number(rawPerPage) === 0) {
      throw new BadQueryError({
        errno: ERRNO.InvalidPerPage,
        field: 'per_page',
        message: 'Invalid per_page value.',
        object,
        value: rawPerPage,
      });
    }
    perPage = Math.min(MAX_PER_PAGE, Number(rawPerPage));
  }
  return { page, perPage };
}

export function paginate<T>(items: readonly T[], paging: Paging): { items: T[]; meta: PageMeta } {
  const start = (paging.page - 1) * paging.perPage;
  return {
    items: items.slice(start, start + paging.perPage),
    // Choice FB-46 (docs/api-notes.md): an empty result reports pages 0.
    meta: { page: paging.page, pages: Math.ceil(items.length / paging.perPage), per_page: paging.perPage, total: items.length },
  };
}

/** Query string of a request URL, parsed by hand so `search[ids][]` keeps its brackets. */
export function queryOf(url: string): URLSearchParams {
  const at = url.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : url.slice(at + 1));
}
