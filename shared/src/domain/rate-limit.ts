/** A token bucket with an injected clock, so limits are testable without timers. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token; false means the caller is over its limit. */
  take(now: number, cost = 1): boolean {
    const elapsedMs = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsedMs * this.ratePerSecond) / 1000);
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}
