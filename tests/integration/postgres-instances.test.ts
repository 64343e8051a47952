/**
 * Two real Folio instances on different ports over one throwaway PostgreSQL and one throwaway
 * Redis: an answer written on A is re-attached to, stopped and found busy on B; an instance
 * killed mid-answer or mid-ingest leaves its work to the other once its lease has run out; and
 * restarting one never touches the other's answers.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, createChat, uploadFiles } from '../support/api';
import { createTestDatabase } from '../support/backends';
import { answerCompletion } from '../support/completions';
import {
  askAndWaitForText,
  drain,
  lastAnswer,
  readToTheEndOnce,
  startInstance,
  waitFor,
} from '../support/instances';
import { type OpenAIStub, startOpenAIStub } from '../support/openai-stub';
import { buildQuarryLedgerPdf } from '../support/pdf';
import { freePort } from '../support/ports';
import { startRedis, type ThrowawayRedis } from '../support/redis';
import { type FolioServer, startFolio } from '../support/server';
import { joinedText, uiParts } from '../support/ui-stream';

const leaseS = 2;
/**
 * Requests of each kind a client may make a minute, counted across both instances: more than the
 * cases before the last ask, search or upload, which then uses up the searches.
 */
const rateLimit = 20;
const guide = `# Tide tables

High tide at Skerry Point comes fifty minutes later each day.
The harbour dries out completely at spring low tide.
`;
const longAnswer = Array.from(
  { length: 60 },
  (_, i) => `Sentence ${i + 1} about the tides at Skerry Point [1].`,
).join(' ');
/** An answer that streams for about six seconds. */
const slowly = { text: answerCompletion(longAnswer), chunkSize: 8, delayMs: 20 };

let redis: ThrowawayRedis;
let stub: OpenAIStub;
let databaseUrl: string;
let a: FolioServer;
let b: FolioServer;

const instance = () =>
  startInstance({ databaseUrl, redisUrl: redis.url, modelUrl: stub.url }, leaseS, {
    FOLIO_RATE_LIMIT_PER_MINUTE: String(rateLimit),
  });

beforeAll(async () => {
  redis = await startRedis();
  stub = await startOpenAIStub();
  databaseUrl = await createTestDatabase();
  a = await instance();
  b = await instance();
  await uploadFiles(a.url, [{ name: 'tides.md', content: guide }]);
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await stub?.close();
  await redis?.stop();
});

