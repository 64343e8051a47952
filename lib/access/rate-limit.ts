/**
 * A per-client limit on expensive requests (asking, uploading, searching, signing in): at most
 * `limit` in any `windowMs`, per key. The key says whom a request counts against (gate.ts makes
 * it from the action and the client); the counts live in this process, or in Redis when
 * FOLIO_REDIS_URL is set, so that every instance counts a client's requests once between them.
 */
import { randomUUID } from 'node:crypto';
import { type Redis, redis } from '@/lib/redis';

export type Verdict = { allowed: true } | { allowed: false; retryAfterS: number };

export interface RateLimits {
  /** Counts a request under `key`; says whether it may go ahead, and if not, how long to wait. */
  take(key: string, limit: number, windowMs: number): Promise<Verdict>;
}

/** Counts in this process's memory: exact for one instance. */
export class MemoryRateLimits implements RateLimits {
  private readonly hits = new Map<string, number[]>();

  async take(key: string, limit: number, windowMs: number, now = Date.now()): Promise<Verdict> {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < windowMs);
    if (recent.length >= limit) {
      this.hits.set(key, recent);
      return { allowed: false, retryAfterS: Math.ceil((recent[0] + windowMs - now) / 1000) };
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.forgetIdle(now, windowMs);
    return { allowed: true };
  }

  private forgetIdle(now: number, windowMs: number) {
    for (const [key, times] of this.hits) {
      if (times.every((t) => now - t >= windowMs)) this.hits.delete(key);
    }
  }
}

/**
 * The same sliding window as a sorted set of request times per key, checked and added to in one
 * script, on Redis's clock, so that instances neither race nor disagree on the time.
 */
const slidingWindow = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return tonumber(oldest[2]) + window - now
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 0`;

/**
 * Counts in Redis for every instance. While Redis cannot be reached, this instance counts on its
 * own: a client may then make its allowance once per instance, rather than every client be
 * refused.
 */
export class RedisRateLimits implements RateLimits {
  private readonly fallback = new MemoryRateLimits();

  constructor(private readonly client: Redis) {}

  async take(key: string, limit: number, windowMs: number): Promise<Verdict> {
    let waitMs: number;
    try {
      waitMs = Number(
        await this.client.eval(slidingWindow, {
          keys: [`folio:rate:${key}`],
          arguments: [String(windowMs), String(limit), randomUUID()],
        }),
      );
    } catch {
      return this.fallback.take(key, limit, windowMs);
    }
    return waitMs > 0
      ? { allowed: false, retryAfterS: Math.ceil(waitMs / 1000) }
      : { allowed: true };
  }
}

const holder = globalThis as typeof globalThis & { folioRateLimits?: RateLimits };

/** The counts: in Redis when start-up connected to it, in this process otherwise. */
export function rateLimits(): RateLimits {
  const client = redis();
  holder.folioRateLimits ??= client ? new RedisRateLimits(client) : new MemoryRateLimits();
  return holder.folioRateLimits;
}
