import type { RouteModule } from '../app.js';
import { adminRoutes } from './admin.js';
import { metricsRoutes } from './metrics.js';
import { oauthRoutes } from './oauth.js';

/** Every route family `serve` mounts. */
export const routes: RouteModule[] = [oauthRoutes, adminRoutes, metricsRoutes];
