/**
 * What a Redis server did over a run, from INFO before and after: the commands it ran (those a
 * script runs included), its CPU, and its network bytes in and out (its replies and channel
 * messages).
 */
import { createClient } from '@redis/client';

export interface RedisCounts {
  /** Calls so far, by command. */
  calls: Map<string, number>;
  /** CPU seconds, user and system. */
  cpuS: number;
  netIn: number;
  netOut: number;
}

/** The server's counts so far. */
export async function redisCounts(url: string): Promise<RedisCounts> {
  const client = createClient({ url });
  await client.connect();
  try {
    const [commands, stats, cpu] = [
      await client.info('commandstats'),
      await client.info('stats'),
      await client.info('cpu'),
    ];
    const field = (name: string, info = stats) =>
      Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1]);
    return {
      calls: new Map(
        [...commands.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)].map(([, name, calls]) => [
          name,
          Number(calls),
        ]),
      ),
      cpuS: field('used_cpu_user', cpu) + field('used_cpu_sys', cpu),
      netIn: field('total_net_input_bytes'),
      netOut: field('total_net_output_bytes'),
    };
  } finally {
    client.destroy();
  }
}

/** What the server did between two counts: calls in all, the busiest commands named, bytes. */
export function redisWork(before: RedisCounts, after: RedisCounts) {
  const calls = [...after.calls].map(([name, n]) => ({
    name,
    n: n - (before.calls.get(name) ?? 0),
  }));
  return {
    calls: calls.reduce((sum, c) => sum + c.n, 0),
    busiest: calls
      .filter((c) => c.n > 0)
      .sort((a, b) => b.n - a.n)
      .slice(0, 5)
      .map((c) => `${c.name} ${c.n}`)
      .join(', '),
    cpuS: after.cpuS - before.cpuS,
    netIn: after.netIn - before.netIn,
    netOut: after.netOut - before.netOut,
  };
}
