/**
 * What every Coupa collection shares: paging and the query operators the sync uses.
 *
 * Paging is by id, not offset: `order_by=id&dir=asc&limit=50&id[gt]=<last id seen>`. Offset
 * paging skips records when the result set shifts under it (a record leaving an
 * `exported=false` or `updated-at[gt]` window while the pages are read, docs/api-notes.md#coupa-paging-and-filters);
 * an id cursor neither skips nor repeats, whatever changes meanwhile. A record updated after
 * its page was read is picked up by the next incremental pass (its `updated-at` moved).
 */
import { compareIds, isIsoDate } from '../../core/records.js';
import type { CoupaQuery } from '../../sync/ports.js';
import { isRecord } from '../json.js';
import { CoupaInputError, CoupaNotFoundError, CoupaResponseError } from './errors.js';
import type { CoupaApi, Query } from './http.js';
import { listOf } from './parse.js';

/** Coupa's maximum (and default) page size. */
const PAGE_SIZE = 50;

interface CollectionSpec<T> {
  /** '/api/suppliers' */
  path: string;
  /** 'supplier', for messages. */
  noun: string;
  readScope: string;
  parse: (raw: unknown) => T;
}

/** A Coupa id as the API takes it: digits only, so it can go into a path unescaped. */
export function checkId(id: string, noun: string): string {
  const trimmed = id.trim();
  if (!/^\d+$/.test(trimmed)) {
    throw new CoupaInputError(
      `'${id.slice(0, 40)}' is not a Coupa ${noun} id.`,
      'Coupa ids are whole numbers, e.g. 8819; use the id, not the number shown to people.',
    );
  }
  return trimmed;
}

/** An instant for `updated-at[gt]`: must parse, sent as given (its offset kept; `+` and `:` are encoded on the wire). */
function checkInstant(value: string): string {
  if (Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new CoupaInputError(
      `'${value}' is not an ISO-8601 instant for updated-at[gt].`,
      'Use e.g. 2024-04-01T00:00:00Z or 2024-04-01T02:16:48+03:00.',
    );
  }
  return value;
}

