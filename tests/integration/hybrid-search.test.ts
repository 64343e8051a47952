/** With an embedding model configured, chunks are embedded at ingest and search is hybrid. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uploadFiles } from '../support/api';
import { type OpenAIStub, startOpenAIStub } from '../support/openai-stub';
import { type FolioServer, startFolio } from '../support/server';

let stub: OpenAIStub;
let folio: FolioServer;

beforeAll(async () => {
  stub = await startOpenAIStub();
  folio = await startFolio({
    env: { OPENAI_BASE_URL: stub.url, FOLIO_EMBEDDING_MODEL: 'stub-embedding' },
  });
});
afterAll(async () => {
  await folio?.stop();
  await stub?.close();
});

it('embeds every chunk at ingest, fuses BM25 and vector results, and forgets deleted ones', async () => {
  const health = await (await fetch(`${folio.url}/api/health`)).json();
  expect(health.retrieval).toEqual({ mode: 'hybrid' });

  const paragraphs = Array.from({ length: 12 }, (_, i) =>
    `Section ${i + 1}. The greenhouse holds ${i + 3} rows of orchids watered at dawn.`.repeat(8),
  );
  const { body } = await uploadFiles(folio.url, [
    { name: 'greenhouse.md', content: paragraphs.join('\n\n') },
  ]);
  const doc = body.documents[0] as { id: string; status: string; chunks: number };
  expect(doc.status).toBe('ready');
  const embedded = stub.requests
    .filter((r) => r.path.endsWith('/embeddings'))
    .flatMap((r) => r.body.input as string[]);
  expect(embedded).toHaveLength(doc.chunks);

  const found = await (await fetch(`${folio.url}/api/search?q=orchids+watered+at+dawn&k=3`)).json();
  expect(found.passages).toHaveLength(3);
  expect(found.passages[0]).toMatchObject({ documentName: 'greenhouse.md' });
  expect(found.passages[0].score).toBeGreaterThan(found.passages[2].score - 1e-12);
  const lastRequest = stub.requests.at(-1)!;
  expect(lastRequest.body.input).toEqual(['orchids watered at dawn']);

  await fetch(`${folio.url}/api/documents/${doc.id}`, { method: 'DELETE' });
  const after = await (await fetch(`${folio.url}/api/search?q=orchids+watered+at+dawn`)).json();
  expect(after.passages).toEqual([]);
});

it('a document whose embedding fails says why, and reads again when uploaded again', async () => {
  const content = '# Pond\n\nThe pond freezes in January.\n';
  stub.embeddingFailures = 3;
  const first = (await uploadFiles(folio.url, [{ name: 'pond.md', content }])).body.documents[0];
  expect(first).toMatchObject({ status: 'failed' });
  expect(String(first.error)).toMatch(/embedding model failed.*Upload it again/);

  const again = (await uploadFiles(folio.url, [{ name: 'pond.md', content }])).body.documents[0];
  expect(again).toMatchObject({ id: first.id, status: 'ready' });
});
