/**
 * Where the service is reached from outside: the webhook receivers and the FreshBooks OAuth
 * callback. The server mounts these paths; the app layer registers the URLs made from them
 * with FreshBooks and hands them to whatever pushes Coupa events — one definition for both.
 */

export const FRESHBOOKS_WEBHOOK_PATH = '/webhooks/freshbooks/:tenant';
export const COUPA_WEBHOOK_PATH = '/webhooks/coupa/:tenant';
export const FRESHBOOKS_CALLBACK_PATH = '/oauth/freshbooks/callback';

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

const forTenant = (pattern: string, tenantId: string) => pattern.replace(':tenant', encodeURIComponent(tenantId));
const base = (publicUrl: string) => publicUrl.replace(/\/+$/, '');

/** `/webhooks/freshbooks/<tenant>`, the tenant's id URL-encoded. */
export function freshbooksWebhookPath(tenantId: string): string {
  return forTenant(FRESHBOOKS_WEBHOOK_PATH, tenantId);
}

export function freshbooksWebhookUrl(publicUrl: string, tenantId: string): string {
  return base(publicUrl) + freshbooksWebhookPath(tenantId);
}

export function coupaWebhookUrl(publicUrl: string, tenantId: string): string {
  return base(publicUrl) + forTenant(COUPA_WEBHOOK_PATH, tenantId);
}
