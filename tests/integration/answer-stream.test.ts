import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, createChat, getChat, uploadFiles } from '../support/api';
import { defaultBackend } from '../support/backends';
import { type OpenAIStub, startOpenAIStub } from '../support/openai-stub';
import { type FolioServer, startFolio } from '../support/server';
import { joinedText, readUIParts } from '../support/ui-stream';

const handbook = `# Lighthouse handbook

## Keepers

The lighthouse at Skerry Point was kept by Ada Marlow from 1901 to 1932.

## Lamps

The lamp burns paraffin and turns once every twenty seconds.
`;

const answer =
  'Ada Marlow kept the Skerry Point lighthouse from 1901 to 1932 [1]. It is [[not a marker]] text.';
// Reasoning that mentions a marker-like string and brackets, to show none of it leaks.
const completion = [
  '[[ ## reasoning ## ]]',
  'Passage [1] names the keeper; [[ ## answer ## ]] is what I write next.',
  '',
  '[[ ## answer ## ]]',
  answer,
  '',
  '[[ ## completed ## ]]',
].join('\n');

describe('asking a question streams a cited answer and stores it', () => {
  let stub: OpenAIStub;
  let folio: FolioServer;
  let chatId: string;

  beforeAll(async () => {
    stub = await startOpenAIStub();
    folio = await startFolio({
      env: {
        OPENAI_BASE_URL: stub.url,
        OPENAI_API_KEY: 'test-key',
        FOLIO_CHAT_MODEL: 'stub-model',
      },
    });
    const upload = await uploadFiles(folio.url, [
      { name: 'handbook.md', content: handbook, type: 'text/markdown' },
    ]);
    expect(upload.status).toBe(201);
    expect(upload.body.documents[0]).toMatchObject({ name: 'handbook.md', status: 'ready' });
    chatId = (await createChat(folio.url)).id;
  });

  afterAll(async () => {
    await folio?.stop();
    await stub?.close();
  });

  it('sends only the answer field as text, after its sources, and persists the same', async () => {
    // Cut the completion so markers are split mid-way, at every third character.
    stub.enqueue({ text: completion, chunkSize: 3 });
    const res = await ask(folio.url, chatId, 'Who kept the lighthouse at Skerry Point?');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    // Never compressed: gzip would hold tokens back until a block fills.
    expect(res.headers.get('content-encoding')).toBeNull();

    const parts = await readUIParts(res);
    const types = parts.map((p) => p.type);
    const text = joinedText(parts);

    expect(text).toBe(answer);
    const deltas = parts.filter((p) => p.type === 'text-delta').map((p) => p.delta as string);
    expect(deltas.length).toBeGreaterThan(1);
    for (const delta of deltas) {
      expect(delta).not.toMatch(/##|reasoning|completed/);
    }

    const statuses = parts.filter((p) => p.type === 'data-status');
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((p) => p.transient === true)).toBe(true);
    expect(statuses.map((p) => (p.data as { message: string }).message)).toContain(
      'Searching 1 document…',
    );

    // The sources come before the text; each as a part of its own at the end, numbered as
    // the answer cites it.
    expect(types.indexOf('data-sources')).toBeGreaterThan(-1);
    expect(types.indexOf('data-sources')).toBeLessThan(types.indexOf('text-delta'));
    expect(types.indexOf('source-document')).toBeGreaterThan(types.lastIndexOf('text-delta'));
    expect(types.at(-1)).toBe('finish');

    const sourceParts = parts.filter((p) => p.type === 'source-document');
    const chat = await getChat(folio.url, chatId);
    const [question, stored] = chat.messages;
    expect(question).toMatchObject({
      role: 'user',
      content: 'Who kept the lighthouse at Skerry Point?',
    });
    expect(stored).toMatchObject({ role: 'assistant', content: answer, status: 'complete' });
    expect(stored.sources).toHaveLength(sourceParts.length);
    expect(sourceParts.map((p) => Number(p.sourceId))).toEqual(stored.sources.map((s) => s.n));
    expect(stored.sources[0]).toMatchObject({
      n: 1,
      documentName: 'handbook.md',
      cited: true,
      pageStart: 1,
    });
    expect(stored.sources[0].text).toContain('Ada Marlow');
    expect(stored.metadata).toMatchObject({ lm: { model: 'stub-model' } });

    // The model saw the passage, fenced as quoted material.
    const prompt = JSON.stringify(stub.requests.at(-1)?.body.messages);
    expect(prompt).toContain('Ada Marlow');
  });
});

describe('with nothing configured, the built-in model answers from the documents', () => {
  let folio: FolioServer;

  beforeAll(async () => {
    folio = await startFolio();
  });
  afterAll(async () => {
    await folio?.stop();
  });

  it('reports itself in health and answers with a citation', async () => {
    const health = await (await fetch(`${folio.url}/api/health`)).json();
    expect(health).toEqual({
      ok: true,
      lm: { provider: 'extractive', model: 'folio-extractive-2' },
      retrieval: { mode: 'bm25' },
      storage: { backend: defaultBackend() },
      // Without Redis, this one instance serves everything.
      instance: {
        id: expect.any(String),
        answersSharedWith: 'this instance',
        redis: 'not configured',
      },
    });

    await uploadFiles(folio.url, [{ name: 'handbook.md', content: handbook }]);
    const chatId = (await createChat(folio.url)).id;
    const parts = await readUIParts(await ask(folio.url, chatId, 'How often does the lamp turn?'));
    const text = joinedText(parts);
    expect(text).toContain('twenty seconds');
    expect(text).toMatch(/\[\d\]/);
    expect(text).not.toContain('[[');

    const stored = (await getChat(folio.url, chatId)).messages[1];
    expect(stored.content).toBe(text);
    expect(stored.sources.some((s) => s.cited)).toBe(true);
  });
});
