/**
 * The polling fallback: every interval, one incremental pass per connected tenant, queued as
 * a job like any webhook — so a missed or never-registered webhook costs latency, not data.
 */
import type { Logger } from '../log.js';
import type { Store } from '../store/db.js';
import { listCredentials } from '../store/queries/credentials.js';
import { enqueuePoll } from '../store/queries/jobs.js';
import { listTenants } from '../store/queries/tenants.js';
import { pollJob } from '../app/job-kinds.js';

export class PollScheduler {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly onQueued: () => void,
  ) {}

  /** Polls once at start (catching up on downtime), then every interval. */
  start(): void {
    if (this.intervalMs <= 0) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Queues a poll for each tenant connected on both sides that has none waiting. */
  async tick(): Promise<number> {
    let queued = 0;
    try {
      for (const tenant of await listTenants(this.store.db)) {
        const creds = await listCredentials(this.store.db, tenant.id);
        if (creds.filter((c) => c.status === 'connected').length < 2) continue;
        if (await enqueuePoll(this.store.db, { tenantId: tenant.id, ...pollJob() })) queued += 1;
      }
    } catch (err) {
      this.logger.error({ err }, 'scheduling polls failed');
    }
    if (queued > 0) this.onQueued();
    return queued;
  }
}
