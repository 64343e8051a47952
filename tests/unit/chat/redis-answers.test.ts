/**
 * Answers in flight shared through a real Redis by two "instances" in one process: what one
 * writes, the other re-attaches to with the same bytes, finds busy, and stops.
 */
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActiveAnswer } from '@/lib/chat/active-answers';
import { RedisAnswers } from '@/lib/chat/redis-answers';
import type { ChatChunk } from '@/lib/chat/types';
import { connectRedis, type Redis } from '@/lib/redis';
import { startRedis, type ThrowawayRedis } from '../../support/redis';

let server: ThrowawayRedis;
const clients: Redis[] = [];
let a: RedisAnswers;
let b: RedisAnswers;
const leaseMs = 1000;

async function instance(id: string) {
  const client = await connectRedis(server.url);
  clients.push(client);
  return RedisAnswers.open(client, id, leaseMs);
}

beforeAll(async () => {
  server = await startRedis();
  a = await instance('a');
  b = await instance('b');
});

afterAll(async () => {
  a?.close();
  b?.close();
  for (const client of clients) client.destroy();
  await server?.stop();
});

const bytesOf = async (stream: ReadableStream<Uint8Array>) =>
  Buffer.from(await new Response(stream).arrayBuffer()).toString();

const delta = (n: number): ChatChunk => ({ type: 'text-delta', id: 't', delta: `word ${n} 🌊 ` });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('answers in flight through Redis', () => {
  it('re-attaches on another instance with the same bytes, from the start then live', async () => {
    const answer = new ActiveAnswer('answer-1');
    expect(await a.claim('chat-1', answer)).toBe(true);
    answer.write({ type: 'start', messageId: 'answer-1' });
    for (let n = 0; n < 5; n++) answer.write(delta(n));
    await tick();
    const there = await b.follow('chat-1');
    expect(there?.messageId).toBe('answer-1');
    const here = await a.follow('chat-1');
    for (let n = 5; n < 50; n++) {
      answer.write(delta(n));
      if (n % 7 === 0) await tick();
    }
    answer.end();
    const [remote, local] = await Promise.all([bytesOf(there!.stream), bytesOf(here!.stream)]);
    expect(remote).toBe(local);
    expect(remote).toContain('word 49');
    expect(remote.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(await b.follow('chat-1')).toBeUndefined();
  });

  it('lets Redis forget an answer whose writer never ends it', async () => {
    const answer = new ActiveAnswer('answer-8');
    expect(await a.claim('chat-8', answer)).toBe(true);
    answer.write({ type: 'start', messageId: 'answer-8' });
    answer.write(delta(0));
    await tick();
    // What a reader elsewhere replays is there, and expires (in an hour) if no end ever comes.
    expect(await clients[0].xLen('folio:answer:answer-8')).toBe(1);
    const ttl = await clients[0].ttl('folio:answer:answer-8');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3600);
    answer.end();
  });

  it('keeps a chat busy on every instance while it is written', async () => {
    const answer = new ActiveAnswer('answer-2');
    expect(await a.claim('chat-2', answer)).toBe(true);
    expect(await b.claim('chat-2', new ActiveAnswer('answer-3'))).toBe(false);
    answer.end();
    await answer.finished;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const next = new ActiveAnswer('answer-4');
    expect(await b.claim('chat-2', next)).toBe(true);
    next.end();
  });

  it('stops from another instance, answering once the writer has ended', async () => {
    const answer = new ActiveAnswer('answer-5');
    expect(await a.claim('chat-5', answer)).toBe(true);
    answer.signal.addEventListener('abort', () => setTimeout(() => answer.end(), 20));
    const started = performance.now();
    expect(await b.stop('chat-5')).toBe('answer-5');
    expect(answer.signal.aborted).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await b.stop('chat-5')).toBeUndefined();
  });

  it('keeps the chat claimed past its lease while its writer renews it', async () => {
    const answer = new ActiveAnswer('answer-6');
    expect(await a.claim('chat-6', answer)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, leaseMs * 2));
    expect(await b.claim('chat-6', new ActiveAnswer('answer-7'))).toBe(false);
    answer.end();
  });
});

