/**
 * Answers are never lost: what GET /api/chats/:id shows after a model failure, a stop, a dropped
 * connection, a reload mid-answer and a crash, with the OpenAI-compatible stub as the model.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ask, createChat, getChat, uploadFiles } from '../support/api';
import { answerCompletion, queryCompletion } from '../support/completions';
import { type OpenAIStub, startOpenAIStub } from '../support/openai-stub';
import { buildPdf, buildQuarryLedgerPdf } from '../support/pdf';
import { type FolioServer, startFolio } from '../support/server';
import {
  joinedText,
  readUIParts,
  readUIPartsUntil,
  type UIPart,
  uiParts,
} from '../support/ui-stream';

const guide = `# Tide tables

High tide at Skerry Point comes fifty minutes later each day.
The harbour dries out completely at spring low tide.
`;

const longAnswer = Array.from(
  { length: 40 },
  (_, i) => `Sentence ${i + 1} about the tides at Skerry Point [1].`,
).join(' ');

let stub: OpenAIStub;
let folio: FolioServer;

async function waitFor<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function lastAnswer(chatId: string, url = folio.url) {
  return (await getChat(url, chatId)).messages.at(-1)!;
}

beforeAll(async () => {
  stub = await startOpenAIStub();
  folio = await startFolio({
    env: { OPENAI_BASE_URL: stub.url, FOLIO_CHAT_MODEL: 'stub-model', FOLIO_MODEL_TIMEOUT_S: '1' },
  });
  await uploadFiles(folio.url, [{ name: 'tides.md', content: guide }]);
});

afterAll(async () => {
  await folio?.stop();
  await stub?.close();
});

let chatId: string;
beforeEach(async () => {
  chatId = (await createChat(folio.url)).id;
});

describe('model failures are stored as errors with what was streamed', () => {
  it('a 500 before the first token, after retries: error, the question kept', async () => {
    stub.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const parts = await readUIParts(await ask(folio.url, chatId, 'When is high tide?'));
    const error = parts.find((p) => p.type === 'error');
    expect(error?.errorText).toMatch(/model failed/i);

    const chat = await getChat(folio.url, chatId);
    expect(chat.messages.map((m) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'error'],
    ]);
    expect(chat.messages[0].content).toBe('When is high tide?');
    expect(chat.messages[1].metadata.error).toMatch(/500/);
  });

  it('a 429 and then an answer: complete', async () => {
    stub.enqueue({ status: 429 }, { text: answerCompletion('Fifty minutes later each day [1].') });
    const parts = await readUIParts(await ask(folio.url, chatId, 'When is high tide?'));
    expect(joinedText(parts)).toBe('Fifty minutes later each day [1].');
    expect(await lastAnswer(chatId)).toMatchObject({
      status: 'complete',
      content: 'Fifty minutes later each day [1].',
    });
  });

  it('a stall past the timeout midway: error with the partial answer', async () => {
    stub.enqueue({ text: answerCompletion(longAnswer), chunkSize: 8, stallAfterChunks: 20 });
    const parts = await readUIParts(await ask(folio.url, chatId, 'Tell me about the tides'));
    const streamed = joinedText(parts);
    expect(streamed.length).toBeGreaterThan(0);
    const stored = await lastAnswer(chatId);
    expect(stored.status).toBe('error');
    expect(stored.content).toBe(streamed);
    expect(String(stored.metadata.error)).toMatch(/sent nothing for 1000 ms/);
  });

  it('a stream cut off midway: error with the partial answer', async () => {
    stub.enqueue({ text: answerCompletion(longAnswer), chunkSize: 8, cutAfterChunks: 30 });
    const parts = await readUIParts(await ask(folio.url, chatId, 'Tell me about the tides'));
    const stored = await lastAnswer(chatId);
    expect(stored.status).toBe('error');
    expect(stored.content).toBe(joinedText(parts));
    expect(longAnswer.startsWith(stored.content)).toBe(true);
    expect(stored.content.length).toBeGreaterThan(0);
  });

  it('a malformed event: error, and the server keeps serving', async () => {
    stub.enqueue({ text: answerCompletion(longAnswer), chunkSize: 8, malformedAfterChunks: 10 });
    const parts = await readUIParts(await ask(folio.url, chatId, 'Tell me about the tides'));
    expect(parts.some((p) => p.type === 'error')).toBe(true);
    expect((await lastAnswer(chatId)).status).toBe('error');
    expect((await fetch(`${folio.url}/api/health`)).ok).toBe(true);
  });
});

describe('stop, disconnect, reload', () => {
  it('stop aborts the model request within 100 ms and stores the partial answer as stopped', async () => {
    stub.enqueue({ text: answerCompletion(longAnswer), chunkSize: 4, delayMs: 20 });
    const res = await ask(folio.url, chatId, 'Tell me about the tides');
    // Stop once the reader has seen answer text, however long a busy machine took to get there.
    let sawText!: () => void;
    const firstText = new Promise<void>((resolve) => {
      sawText = resolve;
    });
    const reading = readUIPartsUntil(res, (parts) => {
      if (parts.at(-1)?.type === 'text-delta') sawText();
      return false;
    });
    await firstText;
    const request = stub.requests.at(-1)!;
    const stoppedAt = Date.now();
    const stop = await fetch(`${folio.url}/api/chats/${chatId}/stop`, { method: 'POST' });
    expect(await stop.json()).toMatchObject({ stopped: true });

    expect(request.closedEarlyAt).toBeDefined();
    expect(request.closedEarlyAt! - stoppedAt).toBeLessThan(100);

    const parts = await reading;
    const stored = await lastAnswer(chatId);
    expect(stored.status).toBe('stopped');
    expect(stored.content.length).toBeGreaterThan(0);
    expect(stored.content.length).toBeLessThan(longAnswer.length);
    expect(stored.content).toBe(joinedText(parts));
    expect(parts.at(-1)?.type).toBe('finish');
  });

  it('a dropped connection is not a stop: the answer is completed and stored', async () => {
    stub.enqueue({ text: answerCompletion(longAnswer), chunkSize: 8, delayMs: 5 });
    const res = await ask(folio.url, chatId, 'Tell me about the tides');
    await readUIPartsUntil(res, (parts) => parts.some((p) => p.type === 'text-delta'));
    const stored = await waitFor(
      () => lastAnswer(chatId),
      (m) => m.status !== 'streaming',
    );
    expect(stored).toMatchObject({ status: 'complete', content: longAnswer });
  });

  it('re-attaching mid-answer replays it from its start and follows it to the end', async () => {
    stub.enqueue({ text: answerCompletion(longAnswer), chunkSize: 8, delayMs: 5 });
    const first = await readUIPartsUntil(
      await ask(folio.url, chatId, 'Tell me about the tides'),
      (parts) => parts.some((p) => p.type === 'text-delta'),
    );
    const resumed = await fetch(`${folio.url}/api/chats/${chatId}/stream`);
    expect(resumed.status).toBe(200);
    const parts = await readUIParts(resumed);
    expect(parts[0]).toEqual(first[0]);
    expect(parts.some((p) => p.type === 'source-document')).toBe(true);
    expect(joinedText(parts)).toBe(longAnswer);

    const after = await fetch(`${folio.url}/api/chats/${chatId}/stream`);
    expect(after.status).toBe(204);
  });

  it('a second question while one is being answered is refused, not mixed in', async () => {
    stub.enqueue({ text: answerCompletion(longAnswer), chunkSize: 8, delayMs: 5 });
    const res = await ask(folio.url, chatId, 'Tell me about the tides');
    const second = await ask(folio.url, chatId, 'And the harbour?');
    expect(second.status).toBe(409);
    expect((await second.json()).error).toMatch(/already being written/);
    await readUIParts(res);
  });
});

describe('conversations and citations', () => {
  it('a follow-up is rewritten into a search query that never reaches the answer stream', async () => {
    stub.enqueue({ text: answerCompletion('Fifty minutes later each day [1].') });
    await readUIParts(await ask(folio.url, chatId, 'When is high tide at Skerry Point?'));

    stub.enqueue(
      { text: queryCompletion('Skerry Point harbour at low tide') },
      { text: answerCompletion('It dries out completely at spring low tide [1].') },
    );
    const parts = await readUIParts(await ask(folio.url, chatId, 'and the harbour?'));
    expect(joinedText(parts)).toBe('It dries out completely at spring low tide [1].');

    const [rewrite, synthesize] = stub.requests
      .slice(-2)
      .map((r) => JSON.stringify(r.body.messages));
    expect(rewrite).toContain('When is high tide at Skerry Point?');
    expect(synthesize).toContain('Fifty minutes later each day');
    expect(synthesize).toContain('dries out completely');
  });

  it('a citation with no source is dropped from the stored citations', async () => {
    stub.enqueue({ text: answerCompletion('High tide moves [1], as does the moon [7].') });
    await readUIParts(await ask(folio.url, chatId, 'When is high tide?'));
    const stored = await lastAnswer(chatId);
    expect(stored.metadata.citations).toEqual([1]);
    expect(stored.sources[0].cited).toBe(true);
    expect(stored.metadata.timings).toMatchObject({
      retrievalMs: expect.any(Number),
      firstTokenMs: expect.any(Number),
      totalMs: expect.any(Number),
    });
    expect(stored.metadata.usage).toMatchObject({ promptTokens: expect.any(Number) });
    expect(stored.metadata.lm).toEqual({ provider: 'openai', model: 'stub-model' });
  });

  it('regenerate answers the same question again and replaces the old answer', async () => {
    stub.enqueue({ text: answerCompletion('First try [1].') });
    await readUIParts(await ask(folio.url, chatId, 'When is high tide?'));
    const old = await lastAnswer(chatId);

    stub.enqueue({ text: answerCompletion('Second try [1].') });
    const res = await fetch(`${folio.url}/api/chats/${chatId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ regenerate: old.id }),
    });
    expect(joinedText(await readUIParts(res))).toBe('Second try [1].');
    const chat = await getChat(folio.url, chatId);
    expect(chat.messages.map((m) => m.content)).toEqual(['When is high tide?', 'Second try [1].']);
  });
});

describe('a crash mid-answer', () => {
  it('leaves the question and an interrupted answer, with what was streamed, after a restart', async () => {
    const crashStub = await startOpenAIStub();
    // A short lease: on PostgreSQL the restarted instance leaves the dead one's answer alone
    // until its lease has run out (on SQLite the data folder says it is dead at once).
    const env = { OPENAI_BASE_URL: crashStub.url, FOLIO_INSTANCE_LEASE_S: '2' };
    const crashing = await startFolio({ env });
    await uploadFiles(crashing.url, [{ name: 'tides.md', content: guide }]);
    const id = (await createChat(crashing.url)).id;
    crashStub.enqueue({ text: answerCompletion(longAnswer), chunkSize: 4, delayMs: 50 });
    const stream = uiParts(await ask(crashing.url, id, 'Tell me about the tides'));
    const seen: UIPart[] = [];
    // Long enough into the answer for it to have been checkpointed (every second) a few times.
    let firstText: number | undefined;
    while (firstText === undefined || Date.now() - firstText < 2500) {
      const { done, value } = await stream.next();
      if (done) throw new Error('The answer ended before the crash.');
      seen.push(value);
      if (value.type === 'text-delta') firstText ??= Date.now();
    }
    await crashing.stop('SIGKILL');
    try {
      // What the server sent before it died reaches the client all the same.
      for await (const part of stream) seen.push(part);
    } catch {
      // the connection died with the server
    }

    const restarted = await startFolio({
      dataDir: crashing.dataDir,
      databaseUrl: crashing.databaseUrl,
      env,
    });
    try {
      const chat = await waitFor(
        () => getChat(restarted.url, id),
        (c) => c.messages[1]?.status !== 'streaming',
      );
      expect(chat.messages.map((m) => [m.role, m.status])).toEqual([
        ['user', 'complete'],
        ['assistant', 'interrupted'],
      ]);
      expect(chat.messages[0].content).toBe('Tell me about the tides');
      const kept = chat.messages[1].content;
      expect(kept).toMatch(/^Sentence 1 about the tides/);
      expect(joinedText(seen).startsWith(kept)).toBe(true);
    } finally {
      await restarted.stop();
      await crashStub.close();
    }
    // Two server starts, each (on PostgreSQL) with a database to make and migrate.
  }, 60_000);

  it('mid-ingest leaves no half document: after a restart it is read again, whole', async () => {
    const pdf = buildQuarryLedgerPdf(400);
    const env = { FOLIO_INSTANCE_LEASE_S: '2' };
    const crashing = await startFolio({ env });
    const form = new FormData();
    form.append('file', new Blob([pdf]), 'quarry.pdf');
    const { documents } = await (
      await fetch(`${crashing.url}/api/documents`, { method: 'POST', body: form })
    ).json();
    const id = documents[0].id as string;
    const midway = await waitFor(
      async () =>
        (await (await fetch(`${crashing.url}/api/documents/${id}`)).json()) as {
          pagesDone: number;
        },
      (d) => d.pagesDone > 0,
      // Readers run at the lowest priority: on a machine busy with other tests, the reading may
      // wait a while for an idle core before its first page.
      60_000,
    );
    expect(midway).toMatchObject({ status: 'processing', stage: 'parsing' });
    await crashing.stop('SIGKILL');

    const restarted = await startFolio({
      dataDir: crashing.dataDir,
      databaseUrl: crashing.databaseUrl,
      env,
    });
    try {
      const search = async () =>
        (await (await fetch(`${restarted.url}/api/search?q=quarry+ledger+granite`)).json()) as {
          passages: unknown[];
        };
      const first = (await (await fetch(`${restarted.url}/api/documents/${id}`)).json()) as {
        status: string;
      };
      // Being read again from the start: none of it is searchable until all of it is.
      expect(first.status).toBe('processing');
      expect((await search()).passages).toEqual([]);
      const done = await waitFor(
        async () =>
          (await (await fetch(`${restarted.url}/api/documents/${id}`)).json()) as {
            status: string;
            pages: number;
            chunks: number;
          },
        (d) => d.status !== 'processing',
        60_000,
      );
      expect(done).toMatchObject({ status: 'ready', pages: 400 });
      expect(done.chunks).toBeGreaterThan(400);
      expect((await search()).passages.length).toBeGreaterThan(0);
    } finally {
      await restarted.stop();
    }
  }, 180_000);
});

describe('reading a document while an answer is being written', () => {
  it('a PDF uploaded mid-answer is read meanwhile, not after the answer', async () => {
    // A server of its own, so that the PDF does not change what the other tests retrieve.
    const busy = await startFolio({
      env: { OPENAI_BASE_URL: stub.url, FOLIO_CHAT_MODEL: 'stub-model' },
    });
    try {
      await uploadFiles(busy.url, [{ name: 'tides.md', content: guide }]);
      const chat = await createChat(busy.url);
      // About five seconds of answer: 260 chunks, 20 ms apart.
      stub.enqueue({ text: answerCompletion(longAnswer), chunkSize: 8, delayMs: 20 });
      const response = await ask(busy.url, chat.id, 'Tell me about the tides');
      const stream = uiParts(response);
      let part = await stream.next();
      while (!part.done && part.value.type !== 'text-delta') part = await stream.next();

      const pages = Array.from({ length: 60 }, (_, p) =>
        Array.from({ length: 30 }, (_, line) => ({
          text: `Page ${p + 1} line ${line + 1}: the harbour master logs every vessel.`,
          x: 72,
          y: 760 - line * 22,
        })),
      );
      const { body } = await uploadFiles(busy.url, [
        { name: 'harbour.pdf', content: new Uint8Array(buildPdf({ pages })) },
      ]);
      expect(body.documents[0]).toMatchObject({ status: 'ready', pages: 60 });
      expect((await lastAnswer(chat.id, busy.url)).status).toBe('streaming');

      const rest: UIPart[] = [];
      for await (const later of stream) rest.push(later);
      expect(rest.at(-1)?.type).toBe('finish');
      expect((await lastAnswer(chat.id, busy.url)).status).toBe('complete');
    } finally {
      await busy.stop();
    }
  });
});