describe('two instances sharing answers through Redis', () => {
  it('refuse to start when Redis cannot be reached, saying which and why', async () => {
    const closedPort = await freePort();
    const failure = await startFolio({
      backend: 'postgres',
      databaseUrl,
      env: { FOLIO_REDIS_URL: `redis://127.0.0.1:${closedPort}` },
    }).catch((error: Error) => error);
    expect(String(failure)).toMatch(
      new RegExp(`Folio cannot start: cannot use Redis at redis://127.0.0.1:${closedPort}`),
    );
  });

  it('say so on /api/health', async () => {
    const health = await (await fetch(`${b.url}/api/health`)).json();
    expect(health.instance).toMatchObject({
      answersSharedWith: 'all instances',
      redis: 'reachable',
    });
  });

  it('serve any request from either: a document uploaded on A is found and opened on B, whose search had cached the term', async () => {
    const search = async (url: string) =>
      (await (await fetch(`${url}/api/search?q=cormorant`)).json()) as {
        passages: Array<{ documentName: string }>;
      };
    expect((await search(b.url)).passages).toEqual([]);
    const content = '# Birds\n\nA cormorant dries its wings on the harbour wall.\n';
    const { body } = await uploadFiles(a.url, [{ name: 'birds.md', content }]);
    const id = body.documents[0].id as string;
    expect((await search(b.url)).passages.map((p) => p.documentName)).toEqual(['birds.md']);
    const file = await fetch(`${b.url}/api/documents/${id}/file`);
    expect(await file.text()).toBe(content);
  });

  it('re-attach on B to an answer written on A with the same bytes, from its start', async () => {
    const { id } = await createChat(a.url);
    stub.enqueue(slowly);
    const onA = await ask(a.url, id, 'Tell me about the tides');
    const readerA = onA.body!.getReader();
    const first = await readerA.read();
    const onB = await fetch(`${b.url}/api/chats/${id}/stream`);
    expect(onB.status).toBe(200);
    expect(onB.headers.get('content-type')).toBe(onA.headers.get('content-type'));
    const [bytesA, bytesB] = await Promise.all([
      (async () => {
        const chunks = [first.value!];
        for (;;) {
          const { done, value } = await readerA.read();
          if (done) return Buffer.concat(chunks);
          chunks.push(value);
        }
      })(),
      onB.arrayBuffer().then((bytes) => Buffer.from(bytes)),
    ]);
    expect(bytesB.equals(bytesA)).toBe(true);
    expect(bytesA.toString().endsWith('data: [DONE]\n\n')).toBe(true);
    const stored = await lastAnswer(b.url, id);
    expect(stored.status).toBe('complete');
    expect(stored.content).toContain('Sentence 60 about the tides');
  }, 60_000);

  it('refuse a second question on B while A answers (409), and stop A’s answer from B within 200 ms', async () => {
    const { id } = await createChat(a.url);
    stub.enqueue(slowly);
    const { parts, seen } = await askAndWaitForText(a.url, id);
    const busy = await ask(b.url, id, 'And low tide?');
    expect(busy.status).toBe(409);
    expect((await busy.json()).error).toMatch(/already being written/);

    const request = stub.requests.at(-1)!;
    const stopSent = Date.now();
    const stopped = await fetch(`${b.url}/api/chats/${id}/stop`, { method: 'POST' });
    expect(await stopped.json()).toMatchObject({ stopped: true });
    expect(request.closedEarlyAt).toBeDefined();
    expect(request.closedEarlyAt! - stopSent).toBeLessThan(200);
    await drain(parts, seen);
    const answer = await lastAnswer(a.url, id);
    expect(answer.status).toBe('stopped');
    expect(joinedText(seen).startsWith(answer.content)).toBe(true);
  }, 60_000);

  it('restart B while A answers, and A’s answer completes untouched', async () => {
    const { id } = await createChat(a.url);
    stub.enqueue(slowly);
    const { parts, seen } = await askAndWaitForText(a.url, id);
    await b.stop();
    b = await instance();
    await drain(parts, seen);
    const answer = await lastAnswer(b.url, id);
    expect(answer.status).toBe('complete');
    expect(answer.content).toContain('Sentence 60 about the tides');
    expect(joinedText(seen)).toContain('Sentence 60 about the tides');
  }, 60_000);

  it('finish and store A’s answer when Redis goes away mid-flight, refuse re-attaching on B with a reason, and recover when Redis returns', async () => {
    const { id } = await createChat(a.url);
    stub.enqueue(slowly);
    const { parts, seen } = await askAndWaitForText(a.url, id);
    await redis.stop('SIGKILL');
    const reattach = await fetch(`${b.url}/api/chats/${id}/stream`);
    expect(reattach.status).toBe(503);
    expect((await reattach.json()).error).toMatch(/cannot reach Redis/);
    const health = await (await fetch(`${a.url}/api/health`)).json();
    expect(health.instance.redis).toBe('unreachable');
    await drain(parts, seen);
    const answer = await lastAnswer(b.url, id);
    expect(answer.status).toBe('complete');
    expect(answer.content).toContain('Sentence 60 about the tides');
    expect(joinedText(seen)).toContain('Sentence 60 about the tides');

    redis = await startRedis({ port: redis.port });
    for (const server of [a, b]) {
      const back = await waitFor(
        async () => (await (await fetch(`${server.url}/api/health`)).json()).instance.redis,
        (state) => state === 'reachable',
      );
      expect(back).toBe('reachable');
    }
    const next = await createChat(a.url);
    stub.enqueue(slowly);
    const again = await askAndWaitForText(a.url, next.id);
    const onB = await fetch(`${b.url}/api/chats/${next.id}/stream`);
    expect(onB.status).toBe(200);
    const followed = await drain(uiParts(onB), []);
    await drain(again.parts, again.seen);
    expect(joinedText(followed)).toBe(joinedText(again.seen));
    expect(joinedText(followed)).toContain('Sentence 60 about the tides');
  }, 90_000);

  it('kill -9 A mid-answer, and B marks it interrupted with its checkpointed text once A’s lease runs out', async () => {
    const { id } = await createChat(a.url);
    stub.enqueue(slowly);
    const { parts, seen } = await askAndWaitForText(a.url, id);
    // Long enough for a checkpoint or two (one a second).
    const began = Date.now();
    while (Date.now() - began < 2500) {
      const { done, value } = await parts.next();
      if (done) throw new Error('The answer ended before the crash.');
      seen.push(value);
    }
    const onB = await fetch(`${b.url}/api/chats/${id}/stream`);
    expect(onB.status).toBe(200);
    await a.stop('SIGKILL');
    const killedAt = Date.now();
    await drain(parts, seen);
    // A's lease still holds: B leaves the answer as it is.
    expect((await lastAnswer(b.url, id)).status).toBe('streaming');
    // A reader on B is told that the instance writing the answer is gone, and the stream ends.
    const followed = await drain(uiParts(onB), []);
    expect(followed.at(-1)).toMatchObject({ type: 'error' });
    expect(String(followed.at(-1)?.errorText)).toMatch(/lost touch with the instance/);
    const answer = await waitFor(
      () => lastAnswer(b.url, id),
      (m) => m.status !== 'streaming',
    );
    expect(answer.status).toBe('interrupted');
    expect(Date.now() - killedAt).toBeGreaterThan(leaseS * 1000 * 0.5);
    expect(answer.content).toMatch(/^Sentence 1 about the tides/);
    expect(joinedText(seen).startsWith(answer.content)).toBe(true);
    // And the chat is free again, on any instance.
    stub.enqueue({ text: answerCompletion('Again [1].') });
    expect((await ask(b.url, id, 'Again?')).status).toBe(200);
    a = await instance();
  }, 90_000);

  it('kill -9 A mid-ingest of a 619-page PDF, and B reads it to the end exactly once', async () => {
    const shared = path.resolve(
      import.meta.dirname,
      '../../../shared/data/pdfs/large_unstructured_DA-619p.pdf',
    );
    // A fresh clone without the shared data makes a PDF as long.
    const pdf = fs.existsSync(shared) ? fs.readFileSync(shared) : buildQuarryLedgerPdf(619);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(pdf)]), 'long.pdf');
    const uploaded = await (
      await fetch(`${a.url}/api/documents`, { method: 'POST', body: form })
    ).json();
    const documentId = uploaded.documents[0].id as string;
    const database = new pg.Client(databaseUrl);
    await database.connect();
    try {
      const reader = async () =>
        (
          await database.query<{ reader_instance: string | null; pages_done: number }>(
            'SELECT reader_instance, pages_done FROM documents WHERE id = $1',
            [documentId],
          )
        ).rows[0];
      const aId = (await (await fetch(`${a.url}/api/health`)).json()).instance.id;
      const midway = await waitFor(reader, (r) => r.pages_done > 0, 60_000);
      expect(midway.pages_done).toBeGreaterThan(0);
      // Whichever instance took it is killed mid-read; the other must finish it.
      const [killed, survivor] = midway.reader_instance === aId ? [a, b] : [b, a];
      await killed.stop('SIGKILL');
      const done = await readToTheEndOnce(database, survivor.url, documentId, 240_000);
      expect(done).toMatchObject({ status: 'ready', pages: 619 });
      if (killed === a) a = await instance();
      else b = await instance();
    } finally {
      await database.end();
    }
  }, 300_000);
  it('count a client’s requests once for both instances', async () => {
    const search = (url: string) => fetch(`${url}/api/search?q=tide`).then((r) => r.status);
    const statuses = [];
    for (let i = 0; i < rateLimit; i++) statuses.push(await search(i % 2 ? a.url : b.url));
    expect(statuses).toEqual(Array(rateLimit).fill(200));
    expect(await search(a.url)).toBe(429);
    expect(await search(b.url)).toBe(429);
  });
});
