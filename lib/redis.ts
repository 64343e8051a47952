/**
 * The connection to Redis (FOLIO_REDIS_URL) that instances share answers in flight and rate-limit
 * counts through. Only lib/chat/redis-answers.ts and the rate limiter's store use it.
 */
import { createClient, type RedisClientType } from '@redis/client';
import { HttpError } from './http';

export type Redis = RedisClientType;

/**
 * Why Redis could not be reached, said so that whoever set FOLIO_REDIS_URL can act; a request
 * that needed it answers 503 with this.
 */
export class RedisUnavailable extends HttpError {
  constructor(reason: string) {
    super(
      503,
      `Folio cannot reach Redis (FOLIO_REDIS_URL), which its instances share answers through: ${reason}`,
    );
    this.name = 'RedisUnavailable';
  }
}

const holder = globalThis as typeof globalThis & { folioRedis?: Redis };

/**
 * Connects to Redis, or throws RedisUnavailable saying why. Commands sent while the connection
 * is down fail at once rather than queue: a caller that cannot reach the other instances says
 * so, and the answers already running carry on in this one. The client reconnects by itself.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const client: Redis = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 5000,
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000),
    },
  });
  let lastError = '';
  client.on('error', (error: Error) => {
    // One line per outage, not one per reconnection attempt.
    if (error.message === lastError) return;
    lastError = error.message;
    console.error(`Redis: ${error.message || error.name}`);
  });
  client.on('ready', () => {
    if (lastError) console.warn('Redis is reachable again.');
    lastError = '';
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer in 5 s')), 5000);
      }),
    ]);
  } catch (error) {
    client.destroy();
    throw new RedisUnavailable((error as Error).message || String(error));
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/** Makes a connection this process's, for the modules that use Redis. */
export function shareRedis(client: Redis): void {
  holder.folioRedis = client;
}

/** This process's connection to Redis, when FOLIO_REDIS_URL is set. */
export function redis(): Redis | undefined {
  return holder.folioRedis;
}
