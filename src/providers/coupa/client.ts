/**
 * The Coupa client: one object per (instance, OAuth client), wiring the shared transport with
 * Coupa's data (http.ts), the token (auth.ts) and the resources. Everything with a side effect
 * is injectable: fetch, the clock, the jitter, the call recorder, the token cache, the retry
 * policy, the pacing bucket.
 */
import type { Transport } from '../transport.js';
import { CoupaAuth } from './auth.js';
import { CoupaApi, coupaTransport, type CoupaTransportOptions } from './http.js';
import { Invoices } from './invoices.js';
import { PurchaseOrders } from './purchase-orders.js';
import { DEFAULT_COUPA_SCOPES } from './scopes.js';
import { Suppliers } from './suppliers.js';
import type { CoupaTokenCache } from './token-cache.js';

export interface CoupaClientOptions extends CoupaTransportOptions {
  clientId: string;
  clientSecret: string;
  /** Scopes to ask for; DEFAULT_COUPA_SCOPES when absent. */
  scopes?: readonly string[];
  /** Where the token is kept between calls and processes (memory only when absent). */
  cache?: CoupaTokenCache;
  /** Renew this long before the token expires (default 5 minutes). */
  renewBeforeMs?: number;
  clientAuth?: 'body' | 'basic';
}

export class CoupaClient {
  readonly transport: Transport;
  readonly auth: CoupaAuth;
  readonly api: CoupaApi;
  readonly suppliers: Suppliers;
  readonly purchaseOrders: PurchaseOrders;
  readonly invoices: Invoices;

  constructor(options: CoupaClientOptions) {
    this.transport = coupaTransport(options);
    this.auth = new CoupaAuth({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      scopes: options.scopes ?? DEFAULT_COUPA_SCOPES,
      transport: this.transport,
      cache: options.cache,
      renewBeforeMs: options.renewBeforeMs,
      clientAuth: options.clientAuth,
    });
    this.api = new CoupaApi(this.transport, this.auth);
    this.suppliers = new Suppliers(this.api);
    this.purchaseOrders = new PurchaseOrders(this.api);
    this.invoices = new Invoices(this.api);
  }

  get instanceUrl(): string {
    return this.transport.baseUrl;
  }
}
