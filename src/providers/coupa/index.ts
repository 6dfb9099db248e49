/** The Coupa client's public surface. */
export { CoupaClient, createCoupaClient, type CoupaClientOptions } from './client.js';
export { CoupaAuth, findRefusedScopes, RENEW_BEFORE_MS, type IssuedToken } from './auth.js';
export { COUPA_PACE, DEFAULT_TIMEOUT_MS, sharedBucket, coupaTransport, type Query } from './http.js';
export { checkCoupa, QUICK_RETRY, type CoupaCheck, type CoupaFinding, type CoupaReadiness } from './check.js';
export { coupaPort } from './port.js';
export { DEFAULT_COUPA_SCOPES, SCOPES, parseScopes, missingScopes } from './scopes.js';
export { PAGE_SIZE } from './collection.js';
export * from './errors.js';
export { parseInvoice, parsePurchaseOrder, parseSupplier } from './parse.js';
