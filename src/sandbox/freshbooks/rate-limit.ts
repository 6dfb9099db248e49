/**
 * Request budget (Choice FB-16, docs/api-notes.md; FreshBooks documents none): captured responses carry
 * `X-RateLimit-Limit: 600`, `X-RateLimit-Remaining`, `X-RateLimit-Reset: <epoch s>` and
 * `Retry-After: 60`, read as 600 requests per 60 s. We choose a fixed window aligned to the
 * clock, counted per access token (a refresh starts a fresh budget), refusing with 429.
 */
interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds at which the current window ends. */
  resetAt: number;
  /** Whole seconds until then (at least 1). */
  retryAfter: number;
}

export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly windowMs: number;

  constructor(
    private readonly limit: number,
    windowSeconds: number,
    private readonly now: () => number,
  ) {
    this.windowMs = windowSeconds * 1000;
  }

  hit(key: string): RateDecision {
    const now = this.now();
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      if (this.windows.size > 10_000) this.prune(start);
      window = { start, count: 0 };
      this.windows.set(key, window);
    }
    const allowed = window.count < this.limit;
    if (allowed) window.count += 1;
    const end = start + this.windowMs;
    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, this.limit - window.count),
      resetAt: Math.ceil(end / 1000),
      retryAfter: Math.max(1, Math.ceil((end - now) / 1000)),
    };
  }

  private prune(currentStart: number): void {
    for (const [key, w] of this.windows) if (w.start !== currentStart) this.windows.delete(key);
  }
}
