/**
 * A document's passages enter the search index in the transaction that makes it ready, so
 * nothing half-read is ever found, and they leave it with the document; a document read twice
 * at once (two readers, two servers) is stored once, and the same bytes uploaded twice at once
 * make one document.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Storage } from '@/db';
import { backends, openTestStorage } from '../../support/backends';

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
const read = {
  mediaType: 'text/markdown',
  text: texts.join('\n\n'),
  pages: [{ number: 1, charStart: 0, charEnd: 62, reading: 'text' as const }],
  passages,
};

async function addCanal(storage: Storage) {
  const upload = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'folio-upload-')), 'canal.md');
  fs.writeFileSync(upload, read.text);
  await storage.documents.add(
    { id: 'canal', name: 'canal.md', mediaType: 'text/markdown', size: 62, sha256: 'canal' },
    upload,
  );
}

const found = async (storage: Storage, query: string) =>
  (await storage.search.passages(query, { k: 5 })).map((p) => p.text).sort();

describe.each(backends)('a document in search (%s)', (backend) => {
  it('is found once read, by its text and its heading, and not after it is deleted', async () => {
    const storage = await openTestStorage(backend);
    await addCanal(storage);
    expect(await found(storage, 'canal locks')).toEqual([]);
    await storage.jobs.complete('canal', read);
    expect(await found(storage, 'canal locks')).toEqual([...texts].sort());
    expect(await found(storage, 'Canal')).toHaveLength(2); // by its heading too
    expect(await storage.documents.get('canal')).toMatchObject({ status: 'ready', chunks: 2 });
    expect(await storage.search.passages('barges', { k: 5, documentIds: ['other'] })).toEqual([]);
    expect(await storage.documents.remove('canal')).toBe(true);
    expect(await found(storage, 'canal locks')).toEqual([]);
    expect(await storage.files.read('canal')).toBeUndefined();
  });
});

describe('a commit that fails midway (sqlite)', () => {
  it('leaves nothing searchable and the document processing', async () => {
    const storage = await openTestStorage('sqlite');
    await addCanal(storage);
    // sqlite-vec refuses the second vector (its table is sized by the first), after the chunks
    // and their index entries were written in the same transaction.
    const mismatched = [new Float32Array([1, 0, 0, 0]), new Float32Array([1, 0, 0])];
    await expect(
      storage.jobs.complete('canal', { ...read, embeddings: mismatched }),
    ).rejects.toThrow();
    expect(await found(storage, 'canal locks')).toEqual([]);
    expect(await storage.documents.get('canal')).toMatchObject({ status: 'processing', chunks: 0 });
    await storage.jobs.complete('canal', read);
    expect(await found(storage, 'canal locks')).toEqual([...texts].sort());
  });
});

describe.each(backends)('reading and uploading at once (%s)', (backend) => {
  it('a document is completed once: a second reading of it stores nothing', async () => {
    const storage = await openTestStorage(backend);
    await addCanal(storage);
    expect(await storage.jobs.complete('canal', read)).toBe(true);
    expect(await storage.jobs.complete('canal', read)).toBe(false);
    expect(await storage.documents.get('canal')).toMatchObject({ status: 'ready', chunks: 2 });
    expect(await found(storage, 'canal locks')).toHaveLength(2);
    // Nor is one deleted while it was read.
    await storage.documents.remove('canal');
    expect(await storage.jobs.complete('canal', read)).toBe(false);
    expect(await found(storage, 'canal locks')).toEqual([]);
  });

  it('the same bytes uploaded twice at once make one document', async () => {
    const storage = await openTestStorage(backend);
    const upload = (id: string) => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'folio-upload-')), 'same.md');
      fs.writeFileSync(file, 'the same bytes');
      const document = { id, name: `${id}.md`, mediaType: 'text/markdown', size: 14 };
      return storage.documents.add({ ...document, sha256: 'same-bytes' }, file);
    };
    const [first, second] = await Promise.all([upload('lock-a'), upload('lock-b')]);
    expect([first.inserted, second.inserted].sort()).toEqual([false, true]);
    expect(second.document.id).toBe(first.document.id);
    expect(await storage.documents.list()).toHaveLength(1);
    expect((await storage.files.read(first.document.id))?.bytes).toEqual(
      new Uint8Array(Buffer.from('the same bytes')),
    );
  });
});
