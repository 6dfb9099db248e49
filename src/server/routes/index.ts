import type { RouteModule } from '../app.js';

/** Every route family `serve` mounts. */
export const routes: RouteModule[] = [];
