/**
 * copy-to-postgres and passages' embeddings: copied, and checked, when the server has pgvector
 * (PGlite, which ships it), so the copy finds the same nearest passages; left behind with the
 * reason said when it has not (Debian 12's PostgreSQL).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '@/db';
import { copyToPostgres } from '@/db/copy-to-postgres';
import { createPgVectorIndex } from '@/db/postgres/vectors';
import { createTestDatabase, freshSettings } from '../../support/backends';
import { type PgliteServer, startPglite } from '../../support/pglite';

const texts = ['The canal locks open at nine.', 'Barges wait below the locks.', 'Tolls are paid.'];
const embeddings = [
  Float32Array.of(1, 0, 0, 0.5),
  Float32Array.of(0.2, 1, 0, 0),
  Float32Array.of(0, 0.3, 1, 0.1),
];
const query = Float32Array.of(0.9, 0.1, 0, 0.4);
let dataDir: string;
let nearestInSqlite: Array<{ chunkId: number; distance: number }>;

beforeAll(async () => {
  const settings = await freshSettings('sqlite');
  if (settings.backend !== 'sqlite') throw new Error('SQLite settings expected');
  dataDir = settings.dataDir;
  const storage = await openStorage(settings);
  const text = texts.join('\n\n');
  const upload = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'folio-upload-')), 'canal.md');
  fs.writeFileSync(upload, text);
  await storage.documents.add(
    {
      id: 'canal',
      name: 'canal.md',
      mediaType: 'text/markdown',
      size: text.length,
      sha256: createHash('sha256').update(text).digest('hex'),
    },
    upload,
  );
  let at = 0;
  const passages = texts.map((t, index) => {
    const charStart = text.indexOf(t, at);
    at = charStart + t.length;
    return { index, text: t, pageStart: 1, pageEnd: 1, charStart, charEnd: at };
  });
  await storage.jobs.complete('canal', {
    mediaType: 'text/markdown',
    text,
    pages: [{ number: 1, charStart: 0, charEnd: text.length, reading: 'text' }],
    passages,
    embeddings,
  });
  nearestInSqlite = await storage.search.nearest(query, { k: 3 });
  await storage.close();
});

describe('to a server with pgvector', () => {
  let server: PgliteServer;
  beforeAll(async () => {
    server = await startPglite();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('copies them, checks them, and the copy finds the same nearest passages', async () => {
    const report = await copyToPostgres({ dataDir, url: server.url });
    expect(report.problems).toEqual([]);
    expect(report.notes).toEqual([]);
    expect(report.checked).toContainEqual(
      expect.stringMatching(/^embeddings \(chunk_vectors_4\): 3 rows/),
    );
    // PGlite serves one connection at a time, and the copy's is still closing.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const pool = new pg.Pool({ connectionString: server.url, max: 1 });
    try {
      const found = await createPgVectorIndex(pool).nearest(query, 3);
      expect(found.map((f) => f.chunkId)).toEqual(nearestInSqlite.map((n) => n.chunkId));
      found.forEach((f, i) => {
        expect(f.distance).toBeCloseTo(nearestInSqlite[i].distance, 5);
      });
    } finally {
      await pool.end();
    }
  });
});

it('leaves them behind on a server without pgvector, saying why', async () => {
  const report = await copyToPostgres({ dataDir, url: await createTestDatabase() });
  expect(report.problems).toEqual([]);
  expect(report.notes).toEqual([
    expect.stringMatching(
      /^3 passage embeddings were not copied, as the PostgreSQL server has no pgvector extension.*found by BM25 alone\.$/,
    ),
  ]);
});
