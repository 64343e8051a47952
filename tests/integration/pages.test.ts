/**
 * Every page read, through the real server: scanned pages recognised in the background with
 * their progress, an honest page count per document, word boxes for the viewer, the new formats,
 * and the OCR languages the server is started with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrayImage } from '@/lib/documents/types';
import { uploadFiles } from '../support/api';
import { buildPptx, buildXlsx } from '../support/office';
import { buildPdf, type PdfLine } from '../support/pdf';
import { drawPdfPages, encodePicture } from '../support/scan';
import { type FolioServer, startFolio } from '../support/server';

const size = { width: 420, height: 200 };
const lines = (...texts: string[]): PdfLine[] =>
  texts.map((text, i) => ({ text, x: 36, y: 150 - i * 28, size: 18 }));

async function picture(page: PdfLine[]): Promise<GrayImage> {
  const [drawn] = await drawPdfPages(buildPdf({ pages: [page], size }), 300);
  return drawn;
}

interface DocumentView {
  id: string;
  name: string;
  status: string;
  stage: string | null;
  mediaType: string;
  pages: number;
  pagesDone: number;
  pagesFromText: number;
  pagesOcr: number;
  pagesBlank: number;
  pagesUnreadable: number;
  error: string | null;
}

let folio: FolioServer;
let scans: GrayImage[];

beforeAll(async () => {
  [folio, ...scans] = await Promise.all([
    startFolio(),
    picture(lines('The canal opened in 1820.', 'It has twelve locks.')),
    picture(lines('The river floods each spring.')),
    picture(lines('Barges carried coal and grain.')),
  ]);
});
afterAll(async () => {
  await folio?.stop();
});

async function upload(name: string, content: Uint8Array): Promise<DocumentView> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(content)]), name);
  const res = await fetch(`${folio.url}/api/documents`, { method: 'POST', body: form });
  expect(res.status).toBe(201);
  return ((await res.json()) as { documents: DocumentView[] }).documents[0];
}

const documentView = async (id: string) =>
  (await (await fetch(`${folio.url}/api/documents/${id}`)).json()) as DocumentView;

describe('a scanned PDF', () => {
  it('is recognised in the background, page by page, without slowing the server', async () => {
    const scan = buildPdf({ pages: [[], [], []], pictures: scans });
    const { id } = await upload('canal-scan.pdf', scan);
    const seen: string[] = [];
    let slowestHealthMs = 0;
    let doc = await documentView(id);
    const deadline = Date.now() + 240_000;
    while (doc.status === 'processing' && Date.now() < deadline) {
      if (doc.stage === 'recognising') seen.push(`${doc.pagesDone} of ${doc.pages}`);
      const began = Date.now();
      expect((await fetch(`${folio.url}/api/health`)).ok).toBe(true);
      slowestHealthMs = Math.max(slowestHealthMs, Date.now() - began);
      await new Promise((resolve) => setTimeout(resolve, 100));
      doc = await documentView(id);
    }
    expect(doc).toMatchObject({
      status: 'ready',
      mediaType: 'application/pdf',
      pages: 3,
      pagesFromText: 0,
      pagesOcr: 3,
      pagesBlank: 0,
      pagesUnreadable: 0,
    });
    // The library showed "Recognising page n of 3" while it read.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((progress) => /^[0-3] of 3$/.test(progress))).toBe(true);
    expect(slowestHealthMs).toBeLessThan(1000);

    // Its text is searchable, on the page it was read from…
    const search = (await (
      await fetch(`${folio.url}/api/search?q=${encodeURIComponent('river floods')}`)
    ).json()) as {
      passages: Array<{
        documentId: string;
        pageStart: number;
        pageEnd: number;
        text: string;
      }>;
    };
    const passage = search.passages.find((found) => found.documentId === id)!;
    expect(passage.text).toContain('The river floods each spring.');
    expect(passage.pageStart).toBeLessThanOrEqual(2);
    expect(passage.pageEnd).toBeGreaterThanOrEqual(2);

    // …and each word of the passage has its box on that page's picture.
    const { words } = (await (
      await fetch(`${folio.url}/api/documents/${id}/pages/2/words`)
    ).json()) as { words: Array<{ charStart: number; charEnd: number; box: number[] }> };
    const text = (
      (await (await fetch(`${folio.url}/api/documents/${id}/text`)).json()) as {
        text: string;
      }
    ).text;
    expect(words.map((word) => text.slice(word.charStart, word.charEnd))).toEqual([
      'The',
      'river',
      'floods',
      'each',
      'spring.',
    ]);
    for (const { box } of words) {
      const [left, top, right, bottom] = box;
      expect(
        0 <= left && left < right && right <= 1 && 0 <= top && top < bottom && bottom <= 1,
      ).toBe(true);
    }
  }, 300_000);

  it('with a page of no readable text counts it, and stays searchable', async () => {
    const speckled: GrayImage = {
      ...scans[0],
      pixels: scans[0].pixels.map((_, i) => ((i * 2654435761) >>> 24 > 250 ? 0 : 255)),
    };
    const mixed = buildPdf({
      pages: [lines('The orchard has forty apple trees.'), [], []],
      pictures: [undefined, undefined, speckled],
      size,
    });
    const {
      body: { documents },
    } = await uploadFiles(folio.url, [{ name: 'orchard.pdf', content: mixed }], {
      timeoutMs: 180_000,
    });
    expect(documents[0]).toMatchObject({
      status: 'ready',
      pages: 3,
      pagesFromText: 1,
      pagesOcr: 0,
      pagesBlank: 1,
      pagesUnreadable: 1,
    });
  }, 200_000);
});

describe('scans uploaded together', () => {
  it('take turns at the one OCR engine, and each ends read', async () => {
    const {
      body: { documents },
    } = await uploadFiles(
      folio.url,
      [
        { name: 'first-scan.pdf', content: buildPdf({ pages: [[]], pictures: [scans[0]] }) },
        { name: 'second-scan.pdf', content: buildPdf({ pages: [[]], pictures: [scans[2]] }) },
      ],
      { timeoutMs: 180_000 },
    );
    expect(documents.map(({ status, pagesOcr }) => ({ status, pagesOcr }))).toEqual([
      { status: 'ready', pagesOcr: 1 },
      { status: 'ready', pagesOcr: 1 },
    ]);
  }, 200_000);
});

describe('the words and the text of a page', () => {
  it('are none and its text for a page read from its text, and a bad page is a clear 4xx', async () => {
    const {
      body: { documents },
    } = await uploadFiles(folio.url, [
      { name: 'letter.pdf', content: buildPdf({ pages: [lines('Dear reader,')] }) },
    ]);
    const id = documents[0].id as string;
    const words = await fetch(`${folio.url}/api/documents/${id}/pages/1/words`);
    expect(await words.json()).toEqual({ words: [] });
    const notANumber = await fetch(`${folio.url}/api/documents/${id}/pages/first/words`);
    expect(notANumber.status).toBe(400);
    expect(await notANumber.json()).toEqual({ error: 'The page must be a page number: 1, 2, 3…' });
    expect((await fetch(`${folio.url}/api/documents/${id}/pages/9/words`)).status).toBe(404);
    expect((await fetch(`${folio.url}/api/documents/nope/pages/1/words`)).status).toBe(404);
    const text = await fetch(`${folio.url}/api/documents/${id}/pages/1/text`);
    expect(await text.json()).toEqual({
      number: 1,
      charStart: 0,
      charEnd: 12,
      text: 'Dear reader,',
    });
    expect((await fetch(`${folio.url}/api/documents/${id}/pages/0/text`)).status).toBe(400);
    expect((await fetch(`${folio.url}/api/documents/${id}/pages/2/text`)).status).toBe(404);
  });
});

describe('the formats people keep beside their PDFs', () => {
  it('are read by what their bytes are, each with its pages', async () => {
    const {
      body: { documents },
    } = await uploadFiles(
      folio.url,
      [
        {
          name: 'results.pptx',
          content: buildPptx([
            { title: 'Results', lines: ['Revenue rose'], notes: 'Thank the team.' },
            { lines: ['Questions'] },
          ]),
        },
        { name: 'sales.xlsx', content: buildXlsx({ Sales: [['Region'], ['North']] }) },
        { name: 'sales.csv', content: 'Region,Revenue\nNorth,1.2M\n' },
        // A PNG named .jpg is still a PNG: the bytes decide.
        { name: 'whiteboard.jpg', content: encodePicture(scans[1], 'png') },
      ],
      { timeoutMs: 120_000 },
    );
    expect(
      documents.map(({ name, status, mediaType, pages }) => ({ name, status, mediaType, pages })),
    ).toEqual([
      {
        name: 'results.pptx',
        status: 'ready',
        mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        pages: 2,
      },
      {
        name: 'sales.xlsx',
        status: 'ready',
        mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        pages: 1,
      },
      { name: 'sales.csv', status: 'ready', mediaType: 'text/csv; charset=utf-8', pages: 1 },
      { name: 'whiteboard.jpg', status: 'ready', mediaType: 'image/png', pages: 1 },
    ]);
    const png = await fetch(`${folio.url}/api/documents/${documents[3].id}/file`);
    expect(png.headers.get('content-type')).toBe('image/png');
    const search = (await (
      await fetch(`${folio.url}/api/search?q=${encodeURIComponent('thank the team')}`)
    ).json()) as { passages: Array<{ documentName: string; pageStart: number; text: string }> };
    expect(search.passages[0]).toMatchObject({ documentName: 'results.pptx', pageStart: 1 });
    expect(search.passages[0].text).toContain('Speaker notes: Thank the team.');
  }, 150_000);
});

describe('FOLIO_OCR_LANGUAGES', () => {
  it('reads pages in the languages it names', async () => {
    const german = await picture(lines('Die Straße führt über die Brücke.'));
    const server = await startFolio({ env: { FOLIO_OCR_LANGUAGES: 'deu' } });
    try {
      const {
        body: { documents },
      } = await uploadFiles(
        server.url,
        [{ name: 'brücke.pdf', content: buildPdf({ pages: [[]], pictures: [german] }) }],
        { timeoutMs: 120_000 },
      );
      expect(documents[0]).toMatchObject({ status: 'ready', pagesOcr: 1 });
      const { text } = (await (
        await fetch(`${server.url}/api/documents/${documents[0].id}/text`)
      ).json()) as { text: string };
      expect(text).toBe('Die Straße führt über die Brücke.');
    } finally {
      await server.stop();
    }
  }, 150_000);

  it('stops start-up, naming the variable, when a language’s data is not installed', async () => {
    await expect(startFolio({ env: { FOLIO_OCR_LANGUAGES: 'eng+xyz' } })).rejects.toThrow(
      /FOLIO_OCR_LANGUAGES: no OCR language data for xyz; install it with: npm install @tesseract\.js-data\/xyz/,
    );
    await expect(startFolio({ env: { FOLIO_OCR_LANGUAGES: 'English' } })).rejects.toThrow(
      /FOLIO_OCR_LANGUAGES: must be Tesseract language codes such as eng\+deu/,
    );
  });
});
