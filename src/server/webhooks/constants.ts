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

/** The push types the Coupa endpoint takes. */
export const COUPA_EVENT_TYPES = [
  'supplier.created',
  'supplier.updated',
  'purchase_order.created',
  'purchase_order.updated',
  'invoice.created',
  'invoice.updated',
  'invoice.paid',
] as const;
