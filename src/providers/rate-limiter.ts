/**
 * A request budget kept outside the client, e.g. one shared by every process of a deployment
 * (app/rate-budget.ts keeps it in the store). The clients only await their turn: how the
 * budget is kept is not their business, so providers know nothing of the store.
 */
export interface RateLimiter {
  /**
   * Resolves when the next request may be sent. Rejects, without waiting further, once
   * `signal` aborts (a job whose lease was lost stops waiting), with the signal's reason.
   */
  acquire(signal?: AbortSignal): Promise<void>;
}