describe('a reader re-attached on another instance', () => {
  it('gets each byte once, in order, when entries are added while its replay is read', async () => {
    const answer = new ActiveAnswer('answer-9');
    expect(await a.claim('chat-9', answer)).toBe(true);
    answer.write({ type: 'start', messageId: 'answer-9' });
    for (let n = 0; n < 20; n++) answer.write(delta(n));
    await tick();
    // The reading instance's replay (a script: EVALSHA): one entry is added (and published)
    // before Redis runs it, one after it answered, before the reader starts.
    const reading = clients[1] as Redis & { evalSha: Redis['evalSha'] };
    const replay = reading.evalSha.bind(reading);
    const stream = 'folio:answer:answer-9';
    const added = async (length: number) => {
      while ((await clients[0].xLen(stream)) < length) await tick();
    };
    reading.evalSha = (async (...args: Parameters<typeof replay>) => {
      reading.evalSha = replay;
      const length = await clients[0].xLen(stream);
      answer.write(delta(100));
      await added(length + 1);
      try {
        return await replay(...args);
      } finally {
        answer.write(delta(101));
        await added(length + 2);
      }
    }) as typeof replay;
    const there = await b.follow('chat-9');
    const here = await a.follow('chat-9');
    for (let n = 102; n < 130; n++) answer.write(delta(n));
    answer.end();
    const [remote, local] = await Promise.all([bytesOf(there!.stream), bytesOf(here!.stream)]);
    expect(remote).toContain('word 100 ');
    expect(remote).toContain('word 101 ');
    expect(remote).toBe(local);
  });
});

describe('an answer relayed through a slow or dropped Redis', () => {
  it('reaches readers elsewhere whole when a command times out or the connection drops', async () => {
    // node-redis fails a command it could not send within its timeout (5 s by default): here
    // 100 ms, and the writer's event loop kept busy for 150 ms, as a starved instance's is.
    const slow = createClient({
      url: server.url,
      disableOfflineQueue: true, // as lib/redis.ts makes it
      commandOptions: { timeout: 100 },
    });
    slow.on('error', () => undefined); // the drop below
    await slow.connect();
    clients.push(slow as Redis);
    const writer = await RedisAnswers.open(slow as Redis, 'slow', leaseMs);
    try {
      const answer = new ActiveAnswer('answer-10');
      expect(await writer.claim('chat-10', answer)).toBe(true);
      answer.write({ type: 'start', messageId: 'answer-10' });
      answer.write(delta(0));
      await tick();
      const there = await b.follow('chat-10');
      const here = await writer.follow('chat-10');
      await new Promise<void>((resolve) => {
        setImmediate(() => answer.write(delta(1)));
        setImmediate(() => {
          const until = performance.now() + 150;
          while (performance.now() < until);
          resolve();
        });
      });
      for (let n = 2; n < 10; n++) {
        answer.write(delta(n));
        await tick();
      }
      // Once the stream has caught up, Redis drops the writer's connection (node-redis opens it
      // again).
      const stream = 'folio:answer:answer-10';
      const lastEntry = async () =>
        (await clients[0].xRevRange(stream, '+', '-', { COUNT: 1 }))?.[0]?.message.e ?? '';
      while (!(await lastEntry()).includes('word 9 ')) await tick();
      await clients[0].clientKill({ filter: 'ID', id: await slow.clientId() });
      for (let n = 10; n < 20; n++) {
        answer.write(delta(n));
        await tick();
      }
      answer.end();
      const [remote, local] = await Promise.all([bytesOf(there!.stream), bytesOf(here!.stream)]);
      expect(remote).not.toContain('lost touch');
      expect(remote).toBe(local);
    } finally {
      writer.close();
    }
  });
});
