/**
 * One server per data folder: a second one started on it refuses, naming the first's pid,
 * and leaves the first's answers in progress alone; once the first is gone, however it went,
 * the folder is free again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, createChat, getChat, uploadFiles } from '../support/api';
import { answerCompletion } from '../support/completions';
import { type OpenAIStub, startOpenAIStub } from '../support/openai-stub';
import { type FolioServer, startFolio } from '../support/server';

let stub: OpenAIStub;
let first: FolioServer;

beforeAll(async () => {
  stub = await startOpenAIStub();
  first = await startFolio({
    env: { OPENAI_BASE_URL: stub.url, FOLIO_CHAT_MODEL: 'stub-model', FOLIO_MODEL_TIMEOUT_S: '30' },
  });
  await uploadFiles(first.url, [
    { name: 'tides.md', content: '# Tides\n\nHigh tide at Skerry Point is at noon.\n' },
  ]);
});
afterAll(async () => {
  await first?.stop();
  await stub?.close();
});

describe('a second server on the same data folder', () => {
  it("refuses to start, naming the first's pid, and the first's answer goes on", async () => {
    const answer = `${'The tide turns slowly at Skerry Point. '.repeat(8)}High tide is at noon [1].`;
    stub.enqueue({ text: answerCompletion(answer), chunkSize: 8, delayMs: 100 });
    const chatId = (await createChat(first.url)).id;
    const streaming = ask(first.url, chatId, 'When is high tide?').then((res) => res.text());
    const messages = async () => (await getChat(first.url, chatId)).messages;
    while ((await messages()).length < 2) await new Promise((r) => setTimeout(r, 50));
    expect((await messages())[1].status).toBe('streaming');

    const second = await startFolio({ dataDir: first.dataDir }).then(
      async (server) => {
        await server.stop();
        return 'it started';
      },
      (error: Error) => error.message,
    );
    expect(second).toContain(
      `Folio cannot start. Another Folio server (pid ${first.process.pid}) is using the data folder ${first.dataDir}.`,
    );

    await streaming;
    const [, reply] = await messages();
    expect(reply.status).toBe('complete');
    expect(reply.content).toContain('High tide is at noon');
  }, 60_000);

  it('starts once the first is gone, even killed without warning', async () => {
    await first.stop('SIGKILL');
    const next = await startFolio({ dataDir: first.dataDir });
    try {
      const { documents } = await (await fetch(`${next.url}/api/documents`)).json();
      expect(documents.map((d: { name: string }) => d.name)).toEqual(['tides.md']);
    } finally {
      await next.stop();
    }
  });
});
