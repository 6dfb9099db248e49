/** Prometheus text at /metrics: the queue and the inbox by state, for alerting on a backlog or dead letters. */
import { countDeliveriesByStatus } from '../../store/queries/deliveries.js';
import { countJobsByStatus } from '../../store/queries/jobs.js';
import type { RouteModule } from '../app.js';

export const metricsRoutes: RouteModule = (app, deps) => {
  app.get('/metrics', async (_request, reply) => {
    const deliveries = await countDeliveriesByStatus(deps.store.db);
    const jobs = await countJobsByStatus(deps.store.db);
    const lines = [
      '# HELP ml_connector_deliveries Webhook deliveries stored, by tenant and status.',
      '# TYPE ml_connector_deliveries gauge',
      ...deliveries.map((r) => `ml_connector_deliveries{tenant="${r.tenantId}",status="${r.status}"} ${r.count}`),
      '# HELP ml_connector_jobs Jobs in the queue, by status.',
      '# TYPE ml_connector_jobs gauge',
      ...jobs.map((r) => `ml_connector_jobs{status="${r.status}"} ${r.count}`),
      '# HELP ml_connector_uptime_seconds Seconds since this process started.',
      '# TYPE ml_connector_uptime_seconds gauge',
      `ml_connector_uptime_seconds ${Math.round(process.uptime())}`,
    ];
    return reply.type('text/plain; version=0.0.4').send(lines.join('\n') + '\n');
  });
};
