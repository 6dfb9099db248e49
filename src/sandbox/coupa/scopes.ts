/**
 * OAuth scope names (`service.object.right`) the simulator knows, and what the connector needs.
 * Scopes are enforced per resource and verb; a write scope does not imply the read scope
 * (Coupa grants each separately).
 */

export const SCOPES = {
  commonRead: 'core.common.read',
  supplierRead: 'core.supplier.read',
  supplierWrite: 'core.supplier.write',
  purchaseOrderRead: 'core.purchase_order.read',
  purchaseOrderWrite: 'core.purchase_order.write',
  invoiceRead: 'core.invoice.read',
  invoiceWrite: 'core.invoice.write',
  invoiceCreate: 'core.invoice.create',
  invoiceDelete: 'core.invoice.delete',
} as const;

/** Every scope a client may be granted here (others are "unknown" to the token endpoint). */
export const KNOWN_SCOPES: readonly string[] = [
  ...Object.values(SCOPES),
  'core.invoice.approval.write',
  'core.invoice.approval.bypass',
  'core.accounting.read',
  'core.accounting.write',
  'core.integration.read',
  'core.integration.write',
  'core.pay.payments.read',
  'core.pay.payments.write',
  'openid',
  'email',
  'profile',
  'login',
  'offline_access',
];

/** What ml-connector needs: read everything it syncs, write invoices (payments) and export flags. */
export const CONNECTOR_SCOPES: readonly string[] = [
  SCOPES.commonRead,
  SCOPES.supplierRead,
  SCOPES.supplierWrite,
  SCOPES.purchaseOrderRead,
  SCOPES.purchaseOrderWrite,
  SCOPES.invoiceRead,
  SCOPES.invoiceWrite,
  SCOPES.invoiceCreate,
  SCOPES.invoiceDelete,
];
