/** The numbers and names of the webhook receivers, in one place. */

/** Largest webhook body accepted (bytes); larger ones get 413. Real payloads carry ids only (< 1 KB). */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;

/**
 * FreshBooks signs no timestamp, so a captured delivery could be sent again at any time. Two
 * deliveries of the same (callback, event, object) inside one window of this length are one
 * delivery (the unique dedupe key refuses the second); later ones are stored and processed —
 * harmlessly, since processing fetches the object and writes nothing twice.
 */
export const FRESHBOOKS_DEDUPE_WINDOW_MS = 60_000;

/** Deliveries of a tenant waiting in status `received` above which new ones get 429. */
export const DEFAULT_INBOX_BOUND = 10_000;

/** Retry-After (seconds) sent with a 429 (inbox full) or a 503 (FreshBooks unreachable during the handshake). */
export const RETRY_AFTER_SECONDS = 60;

/**
 * The FreshBooks events each tenant registers: explicit verbs rather than the bare nouns
 * (`bill`, `bill_vendor`), so a verb FreshBooks adds later is not delivered unasked, each
 * callback is verified and shown on its own, and the documented event names are the ones used.
 */
export const FRESHBOOKS_EVENTS = [
  'bill.create',
  'bill.update',
  'bill.delete',
  'bill_vendor.create',
  'bill_vendor.update',
  'bill_vendor.delete',
] as const;

export const COUPA_EVENT_TYPES = [
  'supplier.created',
  'supplier.updated',
  'purchase_order.created',
  'purchase_order.updated',
  'invoice.created',
  'invoice.updated',
  'invoice.paid',
] as const;

export const FRESHBOOKS_WEBHOOK_PATH = '/webhooks/freshbooks/:tenant';
export const COUPA_WEBHOOK_PATH = '/webhooks/coupa/:tenant';

export function freshbooksWebhookUrl(publicUrl: string, tenantId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/webhooks/freshbooks/${encodeURIComponent(tenantId)}`;
}

export function coupaWebhookUrl(publicUrl: string, tenantId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/webhooks/coupa/${encodeURIComponent(tenantId)}`;
}