/** A 'YYYY-MM-DD' day moved by whole days (the invoice-date filter's margin for the instance's offset). */
function shiftDay(day: string, days: number): string {
  if (!isIsoDate(day)) throw new CoupaInputError(`'${day}' is not a date for invoice-date.`, 'Use YYYY-MM-DD, e.g. 2026-11-30.');
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The filters of a CoupaQuery as Coupa query parameters. */
export function filtersOf(query: CoupaQuery | undefined, expandStatus: (s: string[]) => string[] = (s) => s): [string, string][] {
  const out: [string, string][] = [];
  if (query?.updatedAfter !== undefined) out.push(['updated-at[gt]', checkInstant(query.updatedAfter)]);
  if (query?.statuses !== undefined) {
    const statuses = [...new Set(expandStatus(query.statuses.map((s) => s.trim()).filter(Boolean)))];
    if (statuses.length === 0)
      throw new CoupaInputError('An empty status list matches nothing.', 'Leave statuses out to get every status, or name at least one.');
    const bad = statuses.find((s) => !/^[a-z_]+$/i.test(s));
    if (bad !== undefined)
      throw new CoupaInputError(`'${bad}' is not a Coupa status.`, 'Statuses are words like approved, issued or soft_closed.');
    out.push(['status[in]', statuses.join(',')]);
  }
  if (query?.supplierId !== undefined) out.push(['supplier[id]', checkId(query.supplierId, 'supplier')]);
  if (query?.invoiceDate?.from !== undefined) out.push(['invoice-date[gt_or_eq]', shiftDay(query.invoiceDate.from, -1)]);
  if (query?.invoiceDate?.to !== undefined) out.push(['invoice-date[lt]', shiftDay(query.invoiceDate.to, 2)]);
  return out;
}

function maxId(ids: string[]): string | undefined {
  return ids.reduce<string | undefined>((max, id) => (max === undefined || compareIds(id, max) > 0 ? id : max), undefined);
}

function rawId(raw: unknown): string | undefined {
  const id = isRecord(raw) ? raw.id : undefined;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
  if (typeof id === 'string' && /^\d+$/.test(id)) return id;
  return undefined;
}

export class Collection<T> {
  constructor(
    protected readonly api: CoupaApi,
    protected readonly spec: CollectionSpec<T>,
  ) {}

  /** Pages of records in id order, `PAGE_SIZE` at a time, by `id[gt]` (from after `afterId` when given). */
  async *pages(filters: Query = [], afterId?: string): AsyncIterable<T[]> {
    let after = afterId === undefined ? undefined : checkId(afterId, this.spec.noun);
    for (;;) {
      const query: Query = [
        ...filters,
        ['order_by', 'id'],
        ['dir', 'asc'],
        ['limit', PAGE_SIZE],
        ...(after !== undefined ? ([['id[gt]', after]] as const) : []),
      ];
      const raw = listOf(
        await this.api.call({ method: 'GET', path: this.spec.path, query, scope: this.spec.readScope, what: `${this.spec.noun} list` }),
        `the ${this.spec.noun} list`,
      );
      const page = raw.map((r) => this.spec.parse(r));
      if (page.length > 0) yield page;
      if (raw.length < PAGE_SIZE) return;
      const ids = raw.map(rawId).filter((id) => id !== undefined);
      // Every record must have an id to page past it; without one, paging cannot move on.
      const last = ids.length === raw.length ? maxId(ids) : undefined;
      if (last === undefined || (after !== undefined && compareIds(last, after) <= 0)) {
        // Without this, a server ignoring id[gt] would be asked for the same page forever.
        throw new CoupaResponseError(`the ${this.spec.noun} list`, `paging by id[gt]=${after ?? '(start)'} did not move forward`);
      }
      after = last;
    }
  }

  /**
   * The highest id matching the filters: one `order_by=id&dir=desc&limit=1` read (Coupa
   * documents `dir`), undefined when nothing matches.
   */
  async highestId(filters: Query = []): Promise<string | undefined> {
    const raw = listOf(
      await this.api.call({
        method: 'GET',
        path: this.spec.path,
        query: [...filters, ['order_by', 'id'], ['dir', 'desc'], ['limit', 1]],
        scope: this.spec.readScope,
        what: `${this.spec.noun} list`,
      }),
      `the ${this.spec.noun} list`,
    );
    return raw.length === 0 ? undefined : rawId(raw[0]);
  }

  /** One record by id, or undefined when Coupa has none (404). */
  async get(id: string): Promise<T | undefined> {
    const raw = await this.getRaw(id).catch((err: unknown) => {
      if (err instanceof CoupaNotFoundError) return undefined;
      throw err;
    });
    return raw === undefined ? undefined : this.spec.parse(raw);
  }

  /** The record's JSON as Coupa sent it (404 → CoupaNotFoundError). */
  async getRaw(id: string): Promise<unknown> {
    const checked = checkId(id, this.spec.noun);
    return this.api.call({
      method: 'GET',
      path: `${this.spec.path}/${checked}`,
      scope: this.spec.readScope,
      what: `${this.spec.noun} ${checked}`,
    });
  }

  /** One `limit=1` read, for `ping`: the records that came back (0 or 1), parsed (proves they can be read). */
  async probe(): Promise<T[]> {
    const raw = listOf(
      await this.api.call({
        method: 'GET',
        path: this.spec.path,
        query: [['limit', 1]],
        scope: this.spec.readScope,
        what: `${this.spec.noun} list`,
      }),
      `the ${this.spec.noun} list`,
    );
    return raw.map((r) => this.spec.parse(r));
  }

  /**
   * `PUT {path}/{id}?exported=true` with no body: its own request, as Coupa ignores other
   * changes sent with it (docs/api-notes.md#coupa-the-resources-we-use). Idempotent, so retried like a read.
   */
  protected async putExported(id: string, writeScope: string): Promise<void> {
    const checked = checkId(id, this.spec.noun);
    await this.api.call({
      method: 'PUT',
      path: `${this.spec.path}/${checked}`,
      query: [['exported', 'true']],
      scope: writeScope,
      what: `${this.spec.noun} ${checked}`,
    });
  }
}
