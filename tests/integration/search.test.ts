/**
 * GET /api/search and chat retrieval through the real server: passages are found only once
 * their document is ready, go when it is deleted, stay within a chat's documents, and any query
 * text is safe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Passage } from '@/db';
import { ask, createChat, getChat, uploadFiles } from '../support/api';
import { type FolioServer, startFolio } from '../support/server';
import { readUIParts } from '../support/ui-stream';

let folio: FolioServer;

async function search(url: string, params: Record<string, string>) {
  const res = await fetch(`${url}/api/search?${new URLSearchParams(params)}`);
  return {
    status: res.status,
    passages: ((await res.json()) as { passages: Passage[] }).passages,
  };
}

/** Uploads Markdown files by name, waits until they are read, and returns their ids. */
async function uploadMarkdown(files: Record<string, string>): Promise<string[]> {
  const { body } = await uploadFiles(
    folio.url,
    Object.entries(files).map(([name, content]) => ({ name, content })),
  );
  return body.documents.map((d) => String(d.id));
}

async function foundDocuments(params: Record<string, string>): Promise<Set<string>> {
  return new Set((await search(folio.url, params)).passages.map((p) => p.documentId));
}

async function documentStatus(url: string, id: string): Promise<string> {
  return ((await (await fetch(`${url}/api/documents/${id}`)).json()) as { status: string }).status;
}

beforeAll(async () => {
  // These tests search far more often than a client may in a minute (access.test.ts tests that).
  folio = await startFolio({ env: { FOLIO_RATE_LIMIT_PER_MINUTE: '100000' } });
});
afterAll(async () => {
  await folio?.stop();
});

describe('search', () => {
  it('finds a document only once all of it is ready', async () => {
    // Large enough that reading it takes a while: long enough to ask while it is processing.
    const sections = Array.from(
      { length: 1500 },
      (_, i) =>
        `## Airship ${i + 1}\n\nThe zeppelin hangar ${i + 1} holds gas cells, girders and a mooring mast of steel.`,
    );
    const form = new FormData();
    form.append('file', new Blob([sections.join('\n\n')]), 'hangars.md');
    const uploaded = await (
      await fetch(`${folio.url}/api/documents`, { method: 'POST', body: form })
    ).json();
    const id = uploaded.documents[0].id as string;

    let searchesWhileProcessing = 0;
    for (;;) {
      const { passages } = await search(folio.url, { q: 'zeppelin hangar' });
      // Asked before the status: if the document was still processing after the search, it
      // was processing during it.
      if ((await documentStatus(folio.url, id)) !== 'processing') break;
      searchesWhileProcessing++;
      expect(passages).toEqual([]);
    }
    expect(searchesWhileProcessing).toBeGreaterThan(0);
    expect(await documentStatus(folio.url, id)).toBe('ready');
    const { passages } = await search(folio.url, { q: 'zeppelin hangar 1234', k: '3' });
    expect(passages).toHaveLength(3);
    expect(passages[0]).toMatchObject({ documentId: id, documentName: 'hangars.md' });
    expect(passages[0].text).toContain('The zeppelin hangar 1234 holds');
  }, 60_000);

  it('scores are BM25: positive and best first, even in a one-document library', async () => {
    const [moths] = await uploadMarkdown({
      'moths.md':
        '# Moths\n\nThe luna moth is pale green.\n\nThe atlas moth is large; the luna moth is not.\n',
    });
    const { passages } = await search(folio.url, { q: 'luna moth', documentIds: moths });
    expect(passages.length).toBeGreaterThan(0);
    for (const [i, p] of passages.entries()) {
      expect(p.score).toBeGreaterThan(0);
      if (i > 0) expect(p.score).toBeLessThanOrEqual(passages[i - 1].score);
    }
  });

  it('forgets a deleted document and keeps finding the others', async () => {
    const [north, south] = await uploadMarkdown({
      'north-quay.md': '# North quay\n\nThe kelp barges unload at the north quay.\n',
      'south-quay.md': '# South quay\n\nThe kelp barges refuel at the south quay.\n',
    });
    expect(await foundDocuments({ q: 'kelp barges quay' })).toEqual(new Set([north, south]));

    expect((await fetch(`${folio.url}/api/documents/${north}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    const after = await search(folio.url, { q: 'kelp barges quay' });
    expect(after.passages.map((p) => p.documentName)).toEqual(['south-quay.md']);
    expect((await search(folio.url, { q: 'unload north' })).passages).toEqual([]);
  });

  it('keeps to the documents asked for, and a chat to its own', async () => {
    const [ravensholm, dunmere] = await uploadMarkdown({
      'ravensholm.md':
        '# Ravensholm\n\nThe Ravensholm lighthouse keeper lights the lamp at dusk.\n',
      'dunmere.md': '# Dunmere\n\nThe Dunmere lighthouse keeper lights the lamp at dawn.\n',
    });
    const q = 'When does the lighthouse keeper light the lamp?';
    expect(await foundDocuments({ q })).toEqual(new Set([ravensholm, dunmere]));
    const scoped = await search(folio.url, { q, documentIds: dunmere });
    expect(scoped.passages.map((p) => p.documentName)).toEqual(['dunmere.md']);
    const unknown = await search(folio.url, { q, documentIds: 'no-such-document' });
    expect(unknown).toEqual({ status: 200, passages: [] });

    const chat = await createChat(folio.url, { documentIds: [dunmere] });
    await readUIParts(await ask(folio.url, chat.id, q));
    const [, answer] = (await getChat(folio.url, chat.id)).messages;
    expect(answer.sources.length).toBeGreaterThan(0);
    expect(new Set(answer.sources.map((s) => s.documentName))).toEqual(new Set(['dunmere.md']));
    expect(answer.content).toContain('dawn');
  });

  it('takes hostile query text and still finds the words in it', async () => {
    await uploadFiles(folio.url, [
      { name: 'orchard.md', content: '# Orchard\n\nThe orchard grows Äpfel and quinces.\n' },
    ]);
    const hostile = [
      '"orchard',
      'orchard" OR "',
      'orchard NOT AND OR NEAR(',
      'orchard*',
      '^text:orchard',
      '(orchard) + {quinces} - [x]',
      "orchard'; DROP TABLE chunks; --",
      'orchard\u0000\u202e\ud800',
      '🍎 ÄPFEL ñ orchard',
      // Percent-encoded, unicode takes up to 12 bytes of URL a character: this stays under
      // Node's 16 KB header limit, past which any URL is refused (431) before Folio sees it.
      `${'🍎 Äpfel ñ 東京 '.repeat(120)} orchard`,
      // Only a query's first 64 terms count, so the word searched for comes first here.
      `orchard ${Array.from({ length: 1_500 }, (_, i) => `w${i}`).join(' ')}`.slice(0, 10_000),
    ];
    for (const q of hostile) {
      const { status, passages } = await search(folio.url, { q });
      expect(status, q.slice(0, 40)).toBe(200);
      expect(passages[0]?.documentName, q.slice(0, 40)).toBe('orchard.md');
    }
    expect(await search(folio.url, { q: 'x'.repeat(10_000) })).toEqual({
      status: 200,
      passages: [],
    });
    expect((await search(folio.url, { q: 'äpfel' })).passages[0]?.documentName).toBe('orchard.md');
  });
});
