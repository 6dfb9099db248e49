/**
 * Everything one sync pass (or one webhook job) works with, passed to each flow.
 */
import type { CategoryMapping } from '../core/bill-mapping.js';
import { AppError } from '../lib/errors.js';
import { systemClock, type Clock } from '../lib/clock.js';
import type { Store } from '../store/db.js';
import { FreshBooksIndex } from './freshbooks-index.js';
import { LinkBook } from './link-book.js';
import type { CoupaPort, FreshBooksPort } from './ports.js';
import { emptyReport, note, type Flow, type SyncReport } from './report.js';
import { withRecordLock } from './record-lock.js';
import { categoryMapping, type TenantSettings } from './settings.js';

/** A write the connector made, for the audit trail of the delivery or run that caused it. */
export interface WriteEvent {
  flow: Flow;
  action: 'create' | 'update' | 'delete' | 'link' | 'record-payment' | 'mark-exported' | 'queue-review';
  linkKind: string;
  coupaId: string;
  freshbooksId: string | null;
}

export interface SyncDeps {
  tenantId: string;
  store: Store;
  coupa: CoupaPort;
  freshbooks: FreshBooksPort;
  settings: TenantSettings;
  clock?: Clock;
  onProgress?: (flow: Flow, processed: number) => void;
  onWrite?: (event: WriteEvent) => void;
}

export class NoCategoryError extends AppError {
  constructor() {
    super(
      'no_category',
      'FreshBooks lists no expense categories, so bill lines have no category to go to.',
      'Create one in FreshBooks, or set one with `ml-connector tenant settings --default-category ID`.',
    );
  }
}

/** Names tried, in order, when no default category is configured. */
const DEFAULT_CATEGORY_NAMES = ['Other Expenses', 'Miscellaneous', 'Office Expenses & Postage'];

export class SyncContext {
  readonly tenantId: string;
  readonly store: Store;
  readonly coupa: CoupaPort;
  readonly freshbooks: FreshBooksPort;
  readonly settings: TenantSettings;
  readonly clock: Clock;
  readonly links: LinkBook;
  readonly fb: FreshBooksIndex;
  readonly report: SyncReport = emptyReport();
  private resolvedMapping: CategoryMapping | undefined;

  constructor(private readonly deps: SyncDeps) {
    this.tenantId = deps.tenantId;
    this.store = deps.store;
    this.coupa = deps.coupa;
    this.freshbooks = deps.freshbooks;
    this.settings = deps.settings;
    this.clock = deps.clock ?? systemClock;
    this.links = new LinkBook(deps.store.db, deps.tenantId);
    this.fb = new FreshBooksIndex(deps.freshbooks);
  }

  /** Runs `fn` holding this tenant's lease on one record (see record-lock.ts). */
  lock<T>(record: string, fn: () => Promise<T>): Promise<T> {
    return withRecordLock(this.store, `${this.tenantId}:${record}`, fn);
  }

  progress(flow: Flow, processed: number): void {
    this.deps.onProgress?.(flow, processed);
  }

  wrote(event: WriteEvent): void {
    this.deps.onWrite?.(event);
  }

  /** The category mapping; without a configured default, one is chosen from FreshBooks and reported. */
  async mapping(): Promise<CategoryMapping> {
    if (this.resolvedMapping) return this.resolvedMapping;
    let id = this.settings.categoryMapping.defaultCategoryId;
    if (!id) {
      const categories = await this.fb.categories();
      const chosen =
        DEFAULT_CATEGORY_NAMES.map((n) => categories.find((c) => c.name.toLowerCase() === n.toLowerCase())).find(Boolean) ?? categories[0];
      if (!chosen) throw new NoCategoryError();
      id = chosen.id;
      note(
        this.report,
        'purchase-orders',
        `No default expense category is set; using FreshBooks category '${chosen.name}' (${chosen.id}). Set one with \`ml-connector tenant settings --default-category ID\`.`,
      );
    }
    this.resolvedMapping = categoryMapping(this.settings, id);
    return this.resolvedMapping;
  }
}
