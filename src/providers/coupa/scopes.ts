/**
 * The OAuth scopes each call of the client needs (Coupa names them `service.object.right`;
 * see docs/api-notes.md#coupa-auth). The default request is exactly what the sync flows use: least
 * privilege, and `ping` can then say precisely which one is missing.
 */
export const SCOPES = {
  supplierRead: 'core.supplier.read',
  purchaseOrderRead: 'core.purchase_order.read',
  /** Marking a PO exported (`?exported=true`) is the PO "Export" permission, under write. */
  purchaseOrderWrite: 'core.purchase_order.write',
  invoiceRead: 'core.invoice.read',
  /** Recording payments (`PUT /api/invoices/{id}`) and marking invoices exported. */
  invoiceWrite: 'core.invoice.write',
} as const;

/**
 * What the flows need. `core.common.read` (currencies, payment terms…) is left out on
 * purpose: no call of this client reads those lookups, the codes come embedded in the
 * records. Pass `--scopes` to ask for more.
 */
export const DEFAULT_COUPA_SCOPES: readonly string[] = [
  SCOPES.supplierRead,
  SCOPES.purchaseOrderRead,
  SCOPES.purchaseOrderWrite,
  SCOPES.invoiceRead,
  SCOPES.invoiceWrite,
];

const SCOPE_NAME = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/;

/** Splits "a b", "a,b" or "a, b" into scope names; throws a message naming the bad one. */
export function parseScopes(input: string): string[] {
  const scopes = input
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = scopes.find((s) => !SCOPE_NAME.test(s));
  if (bad !== undefined) throw new Error(`'${bad}' is not a Coupa scope name (they look like core.invoice.read)`);
  return [...new Set(scopes)];
}

/** The scopes in `needed` that `granted` lacks. */
export function missingScopes(needed: readonly string[], granted: readonly string[]): string[] {
  const have = new Set(granted);
  return needed.filter((s) => !have.has(s));
}
