/**
 * Everything one sync pass (or one webhook job) works with, passed to each flow.
 */
import type { AttentionItem, AttentionRecord } from '../core/attention.js';
import type { CategoryMapping } from '../core/bill-mapping.js';
import type { LineTax } from '../core/records.js';
import { AppError } from '../lib/errors.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { FreshBooksIndex } from './freshbooks-index.js';
import type { ProgressEstimate } from './estimate.js';
import type { CoupaPort, FreshBooksPort } from './ports.js';
import { emptyReport, needsPerson, note, type Flow, type SyncReport } from './report.js';
import { categoryMapping, type TenantSettings } from './settings.js';
import type { SyncState } from './state.js';

/**
 * A write the connector made, for the audit trail of the delivery or run that caused it; or,
 * as 'skip-before-start', a document it deliberately left out (older than the tenant's start
 * date), announced so a plan or a report can list it — it is not a write and is not audited as one.
 */
export interface WriteEvent {
  flow: Flow;
  action: 'create' | 'update' | 'delete' | 'link' | 'record-payment' | 'mark-exported' | 'queue-review' | 'attention' | 'skip-before-start';
  linkKind: string;
  coupaId: string;
  freshbooksId: string | null;
  /** The record as a person reads it ("invoice INV-7 (Acme)"). */
  label?: string;
  /** The money the write moves (a bill's total, a payment), exact, in `currency`. */
  amount?: string;
  currency?: string;
  /** What a controller should read beside it: why a person is needed, an adopted bill's differing amount. */
  detail?: string;
}

/** Whether an event is a real write (what an audit trail keeps). */
export function isWrite(event: WriteEvent): boolean {
  return event.action !== 'skip-before-start';
}

export interface SyncDeps {
  tenantId: string;
  state: SyncState;
  coupa: CoupaPort;
  freshbooks: FreshBooksPort;
  settings: TenantSettings;
  clock?: Clock;
  /** After each record; `estimate`: how far the flow is, when it can be told (estimate.ts). */
  onProgress?: (flow: Flow, processed: number, estimate?: ProgressEstimate) => void;
  onWrite?: (event: WriteEvent) => void;
}

class NoCategoryError extends AppError {
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
  readonly state: SyncState;
  readonly coupa: CoupaPort;
  readonly freshbooks: FreshBooksPort;
  readonly settings: TenantSettings;
  readonly clock: Clock;
  readonly fb: FreshBooksIndex;
  readonly report: SyncReport = emptyReport();
  private resolvedMapping: CategoryMapping | undefined;
  private businessTaxes: Promise<readonly LineTax[]> | undefined;

  constructor(private readonly deps: SyncDeps) {
    this.tenantId = deps.tenantId;
    this.state = deps.state;
    this.coupa = deps.coupa;
    this.freshbooks = deps.freshbooks;
    this.settings = deps.settings;
    this.clock = deps.clock ?? systemClock;
    this.fb = new FreshBooksIndex(deps.freshbooks);
  }

  /** Runs `fn` holding this tenant's lease on one record (across processes). */
  lock<T>(record: string, fn: () => Promise<T>): Promise<T> {
    return this.state.lock(record, fn);
  }

  /** Whether anyone shows progress (an estimate costs a Coupa read per flow: polls skip it). */
  get showsProgress(): boolean {
    return this.deps.onProgress !== undefined;
  }

  progress(flow: Flow, processed: number, estimate?: ProgressEstimate): void {
    this.deps.onProgress?.(flow, processed, estimate);
  }

  wrote(event: WriteEvent): void {
    this.deps.onWrite?.(event);
  }

  /** Tells a person (attention list and this pass's report); nothing is written for the record. */
  async needsPerson(flow: Flow, item: AttentionItem): Promise<void> {
    await this.state.raise(item);
    needsPerson(this.report, flow, item);
    this.wrote({
      flow,
      action: 'attention',
      linkKind: item.record.kind,
      coupaId: item.record.id,
      freshbooksId: null,
      label: item.record.label,
      detail: `${item.message} ${item.action}`,
    });
  }

  /** The record synced as it should: whatever it was waiting on a person for is over. */
  async settled(record: Pick<AttentionRecord, 'kind' | 'id'>, codes?: readonly string[]): Promise<void> {
    await this.state.settle(record, codes);
  }

  /**
   * The FreshBooks business's taxes, read once a pass and only when an invoice has a tax.
   * Without permission to read them (a connection authorised before the connector asked for
   * `user:taxes:read`), tax is written as a line of its own, which is exact, and the pass says so.
   */
  async taxes(): Promise<readonly LineTax[]> {
    this.businessTaxes ??= this.freshbooks.taxes().catch((err: unknown) => {
      if (!(err instanceof AppError) || err.code !== 'freshbooks_scope') throw err;
      note(
        this.report,
        'invoices',
        `FreshBooks did not allow reading the business's taxes (${err.message}); invoice tax is written as a line of its own. ${err.hint ?? ''}`.trim(),
      );
      return [];
    });
    return this.businessTaxes;
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
