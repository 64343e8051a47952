/**
 * Two real Folio instances over one throwaway PostgreSQL and one throwaway Redis, with a lease
 * (a minute) far longer than anything here may take: work passes from one instance to the other
 * at once, never by waiting for a lease to run out. A document queued on one is read by the
 * other while the first one's readers are busy; deleting a document on one stops the other's
 * reading of it; and an instance stopped with SIGTERM (a rolling restart) finishes what it can
 * within its grace, hands the rest over, and gives up its lease.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ask, createChat, uploadFiles } from '../support/api';
import { createTestDatabase } from '../support/backends';
import { answerCompletion } from '../support/completions';
import { askAndWaitForText, drain, lastAnswer, startInstance, waitFor } from '../support/instances';
import { type OpenAIStub, startOpenAIStub } from '../support/openai-stub';
import { readerTicks, repeatedPages } from '../support/readers';
import { startRedis, type ThrowawayRedis } from '../support/redis';
import type { FolioServer } from '../support/server';
import { joinedText, uiParts } from '../support/ui-stream';

// Readings take seconds on a quiet machine, many more on a busy one.
vi.setConfig({ testTimeout: 120_000 });

const leaseS = 60;
const stopGraceS = 2;

const sentences = (count: number) =>
  Array.from({ length: count }, (_, i) => `Sentence ${i + 1} about the tides [1].`).join(' ');
/** An answer that streams for about six seconds: longer than the grace. */
const slowly = { text: answerCompletion(sentences(60)), chunkSize: 8, delayMs: 20 };
/** An answer that streams for about a second: it finishes within the grace. */
const briefly = { text: answerCompletion(sentences(8)), chunkSize: 8, delayMs: 20 };

let redis: ThrowawayRedis;
let stub: OpenAIStub;
let databaseUrl: string;
let database: pg.Client;
let a: FolioServer;
let b: FolioServer;

const instance = () =>
  startInstance({ databaseUrl, redisUrl: redis.url, modelUrl: stub.url }, leaseS, {
    FOLIO_STOP_GRACE_S: String(stopGraceS),
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Uploads a file and answers its document's id at once, before it is read. */
async function queue(
  url: string,
  name: string,
  content: Uint8Array<ArrayBuffer> | string,
): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([content]), name);
  const response = await fetch(`${url}/api/documents`, { method: 'POST', body: form });
  expect(response.status).toBe(201);
  return (await response.json()).documents[0].id;
}

/** Which instance reads a document, and how far it has got, as the database says. */
async function reading(documentId: string) {
  const { rows } = await database.query<{ reader_instance: string | null; pages_done: number }>(
    'SELECT reader_instance, pages_done FROM documents WHERE id = $1',
    [documentId],
  );
  return rows[0];
}

const idOf = async (server: FolioServer): Promise<string> =>
  (await (await fetch(`${server.url}/api/health`)).json()).instance.id;

/** The instance reading a document once it has begun, and the other one. */
async function readerAndOther(documentId: string) {
  const read = await waitFor(
    () => reading(documentId),
    (r) => r.pages_done > 0,
    60_000,
  );
  expect(read.pages_done).toBeGreaterThan(0);
  return read.reader_instance === (await idOf(a)) ? [a, b] : [b, a];
}

beforeAll(async () => {
  redis = await startRedis();
  stub = await startOpenAIStub();
  databaseUrl = await createTestDatabase();
  a = await instance();
  b = await instance();
  database = new pg.Client(databaseUrl);
  await database.connect();
  await uploadFiles(a.url, [
    { name: 'tides.md', content: '# Tides\n\nHigh tide comes fifty minutes later each day.\n' },
  ]);
});

afterAll(async () => {
  await database?.end();
  await a?.stop();
  await b?.stop();
  await stub?.close();
  await redis?.stop();
});

