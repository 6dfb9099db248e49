/**
 * Table types for Kysely. Times are epoch milliseconds (integers on both stores); JSON
 * columns are text; booleans are 0/1, so one query works on SQLite and PostgreSQL alike.
 */
import type { Generated } from 'kysely';

export type Provider = 'coupa' | 'freshbooks';
export type ConnectionStatus = 'connected' | 'needs_reauth' | 'error';

export interface TenantsTable {
  id: string;
  created_at: number;
  /** JSON: per-tenant sync settings (category mapping, cost-centre segment, …). */
  settings: string;
}

export interface DataKeysTable {
  tenant_id: string;
  /** Which master key wrapped this data key (a short hash of the key, never the key). */
  kek_id: string;
  wrapped: string;
  created_at: number;
  rotated_at: number | null;
}

export interface CredentialsTable {
  tenant_id: string;
  provider: Provider;
  /** The secrets, sealed with the tenant's data key. */
  sealed: string;
  /** Bumped on every write: a compare-and-swap guard for token refresh. */
  version: number;
  status: ConnectionStatus;
  last_error: string | null;
  /** JSON of what is not secret: instance URL, account id, scopes, token expiry. */
  meta: string;
  updated_at: number;
}

/** A vendor about to be created (migration 007): removed when its link is saved. */
export interface VendorIntentsTable {
  tenant_id: string;
  supplier_id: string;
  vendor_name: string;
  /** JSON: the vendor fields the create sends. */
  coupa_fields: string;
  created_at: number;
}

/** A dry run's plan or a pass's report (migration 009). */
export interface SyncRunsTable {
  id: Generated<number>;
  tenant_id: string;
  kind: 'plan' | 'sync' | 'reconciliation';
  /** JSON: sync/outcome.ts's Outcome. */
  outcome: string;
  /** 0: the pass stopped half-way. */
  complete: Generated<number>;
  created_at: number;
}

export interface VendorLinksTable {
  tenant_id: string;
  supplier_id: string;
  vendor_id: string;
  /** JSON: the vendor fields as last read from Coupa (only Coupa's changes are written). */
  coupa_fields: string | null;
  source_updated_at: string | null;
  created_at: number;
  updated_at: number;
}

