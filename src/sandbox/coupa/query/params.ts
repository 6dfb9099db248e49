/**
 * The query string as Coupa's Rails stack reads it: form-decoded (so an unencoded `+` becomes
 * a space), keys like `updated-at[gt]` or `order-lines[account][code]` kept whole, and the
 * reserved arguments (paging, sorting, shaping) set apart from the filters.
 */

interface QueryArgs {
  limit?: string;
  offset?: string;
  orderBy?: string;
  dir?: string;
  fields?: string;
  returnObject?: string;
  /** Everything else: attribute filters, in order. */
  filters: Array<[string, string]>;
}

const RESERVED: Record<string, keyof Omit<QueryArgs, 'filters'> | 'ignored'> = {
  limit: 'limit',
  offset: 'offset',
  order_by: 'orderBy',
  'order-by': 'orderBy',
  dir: 'dir',
  fields: 'fields',
  return_object: 'returnObject',
  'return-object': 'returnObject',
  // Choice CP-21 (docs/api-notes.md): no saved API response filters here, so `filter=` is ignored.
  filter: 'ignored',
  // Deleted lines are not kept by the simulator; the flag is accepted and has no effect.
  show_deleted_lines: 'ignored',
};

export function queryArgs(url: string): QueryArgs {
  const q = url.indexOf('?');
  const args: QueryArgs = { filters: [] };
  if (q < 0) return args;
  for (const [key, value] of new URLSearchParams(url.slice(q + 1))) {
    const reserved = RESERVED[key];
    if (reserved === 'ignored') continue;
    if (reserved) args[reserved] = value;
    else args.filters.push([key, value]);
  }
  return args;
}

/** `order-lines[account][code]` → ["order-lines", "account", "code"]; undefined if malformed. */
export function splitKey(key: string): string[] | undefined {
  const [, head, brackets] = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key) ?? [];
  if (head === undefined) return undefined;
  const rest = brackets ? [...brackets.matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1] ?? '') : [];
  return [head, ...rest];
}

/** Query and body names may use underscores; the wire uses hyphens. */
export function hyphenate(name: string): string {
  return name.replace(/_/g, '-');
}