describe('two instances handing work to each other at once', () => {
  it('read a document queued on A on B at once, while A’s readers are busy', async () => {
    // Three long readings: A reads two at most, so at least one reader is busy on B too.
    const long: string[] = [];
    for (const pages of [3001, 3002, 3003]) {
      long.push(await queue(a.url, `ledger-${pages}.pdf`, repeatedPages(pages)));
    }
    await waitFor(
      async () => {
        let begun = 0;
        for (const id of long) if ((await reading(id)).pages_done > 0) begun++;
        return begun;
      },
      (begun) => begun >= 2,
      60_000,
    );
    const queuedAt = Date.now();
    const note = await queue(a.url, 'note.txt', 'The harbour master rings the bell at noon.');
    const taken = await waitFor(
      () => reading(note),
      (r) => r.reader_instance !== null,
      5000,
    );
    const takenMs = Date.now() - queuedAt;
    console.log(`A document queued on A was taken by a free reader in ${takenMs} ms.`);
    expect(taken.reader_instance).not.toBeNull();
    expect(takenMs).toBeLessThan(1000);
    const read = await waitFor(
      async () => (await (await fetch(`${b.url}/api/documents/${note}`)).json()).status,
      (status) => status !== 'processing',
      60_000,
    );
    expect(read).toBe('ready');
    for (const id of long) {
      expect((await fetch(`${a.url}/api/documents/${id}`, { method: 'DELETE' })).status).toBe(204);
    }
  });

  it('stop a reading on one instance when its document is deleted on the other', async () => {
    const id = await queue(a.url, 'ledger-3000.pdf', repeatedPages(3000));
    const [reader, other] = await readerAndOther(id);
    const pid = reader.process.pid!;
    expect(readerTicks(pid)).toBeGreaterThan(0);
    expect((await fetch(`${other.url}/api/documents/${id}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    // The reader finds out at its next progress write, a quarter of a second at most apart.
    await sleep(1000);
    const settled = readerTicks(pid);
    await sleep(1500);
    expect(readerTicks(pid) - settled).toBeLessThan(10); // a tenth of a second at most
    for (const server of [a, b]) {
      expect((await fetch(`${server.url}/api/documents/${id}`)).status).toBe(404);
    }
    const next = await uploadFiles(reader.url, [{ name: 'next.txt', content: 'Read after.' }]);
    expect(next.body.documents[0]).toMatchObject({ status: 'ready' });
  });

  it('stopped with SIGTERM, finish the answers that can, hand over the rest and the documents being read, at once', async () => {
    const documentId = await queue(a.url, 'ledger-2999.pdf', repeatedPages(2999));
    // The instance reading it is the one restarted, and answers too.
    const [stopping, staying] = await readerAndOther(documentId);
    const stayingId = await idOf(staying);

    const cutOff = await createChat(stopping.url);
    stub.enqueue(slowly);
    const long = await askAndWaitForText(stopping.url, cutOff.id);
    const followed = await fetch(`${staying.url}/api/chats/${cutOff.id}/stream`);
    expect(followed.status).toBe(200);
    const finishing = await createChat(stopping.url);
    stub.enqueue(briefly);
    const brief = await askAndWaitForText(stopping.url, finishing.id);

    const signalled = Date.now();
    const stopped = stopping.stop('SIGTERM');
    // The answer that fits in the grace is finished and stored whole.
    await drain(brief.parts, brief.seen);
    expect(brief.seen.at(-1)?.type).toBe('finish');
    expect(joinedText(brief.seen)).toContain('Sentence 8 about the tides');
    // The one that does not is cut off, its reader told why, and stored with the text it had.
    await drain(long.parts, long.seen);
    expect(long.seen.at(-1)).toMatchObject({ type: 'error' });
    expect(String(long.seen.at(-1)?.errorText)).toMatch(
      /the Folio server writing it was shut down/,
    );
    // Followed from the other instance, it ends the same way, not as a lost touch.
    const onStaying = await drain(uiParts(followed));
    expect(onStaying.at(-1)).toEqual(long.seen.at(-1));
    expect(joinedText(onStaying)).toBe(joinedText(long.seen));
    await stopped;
    const stopMs = Date.now() - signalled;
    console.log(`The stopping instance exited ${stopMs} ms after SIGTERM.`);
    expect(stopMs).toBeLessThan((stopGraceS + 5) * 1000);

    // All of it is visible on the other instance at once, with no lease to wait for.
    expect(await lastAnswer(staying.url, finishing.id)).toMatchObject({ status: 'complete' });
    const interrupted = await lastAnswer(staying.url, cutOff.id);
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.content).toMatch(/^Sentence 1 about the tides/);
    expect(interrupted.content).toBe(joinedText(long.seen));
    stub.enqueue({ text: answerCompletion('Again [1].') });
    const again = await ask(staying.url, cutOff.id, 'Again?');
    expect(again.status).toBe(200);
    await drain(uiParts(again));

    // The document is read by the other instance, from the start (the kill -9 case of
    // postgres-instances.test.ts reads one to its end; here time is short).
    const taken = await waitFor(
      () => reading(documentId),
      (r) => r.reader_instance === stayingId,
      5000,
    );
    expect(taken.reader_instance).toBe(stayingId);
    console.log(`The other instance took the document ${Date.now() - signalled} ms after SIGTERM.`);
    const progress = await waitFor(
      async () => await (await fetch(`${staying.url}/api/documents/${documentId}`)).json(),
      (d) => d.pagesDone > 0,
      60_000,
    );
    expect(progress).toMatchObject({ status: 'processing', stage: 'parsing' });
    expect(
      (await fetch(`${staying.url}/api/documents/${documentId}`, { method: 'DELETE' })).status,
    ).toBe(204);
  });
});
