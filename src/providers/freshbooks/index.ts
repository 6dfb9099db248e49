/** The FreshBooks client's public surface. */
export { FreshBooksClient, type FreshBooksClientOptions, type RequestOptions } from './client.js';
export { FRESHBOOKS_RETRY, freshbooksTransport } from './http.js';
export { retryAfterOf } from './answers.js';
export { parseErrorBody, missingScopesFrom, type ParsedErrorBody, type FreshBooksErrorDetail } from './error-body.js';
export {
  authorizeUrl,
  exchangeCode,
  refreshAccessToken,
  parseTokenResponse,
  DEFAULT_API_URL,
  DEFAULT_AUTH_URL,
  REQUIRED_SCOPES,
  type OAuthApp,
} from './auth.js';
export {
  checkFreshBooks,
  QUICK_RETRY,
  FRESHBOOKS_READS,
  type FreshBooksCheck,
  type FreshBooksFinding,
  type FreshBooksReadiness,
} from './check.js';
export { freshbooksPort } from './port.js';
export { connectableBusinesses, parseIdentity, IDENTITY_PATH, type Business, type Identity } from './identity.js';
export { parseCallback, type Callback } from './callbacks.js';
export { PER_PAGE } from './paging.js';
export { parseBill, parseBillPayment, parseCategory, parseTax, parseVendor, type Tax } from './parse.js';
export { TAXES_SCOPE } from './taxes.js';
export {
  memoryTokenStore,
  isExpiring,
  expiresAt,
  REFRESH_MARGIN_SECONDS,
  type FreshBooksTokens,
  type FreshBooksTokenStore,
} from './tokens.js';
export * from './errors.js';
