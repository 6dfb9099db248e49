import type { RouteModule } from '../app.js';
import { oauthRoutes } from './oauth.js';

/** Every route family `serve` mounts. */
export const routes: RouteModule[] = [oauthRoutes];
