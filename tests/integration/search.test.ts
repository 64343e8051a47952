/**
 * GET /api/search and chat retrieval through the real server, over Folio's own search index:
 * passages are found only once their document is ready, go when it is deleted, stay within a
 * chat's documents, any query text is safe, and a database from before the index (FTS5) is
 * indexed on its first start.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PassageRow } from '@/db/queries';
import { ask, createChat, getChat, uploadFiles } from '../support/api';
import { type FolioServer, startFolio } from '../support/server';
import { readUIParts } from '../support/ui-stream';

let folio: FolioServer;

async function search(url: string, params: Record<string, string>) {
  const res = await fetch(`${url}/api/search?${new URLSearchParams(params)}`);
  return {
    status: res.status,
    passages: ((await res.json()) as { passages: PassageRow[] }).passages,
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

/** A data folder as Folio left it before its own search index: migrations 0000–0003, FTS5. */
function legacyDataDir(documents: Array<{ id: string; name: string; paragraphs: string[] }>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-legacy-'));
  const migrations = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-legacy-migrations-'));
  const current = path.resolve(import.meta.dirname, '../../db/migrations');
  fs.mkdirSync(path.join(migrations, 'meta'), { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(current, 'meta/_journal.json'), 'utf8'));
  journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= 3);
  for (const { tag } of journal.entries) {
    fs.copyFileSync(path.join(current, `${tag}.sql`), path.join(migrations, `${tag}.sql`));
  }
  fs.writeFileSync(path.join(migrations, 'meta/_journal.json'), JSON.stringify(journal));

  const sqlite = new Database(path.join(dataDir, 'folio.db'));
  migrate(drizzle({ client: sqlite }), { migrationsFolder: migrations });
  const insertDocument = sqlite.prepare(
    `INSERT INTO documents (id, name, media_type, size, sha256, status, pages, pages_done, chunks,
       text, page_offsets, created_at)
     VALUES (?, ?, 'text/markdown', ?, ?, 'ready', 1, 1, ?, ?, ?, ?)`,
  );
  const insertChunk = sqlite.prepare(
    `INSERT INTO chunks (document_id, "index", text, page_start, page_end, char_start, char_end, heading)
     VALUES (?, ?, ?, 1, 1, ?, ?, ?)`,
  );
  for (const doc of documents) {
    const text = doc.paragraphs.join('\n\n');
    const pages = JSON.stringify([{ number: 1, charStart: 0, charEnd: text.length }]);
    insertDocument.run(
      doc.id,
      doc.name,
      text.length,
      doc.id,
      doc.paragraphs.length,
      text,
      pages,
      0,
    );
    let at = 0;
    for (const [i, paragraph] of doc.paragraphs.entries()) {
      insertChunk.run(doc.id, i, paragraph, at, at + paragraph.length, doc.name);
      at += paragraph.length + 2;
    }
  }
  sqlite.close();
  return dataDir;
}

describe('upgrading a database searched with FTS5', () => {
  it('indexes its documents on the first start, once, and they delete as any other', async () => {
    const dataDir = legacyDataDir([
      {
        id: 'legacy-mill',
        name: 'Mill',
        paragraphs: ['The watermill grinds rye.', 'Its wheel turns in the millrace.'],
      },
      { id: 'legacy-forge', name: 'Forge', paragraphs: ['The forge bellows roar at noon.'] },
    ]);
    let upgraded = await startFolio({ dataDir });
    try {
      expect(upgraded.output()).toContain('Indexed 2 document(s) into the new search index.');
      const first = await search(upgraded.url, { q: 'watermill wheel forge' });
      expect(first.passages.map((p) => p.text).sort()).toEqual([
        'Its wheel turns in the millrace.',
        'The forge bellows roar at noon.',
        'The watermill grinds rye.',
      ]);
      // Indexed with their heading, as before.
      expect((await search(upgraded.url, { q: 'Mill' })).passages).toHaveLength(2);

      await upgraded.stop();
      upgraded = await startFolio({ dataDir });
      expect(upgraded.output()).not.toContain('into the new search index');
      expect(await search(upgraded.url, { q: 'watermill wheel forge' })).toEqual(first);

      await fetch(`${upgraded.url}/api/documents/legacy-mill`, { method: 'DELETE' });
      const after = await search(upgraded.url, { q: 'watermill wheel forge' });
      expect(after.passages.map((p) => p.documentId)).toEqual(['legacy-forge']);
    } finally {
      await upgraded.stop();
    }
  });
});
