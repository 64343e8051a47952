/**
 * Reading documents within limits: a file that would take more memory, processor time or pages
 * than a reader is given fails with a message that says which, and nothing else is held up;
 * deleting a document stops its reading.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { uploadFiles } from '../support/api';
import { buildLongDocx } from '../support/docx';
import { readerTicks, repeatedPages } from '../support/readers';
import { type FolioServer, startFolio } from '../support/server';

// Each test waits for readings that take seconds on a quiet machine, many more on a busy one.
vi.setConfig({ testTimeout: 90_000 });

describe('a reader held to 128 MB', () => {
  let folio: FolioServer;
  beforeAll(async () => {
    folio = await startFolio({ env: { FOLIO_READER_MEMORY_MB: '128' } });
  });
  afterAll(async () => {
    await folio?.stop();
  });

  it('fails a Word file that needs more memory, and goes on reading the next', async () => {
    const { body } = await uploadFiles(folio.url, [
      { name: 'harbour-log.docx', content: new Uint8Array(buildLongDocx(10)) },
    ]);
    expect(body.documents[0]).toMatchObject({ name: 'harbour-log.docx', status: 'failed' });
    expect(body.documents[0].error).toBe(
      'Reading this file took more memory than Folio allows a reader (128 MB), so it was stopped. Split it into smaller files, or raise FOLIO_READER_MEMORY_MB.',
    );
    const next = await uploadFiles(folio.url, [{ name: 'after.txt', content: 'Gulls at dawn.' }]);
    expect(next.body.documents[0]).toMatchObject({ status: 'ready', chunks: 1 });
  });
});

describe('a reader held to 1,000 pages and 2 s of processor time', () => {
  let folio: FolioServer;
  beforeAll(async () => {
    folio = await startFolio({
      env: { FOLIO_READER_CPU_S: '2', FOLIO_READER_MAX_PAGES: '1000' },
    });
  });
  afterAll(async () => {
    await folio?.stop();
  });

  // 20,000 rather than the 200,000 of the attack: opening a page tree that long takes pdf.js
  // about as much processor time as this reader is allowed, and more on a busy machine.
  it('fails a PDF whose page tree lists a page 20,000 times before reading any', async () => {
    const began = Date.now();
    const { body } = await uploadFiles(folio.url, [
      { name: 'loop.pdf', content: repeatedPages(20_000) },
      { name: 'note.txt', content: 'A note of thirty-four bytes, here.' },
    ]);
    expect(body.documents.map((d) => d.status)).toEqual(['failed', 'ready']);
    expect(body.documents[0].error).toBe(
      'This PDF has 20,000 pages; Folio reads at most 1,000 (FOLIO_READER_MAX_PAGES). Split it into smaller files.',
    );
    expect(Date.now() - began).toBeLessThan(30_000); // uploadFiles gives up polling at 30 s
  });

  it('stops a reading that takes more processor time', async () => {
    const { body } = await uploadFiles(folio.url, [
      { name: 'ledger.pdf', content: repeatedPages(900) },
    ]);
    expect(body.documents[0]).toMatchObject({ status: 'failed' });
    expect(body.documents[0].error).toBe(
      'Reading this file took more than 2 seconds of processor time, so it was stopped. Split it into smaller files, or raise FOLIO_READER_CPU_S.',
    );
    expect((await fetch(`${folio.url}/api/health`)).ok).toBe(true);
  });
});

describe('deleting a document being read', () => {
  let folio: FolioServer;
  beforeAll(async () => {
    folio = await startFolio();
  });
  afterAll(async () => {
    await folio?.stop();
  });

  it('stops its reading', async () => {
    const form = new FormData();
    form.append('file', new Blob([repeatedPages(3000)]), 'long-ledger.pdf');
    const res = await fetch(`${folio.url}/api/documents`, { method: 'POST', body: form });
    const { id } = (await res.json()).documents[0];
    for (let doc = { pagesDone: 0 }; doc.pagesDone === 0; ) {
      await new Promise((r) => setTimeout(r, 50));
      doc = await (await fetch(`${folio.url}/api/documents/${id}`)).json();
    }
    expect(readerTicks(folio.process.pid!)).toBeGreaterThan(0);

    expect((await fetch(`${folio.url}/api/documents/${id}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    const afterDelete = readerTicks(folio.process.pid!);
    await new Promise((r) => setTimeout(r, 1500));
    expect(readerTicks(folio.process.pid!) - afterDelete).toBeLessThan(10); // a tenth of a second at most
    expect((await fetch(`${folio.url}/api/documents/${id}`)).status).toBe(404);

    const next = await uploadFiles(folio.url, [{ name: 'next.txt', content: 'Read after.' }]);
    expect(next.body.documents[0]).toMatchObject({ status: 'ready' });
  });
});
