/**
 * Coupa's documented limit: 25 requests per second with a burst of 20, per API client.
 * A token bucket (capacity = burst, refilled at the rate) in exact integer units, so a
 * client pacing itself at exactly 25/s is never refused by rounding.
 * SIMULATOR CONTRACT (Coupa documents neither headers nor body): a refused request gets 429,
 * `Retry-After: 1` and `{"errors":{"base":["Rate limit exceeded"]}}`.
 */

export interface RateLimitOptions {
  ratePerSecond: number;
  burst: number;
}

export const COUPA_RATE_LIMIT: RateLimitOptions = { ratePerSecond: 25, burst: 20 };

interface Bucket {
  /** Tokens × 1000 (one token = 1000 units; one ms refills `ratePerSecond` units). */
  units: number;
  at: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number,
  ) {
    this.capacity = options.burst * 1000;
  }

  /** Takes one token for `key` (the OAuth client id); false when the bucket is empty. */
  take(key: string): boolean {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { units: this.capacity, at: now };
      this.buckets.set(key, bucket);
    }
    const elapsed = Math.max(0, now - bucket.at);
    bucket.units = Math.min(this.capacity, bucket.units + elapsed * this.options.ratePerSecond);
    bucket.at = now;
    if (bucket.units < 1000) return false;
    bucket.units -= 1000;
    return true;
  }
}