export interface PoLinksTable {
  tenant_id: string;
  po_number: string;
  po_id: string;
  supplier_id: string;
  vendor_id: string | null;
  /** The bill holding the PO's open commitment; null while nothing is open. */
  bill_id: string | null;
  tag: string | null;
  fingerprint: string | null;
  /** What the bill held when the connector last wrote or read it (a change means a person edited it). */
  bill_hash: string | null;
  version: number | null;
  source_updated_at: string | null;
  /** An invoice taking over the PO's paid bill: set before the bill is rewritten, cleared after. */
  taken_over_by: string | null;
  /** 0/1: its invoiced lines changed; its bill is settled again. */
  needs_settle: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface InvoiceLinksTable {
  tenant_id: string;
  invoice_id: string;
  invoice_number: string;
  supplier_id: string;
  vendor_id: string | null;
  bill_id: string | null;
  tag: string | null;
  /** The PO whose paid bill this invoice took over. */
  po_slot: string | null;
  fingerprint: string | null;
  bill_hash: string | null;
  source_updated_at: string | null;
  created_at: number;
  updated_at: number;
}

export interface InvoicedLinesTable {
  tenant_id: string;
  invoice_id: string;
  line_index: number;
  po_number: string;
  order_line_num: string | null;
  /** Exact decimal. */
  amount: string;
}

export interface PaymentLinksTable {
  id: Generated<number>;
  tenant_id: string;
  invoice_id: string;
  /** "invoice id:payment id" (or ":header"); null for a FreshBooks payment not on Coupa (yet). */
  coupa_key: string | null;
  bill_payment_id: string | null;
  bill_id: string;
  /** Who made it: 'coupa' (written to FreshBooks), 'freshbooks' (written to Coupa), 'matched' (entered on both by hand). */
  origin: string;
  amount: string;
  paid_date: string;
  /** 'live', 'reversed' (a Coupa reversal removed its FreshBooks copy), 'deleted' (deleted in FreshBooks). */
  state: string;
  created_at: number;
  updated_at: number;
}

export interface AllocationsTable {
  id: Generated<number>;
  tenant_id: string;
  invoice_id: string;
  invoice_number: string;
  bill_payment_id: string;
  cost_centre: string | null;
  amount: string;
  currency: string;
  paid_date: string;
  created_at: number;
}

export interface AttentionItemsTable {
  id: string;
  tenant_id: string;
  record_kind: string;
  record_id: string;
  label: string;
  code: string;
  message: string;
  action: string;
  /** 'retrying' (failing, within the retry budget), 'open' (a person is needed), 'resolved'. */
  status: string;
  attempts: Generated<number>;
  /** For a failing record: the version (Coupa updated-at) that failed; a newer one is tried again. */
  source_updated_at: string | null;
  first_seen_at: number;
  last_seen_at: number;
  resolved_at: number | null;
}

export interface CursorsTable {
  tenant_id: string;
  side: Provider;
  resource: string;
  value: string;
  updated_at: number;
}

export interface AuditEventsTable {
  id: Generated<number>;
  tenant_id: string | null;
  delivery_id: string | null;
  kind: string;
  /** JSON, already redacted. */
  detail: string;
  at: number;
}

export const DELIVERY_STATUSES = ['received', 'processed', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export type JobStatus = 'pending' | 'running' | 'done' | 'dead';

export interface DeliveriesTable {
  id: string;
  tenant_id: string;
  /** 'freshbooks' | 'coupa' for webhooks, 'poll' for the polling scheduler. */
  source: string;
  /** Duplicates of one delivery share this key; the unique index refuses them. */
  dedupe_key: string;
  event: string;
  object_type: string;
  object_id: string;
  /** JSON, secrets redacted. */
  headers: string;
  body: string;
  remote_addr: string | null;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  received_at: number;
  processed_at: number | null;
}

export interface JobsTable {
  id: Generated<number>;
  tenant_id: string;
  kind: string;
  /** Jobs with the same key run one at a time, in id order. */
  record_key: string;
  delivery_id: string | null;
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export type OAuthStatePurpose = 'authorize' | 'choose_business';

export interface OAuthStatesTable {
  /** The random `state` of an authorize URL, or the id of a grant waiting for a business choice. */
  state: string;
  tenant_id: string;
  provider: Provider;
  purpose: OAuthStatePurpose;
  client_id: string;
  redirect_uri: string;
  auth_url: string;
  api_url: string;
  /** The business chosen when the URL was made (or null: the only one). */
  account_id: string | null;
  /** Sealed by the vault: the client secret, and the tokens of a waiting grant. */
  sealed: string;
  created_at: number;
  expires_at: number;
  /** Set when the state is spent: each one is used at most once. */
  used_at: number | null;
}

export interface ReviewsTable {
  id: string;
  tenant_id: string;
  supplier_id: string;
  supplier_name: string;
  /** 'near' (same name once punctuation, accents and legal suffixes go) or 'ambiguous' (several exact matches). */
  reason: string;
  /** JSON: [{ vendorId, name }] for a supplier; [{ billId, billNumber, issueDate, total, currency, why }] for a bill. */
  candidates: string;
  status: 'open' | 'resolved';
  /** JSON: { action: 'link' | 'create', vendorId } for a supplier; { action, billId } for a bill. */
  resolution: string | null;
  /** 'supplier': which vendor a supplier is; 'bill': which hand-keyed bill an invoice is (migration 008). */
  kind: Generated<'supplier' | 'bill'>;
  invoice_id: string | null;
  /** JSON for a bill review: { invoiceNumber, invoiceDate, total, currency }. */
  invoice: string | null;
  created_at: number;
  resolved_at: number | null;
}

export interface LocksTable {
  key: string;
  owner: string;
  expires_at: number;
}

/** A request budget shared by every process on the store (migration 011; see queries/rate-budgets.ts). */
export interface RateBudgetsTable {
  provider: Provider;
  /** Whose budget: a Coupa instance's origin, a tenant id for FreshBooks. */
  subject: string;
  /** GCRA's theoretical arrival time, epoch ms: the budget is fully spent until then. */
  tat: number;
}

export interface FreshBooksCallbacksTable {
  tenant_id: string;
  /** FreshBooks' callbackid, as text. */
  callback_id: string;
  event: string;
  uri: string;
  /** The verifier sealed by the vault (the HMAC key of the callback's deliveries); null until verified. */
  verifier_sealed: string | null;
  /** 0/1: FreshBooks accepted the verifier we sent back. */
  verified: number;
  created_at: number;
  verified_at: number | null;
  updated_at: number;
}

export interface CoupaPushSecretsTable {
  id: string;
  tenant_id: string;
  /** The `whsec_…` secret sealed by the vault. */
  sealed: string;
  created_at: number;
  /** Null for the current secret; a previous one is accepted until this time. */
  expires_at: number | null;
}

export interface WebhookEndpointsTable {
  tenant_id: string;
  /** The public URL `webhooks register` was last run with (no trailing slash). */
  public_url: string;
  updated_at: number;
}

export interface Database {
  tenants: TenantsTable;
  data_keys: DataKeysTable;
  credentials: CredentialsTable;
  vendor_links: VendorLinksTable;
  vendor_intents: VendorIntentsTable;
  sync_runs: SyncRunsTable;
  po_links: PoLinksTable;
  invoice_links: InvoiceLinksTable;
  invoiced_lines: InvoicedLinesTable;
  payment_links: PaymentLinksTable;
  allocations: AllocationsTable;
  attention_items: AttentionItemsTable;
  cursors: CursorsTable;
  audit_events: AuditEventsTable;
  deliveries: DeliveriesTable;
  jobs: JobsTable;
  oauth_states: OAuthStatesTable;
  reviews: ReviewsTable;
  locks: LocksTable;
  rate_budgets: RateBudgetsTable;
  freshbooks_callbacks: FreshBooksCallbacksTable;
  coupa_push_secrets: CoupaPushSecretsTable;
  webhook_endpoints: WebhookEndpointsTable;
}
