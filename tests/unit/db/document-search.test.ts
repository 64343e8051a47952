/**
 * db/queries on a real SQLite file: a document's passages enter the search index in the
 * transaction that makes it ready, so a commit that fails midway leaves none of it searchable,
 * and a document read twice at once (two readers, two servers) is stored once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';

let queries: typeof import('@/db/queries');

beforeAll(async () => {
  process.env.FOLIO_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-db-'));
  queries = await import('@/db/queries');
});

const texts = ['The canal locks open at nine.', 'Barges wait below the canal locks.'];
const passages = texts.map((text, index) => ({
  index,
  text,
  pageStart: 1,
  pageEnd: 1,
  charStart: 0,
  charEnd: text.length,
  heading: 'Canal',
}));
const parsed = {
  mediaType: 'text/markdown',
  text: texts.join('\n\n'),
  pageOffsets: [{ number: 1, charStart: 0, charEnd: 62 }],
  readings: { fromText: 1, ocr: 0, blank: 0, unreadable: 0, words: [] },
};

it('a commit that fails midway leaves nothing searchable and the document processing', async () => {
  await queries.insertProcessingDocument({
    id: 'canal',
    name: 'canal.md',
    mediaType: 'application/octet-stream',
    size: parsed.text.length,
    sha256: 'canal',
  });
  // sqlite-vec refuses the second vector (its table is sized by the first), after the chunks
  // and their index entries were written in the same transaction.
  const mismatched = [new Float32Array([1, 0, 0, 0]), new Float32Array([1, 0, 0])];
  expect(() => queries.completeDocument('canal', parsed, passages, mismatched)).toThrow();
  expect(queries.searchPassages('canal locks', 5)).toEqual([]);
  expect(queries.getDocument('canal')).toMatchObject({ status: 'processing', chunks: 0 });

  queries.completeDocument('canal', parsed, passages);
  const found = queries.searchPassages('canal locks', 5);
  expect(found.map((p) => p.text).sort()).toEqual([...texts].sort());
  expect(queries.searchPassages('Canal', 5)).toHaveLength(2); // by its heading too
});

it('a document is completed once: a second reading of it stores nothing', async () => {
  await queries.insertProcessingDocument({
    id: 'weir',
    name: 'weir.md',
    mediaType: 'application/octet-stream',
    size: parsed.text.length,
    sha256: 'weir',
  });
  const weir = passages.map((p) => ({ ...p, text: p.text.replace('canal', 'weir') }));
  queries.completeDocument('weir', parsed, weir);
  queries.completeDocument('weir', parsed, weir);
  expect(queries.getDocument('weir')).toMatchObject({ status: 'ready', chunks: 2 });
  expect(queries.searchPassages('weir', 10)).toHaveLength(2);
  // Nor is one deleted while it was read.
  await queries.deleteDocument('weir');
  queries.completeDocument('weir', parsed, weir);
  expect(queries.searchPassages('weir', 10)).toEqual([]);
});

it('the same bytes uploaded twice at once make one document', async () => {
  const upload = (id: string) =>
    queries.insertProcessingDocument({
      id,
      name: `${id}.md`,
      mediaType: 'application/octet-stream',
      size: 1,
      sha256: 'same-bytes',
    });
  const [first, second] = await Promise.all([upload('lock-a'), upload('lock-b')]);
  expect([first.inserted, second.inserted]).toEqual([true, false]);
  expect(second.document.id).toBe(first.document.id);
});
