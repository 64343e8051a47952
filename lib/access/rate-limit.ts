/**
 * A per-client limit on expensive requests (asking, uploading, signing in): at most `limit` in
 * any `windowMs`. In memory, for one server process.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
  ) {}

  /** Counts a request; says whether it may go ahead, and if not, how many seconds to wait. */
  take(
    client: string,
    now = Date.now(),
  ): { allowed: true } | { allowed: false; retryAfterS: number } {
    const recent = (this.hits.get(client) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(client, recent);
      return { allowed: false, retryAfterS: Math.ceil((recent[0] + this.windowMs - now) / 1000) };
    }
    recent.push(now);
    this.hits.set(client, recent);
    if (this.hits.size > 10_000) this.forgetIdle(now);
    return { allowed: true };
  }

  private forgetIdle(now: number) {
    for (const [client, times] of this.hits) {
      if (times.every((t) => now - t >= this.windowMs)) this.hits.delete(client);
    }
  }
}
