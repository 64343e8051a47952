import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRateLimits, RedisRateLimits } from '@/lib/access/rate-limit';
import { connectRedis, type Redis } from '@/lib/redis';
import { startRedis, type ThrowawayRedis } from '../../support/redis';

describe('rate limits in memory', () => {
  it('allow `limit` requests in a window, then say how long to wait', async () => {
    const limits = new MemoryRateLimits();
    for (let i = 0; i < 3; i++)
      expect(await limits.take('k', 3, 60_000, 1000 + i)).toEqual({ allowed: true });
    expect(await limits.take('k', 3, 60_000, 2000)).toEqual({ allowed: false, retryAfterS: 59 });
    expect(await limits.take('other', 3, 60_000, 2000)).toEqual({ allowed: true });
    expect(await limits.take('k', 3, 60_000, 61_001)).toEqual({ allowed: true });
  });
});

describe('rate limits in Redis', () => {
  let server: ThrowawayRedis;
  const clients: Redis[] = [];
  beforeAll(async () => {
    server = await startRedis();
    for (let i = 0; i < 2; i++) clients.push(await connectRedis(server.url));
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.stop();
  });

  it('count a client once for all instances', async () => {
    const [a, b] = clients.map((client) => new RedisRateLimits(client));
    const taken = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).take('ask:198.51.100.7', 6, 60_000)),
    );
    expect(taken.filter((v) => v.allowed)).toHaveLength(6);
    const refused = await b.take('ask:198.51.100.7', 6, 60_000);
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterS).toBeGreaterThan(55);
    expect((await a.take('ask:198.51.100.8', 6, 60_000)).allowed).toBe(true);
  });

  it('count in this instance alone while Redis cannot be reached', async () => {
    const limits = new RedisRateLimits(clients[0]);
    await server.stop();
    const taken = [];
    for (let i = 0; i < 3; i++) taken.push(await limits.take('upload:203.0.113.1', 2, 60_000));
    expect(taken.map((v) => v.allowed)).toEqual([true, true, false]);
  });
});
