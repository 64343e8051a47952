import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, createChat, getChat, uploadFiles } from '../support/api';
import { answerCompletion } from '../support/completions';
import { type OpenAIStub, startOpenAIStub } from '../support/openai-stub';
import { type FolioServer, startFolio } from '../support/server';
import { joinedText, readUIParts } from '../support/ui-stream';

const documents = [
  { name: 'keepers.md', content: '# Keepers\n\nAda Marlow kept the Skerry Point light.\n' },
  { name: 'lamps.md', content: '# Lamps\n\nThe Skerry Point lamp turns every twenty seconds.\n' },
  { name: 'tides.md', content: '# Tides\n\nHigh tide at Skerry Point comes twice a day.\n' },
];

describe('one numbering of the sources, in the order the answer cites them', () => {
  let stub: OpenAIStub;
  let folio: FolioServer;

  beforeAll(async () => {
    stub = await startOpenAIStub();
    folio = await startFolio({
      env: { OPENAI_BASE_URL: stub.url, OPENAI_API_KEY: 'k', FOLIO_CHAT_MODEL: 'stub-model' },
    });
    const upload = await uploadFiles(
      folio.url,
      documents.map((d) => ({ ...d, type: 'text/markdown' })),
    );
    expect(upload.body.documents.map((d) => d.status)).toEqual(['ready', 'ready', 'ready']);
  });

  afterAll(async () => {
    await folio?.stop();
    await stub?.close();
  });

  it('renumbers the stream, the stored answer, its sources and a re-attached replay alike', async () => {
    const answer = 'The lamp turns [3]. Ada kept it [1, 3]. Made up [9].';
    const completion = answerCompletion(answer);
    const at = completion.indexOf('[3]');
    // Cut inside the citations, so that they are renumbered across chunks.
    stub.enqueue({ text: completion, splitAt: [at + 1, at + 2, completion.indexOf('[1,') + 2] });
    const chat = await createChat(folio.url);
    const parts = await readUIParts(await ask(folio.url, chat.id, 'What is at Skerry Point?'));

    const renumbered = 'The lamp turns [1]. Ada kept it [2, 1]. Made up [9].';
    expect(joinedText(parts)).toBe(renumbered);
    const messages = stub.requests.at(-1)!.body.messages as Array<{ content: string }>;
    const prompt = String(messages.at(-1)?.content);
    const promptName = (n: number) => new RegExp(`\\[${n}\\] (\\S+), p\\. 1`).exec(prompt)?.[1];

    const stored = (await getChat(folio.url, chat.id)).messages[1];
    expect(stored.content).toBe(renumbered);
    expect(stored.metadata.citations).toEqual([1, 2]);
    expect(stored.sources.map((s) => [s.n, s.documentName, s.cited])).toEqual([
      [1, promptName(3), true],
      [2, promptName(1), true],
      [3, promptName(2), false],
    ]);
    // The last sources part of the stream, and each source part, say the same.
    const sourcesParts = parts.filter((p) => p.type === 'data-sources');
    const last = sourcesParts.at(-1)?.data as Array<{ n: number; documentName: string }>;
    expect(last.map((s) => [s.n, s.documentName])).toEqual(
      stored.sources.map((s) => [s.n, s.documentName]),
    );
    expect(
      parts.filter((p) => p.type === 'source-document').map((p) => [p.sourceId, p.filename]),
    ).toEqual(stored.sources.map((s) => [String(s.n), s.documentName]));

    // Re-attaching to the answer a page saw being written, once it has ended, replays it whole.
    const replay = await fetch(`${folio.url}/api/chats/${chat.id}/stream?answer=${stored.id}`);
    expect(replay.status).toBe(200);
    const replayed = await readUIParts(replay);
    expect(joinedText(replayed)).toBe(renumbered);
    expect(replayed.at(-1)).toMatchObject({ type: 'finish' });
    // Without naming it, there is nothing in progress to re-attach to.
    expect((await fetch(`${folio.url}/api/chats/${chat.id}/stream`)).status).toBe(204);
  });
});
