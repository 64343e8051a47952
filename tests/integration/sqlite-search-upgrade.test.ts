/**
 * A data folder from a Folio that searched with SQLite's FTS5 is indexed into Folio's own
 * search index on its first start, once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { describe, expect, it } from 'vitest';
import type { Passage } from '@/db';
import { startFolio } from '../support/server';

async function search(url: string, params: Record<string, string>) {
  const res = await fetch(`${url}/api/search?${new URLSearchParams(params)}`);
  return {
    status: res.status,
    passages: ((await res.json()) as { passages: Passage[] }).passages,
  };
}

/** A data folder as Folio left it before its own search index: migrations 0000–0003, FTS5. */
function legacyDataDir(documents: Array<{ id: string; name: string; paragraphs: string[] }>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-legacy-'));
  const migrations = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-legacy-migrations-'));
  const current = path.resolve(import.meta.dirname, '../../db/sqlite/migrations');
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
