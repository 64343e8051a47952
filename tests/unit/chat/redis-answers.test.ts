/**
 * Answers in flight shared through a real Redis by two "instances" in one process: what one
 * writes, the other re-attaches to with the same bytes, finds busy, and stops.
 */
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
