import type { RouteModule } from '../app.js';
import { webhookRoutes } from '../webhooks/index.js';
import { adminRoutes } from './admin.js';
import { metricsRoutes } from './metrics.js';
import { oauthRoutes } from './oauth.js';

interface RouteOptions {
  /** Deliveries waiting per tenant before webhooks are answered 429 (default 10 000). */
  inboxBound?: number;
}

/** Every route family `serve` mounts. */
export function routes(options: RouteOptions = {}): RouteModule[] {
  return [
    oauthRoutes,
    webhookRoutes(options.inboxBound !== undefined ? { inboxBound: options.inboxBound } : {}),
    adminRoutes,
    metricsRoutes,
  ];
}
