/**
 * Pages read by OCR, with the real Tesseract (tesseract.js and its English data from npm), on
 * pages these tests draw: a small text PDF drawn by pdf.js at 300 dpi, kept as a picture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chunkDocument,
  type DocumentError,
  type PageRecognizer,
  type ParsedDocument,
  parseDocument,
} from '@/lib/documents';
import { TesseractRecognizer } from '@/lib/documents/ocr/tesseract';
import type { GrayImage } from '@/lib/documents/types';
import { buildPdf, type PdfLine } from '../../support/pdf';
import { drawPdfPages, encodePicture, tiffOf } from '../../support/scan';

const ocrTimeout = 180_000;
const recognizer = new TesseractRecognizer(['eng']);
afterAll(() => recognizer.close());

const size = { width: 420, height: 200 };
const lines = (...texts: string[]): PdfLine[] =>
  texts.map((text, i) => ({ text, x: 36, y: 150 - i * 28, size: 18 }));
const CANAL = lines('The canal opened in 1820.', 'It has twelve locks.');
const RIVER = lines('The river floods each spring.');

/** A page of text drawn as a scanner would see it. */
async function picture(page: PdfLine[]): Promise<GrayImage> {
  const [drawn] = await drawPdfPages(buildPdf({ pages: [page], size }), 300);
  return drawn;
}

let canal: GrayImage;
let river: GrayImage;
beforeAll(async () => {
  [canal, river] = await Promise.all([picture(CANAL), picture(RIVER)]);
});

const ocr = (bytes: Uint8Array, name: string, options = {}) =>
  parseDocument(bytes, name, { recognizer, ...options });

const pageText = (doc: ParsedDocument, number: number) => {
  const page = doc.pages[number - 1];
  return doc.text.slice(page.charStart, page.charEnd);
};

/** The word of a page at `index`, as its text says it, and its box. */
function word(doc: ParsedDocument, number: number, text: string) {
  const page = doc.pages[number - 1];
  const found = page.words?.find(
    (w) => doc.text.slice(page.charStart + w.charStart, page.charStart + w.charEnd) === text,
  );
  if (!found) throw new Error(`No word "${text}" on page ${number}`);
  return found.box;
}

async function failure(promise: Promise<unknown>): Promise<DocumentError> {
  return promise.then(
    () => expect.unreachable('parsing should have failed'),
    (error: DocumentError) => error,
  );
}

describe('a scanned PDF', { timeout: ocrTimeout }, () => {
  it('is read by OCR, keeping its page number and where each word lies', async () => {
    const doc = await ocr(buildPdf({ pages: [[]], pictures: [canal] }), 'scan.pdf');
    expect(doc.pages.map((page) => page.reading)).toEqual(['ocr']);
    expect(pageText(doc, 1).replace(/\s+/g, ' ')).toBe(
      'The canal opened in 1820. It has twelve locks.',
    );
    // "twelve" sits on the second line, 28 points below the first of a 200-point page, after
    // "It has " from 36 points in: its box says so as fractions of the page.
    const [left, top, right, bottom] = word(doc, 1, 'twelve');
    expect(left).toBeGreaterThan(36 / 420 + 0.05);
    expect(right).toBeLessThan(0.6);
    expect(top).toBeGreaterThan((200 - 122 - 18) / 200 - 0.03);
    expect(bottom).toBeLessThan((200 - 122 + 6) / 200 + 0.03);
    expect(top).toBeLessThan(bottom);
  });

  it('that mixes text and scanned pages is read page by page, each the right way', async () => {
    const mixed = buildPdf({ pages: [RIVER, [], CANAL], pictures: [undefined, canal], size });
    const doc = await ocr(mixed, 'mixed.pdf');
    expect(doc.pages.map((page) => page.reading)).toEqual(['text', 'ocr', 'text']);
    expect(pageText(doc, 1)).toBe('The river floods each spring.');
    expect(pageText(doc, 2)).toContain('twelve locks');
    expect(doc.pages[0].words).toBeUndefined();
    expect(doc.pages[1].words?.length).toBeGreaterThan(5);
  });

  it('keeps its words on their text when a word broken over the page break is mended', async () => {
    // Page 1 ends "a mar-" in its text layer; the scan of page 2 goes on "vel of its age".
    const marvel = await picture(lines('vel of its age, and is still in use.'));
    const pdf = buildPdf({
      pages: [lines('The canal was a mar-'), []],
      pictures: [undefined, marvel],
      size,
    });
    const doc = await ocr(pdf, 'canal.pdf');
    expect(doc.text).toBe('The canal was a marvel of its age, and is still in use.');
    expect(doc.pages.map((page) => page.reading)).toEqual(['text', 'ocr']);
    const page = doc.pages[1];
    const said = (page.words ?? []).map((w) =>
      doc.text.slice(page.charStart + w.charStart, page.charStart + w.charEnd),
    );
    // "vel" went to page 1 with the rest of its word; every other word is where it was read.
    expect(said).toEqual(['', 'of', 'its', 'age,', 'and', 'is', 'still', 'in', 'use.']);
  });

  it('whose text layer is glyph codes is read from its picture instead', async () => {
    // A font that does not say which letters its glyphs are: pdf.js returns control codes.
    const codes = Array.from({ length: 30 }, (_, i) => String.fromCharCode(1 + (i % 20))).join('');
    const doc = await ocr(
      buildPdf({ pages: [lines(codes)], pictures: [river] }),
      'unmapped-font.pdf',
    );
    expect(doc.pages[0].reading).toBe('ocr');
    expect(doc.text).toBe('The river floods each spring.');
  });

  it('whose scan carries a few words of text (a stamp) is read from its picture', async () => {
    const stamped = buildPdf({ pages: [lines('EXHIBIT 4')], pictures: [canal] });
    const doc = await ocr(stamped, 'stamped.pdf');
    expect(doc.pages[0].reading).toBe('ocr');
    expect(doc.text).toContain('twelve locks');
  });

  it('tells a blank page from a picture in which no text could be read', async () => {
    const speckled: GrayImage = {
      ...canal,
      pixels: canal.pixels.map((_, i) => ((i * 2654435761) >>> 24 > 250 ? 0 : 255)),
    };
    const doc = await ocr(
      buildPdf({ pages: [RIVER, [], []], pictures: [undefined, undefined, speckled], size }),
      'appendix.pdf',
    );
    expect(doc.pages.map((page) => page.reading)).toEqual(['text', 'blank', 'unreadable']);
    expect(
      await failure(ocr(buildPdf({ pages: [[]], pictures: [speckled] }), 'speckles.pdf')),
    ).toMatchObject({
      code: 'no-text',
      message:
        'No text to search in this PDF: no text could be recognised in the pictures on its pages.',
    });
  });

  it('stops between pages once its reading is cancelled', async () => {
    const controller = new AbortController();
    let recognised = 0;
    const counting: PageRecognizer = {
      async recognize(image) {
        recognised++;
        controller.abort(new Error('The document was deleted.'));
        return recognizer.recognize(image);
      },
    };
    const twoScans = buildPdf({ pages: [[], []], pictures: [canal, river] });
    const error = await failure(
      parseDocument(twoScans, 'scan.pdf', { recognizer: counting, signal: controller.signal }),
    );
    expect(error.message).toBe('The document was deleted.');
    expect(recognised).toBe(1);
  });
});

describe("a scanned book's running header and page numbers", { timeout: ocrTimeout }, () => {
  // Three pages of a book: the first opens with a title, the others carry a running header with
  // the page number at its right; one sentence runs over each page break.
  const book = { width: 420, height: 300 };
  const header = (number: number): PdfLine[] => [
    { text: 'Chapter 3 · The Keepers', x: 36, y: 275, size: 10 },
    { text: String(number), x: 370, y: 275, size: 10 },
  ];
  const body = (...texts: string[]): PdfLine[] =>
    texts.map((text, i) => ({ text, x: 36, y: 220 - i * 20, size: 12 }));
  const BOOK: PdfLine[][] = [
    [
      { text: 'The Lighthouse Keepers', x: 36, y: 265, size: 16 },
      ...body('The first keepers lived in the tower with', 'their families and'),
      { text: '47', x: 205, y: 20, size: 10 },
    ],
    [...header(48), ...body('kept the lamp burning through every storm. Their')],
    [...header(49), ...body('logs were sent to the harbour master each month.')],
  ];
  const TEXT =
    'The Lighthouse Keepers\n\nThe first keepers lived in the tower with their families and kept the lamp burning through every storm. Their logs were sent to the harbour master each month.';

  let pages: GrayImage[];
  beforeAll(async () => {
    pages = await drawPdfPages(buildPdf({ pages: BOOK, size: book }), 300);
  });

  /** The words of a page as its text says them, with their boxes. */
  const wordsOf = (doc: ParsedDocument, number: number) => {
    const page = doc.pages[number - 1];
    return (page.words ?? []).map((w) => ({
      text: doc.text.slice(page.charStart + w.charStart, page.charStart + w.charEnd),
      box: w.box,
    }));
  };

  it('are left out of the passages of a scanned PDF, its title kept and its words in place', async () => {
    const doc = await ocr(buildPdf({ pages: BOOK.map(() => []), pictures: pages }), 'book.pdf');
    expect(doc.pages.map((page) => page.reading)).toEqual(['ocr', 'ocr', 'ocr']);
    expect(doc.text).toBe(TEXT);
    const passages = chunkDocument(doc).map((chunk) => chunk.text);
    expect(passages.join(' ')).not.toMatch(/Chapter|\b4[789]\b/);
    expect(
      passages.some((passage) => passage.includes('with their families and kept the lamp')),
    ).toBe(true);
    // Every word kept is where its text is, the header's words gone with it: the page's words
    // mark on the scan what the passage says.
    expect(wordsOf(doc, 1).map((w) => w.text)).toEqual(
      'The Lighthouse Keepers The first keepers lived in the tower with their families and'.split(
        ' ',
      ),
    );
    expect(wordsOf(doc, 2).map((w) => w.text)).toEqual(
      'kept the lamp burning through every storm. Their'.split(' '),
    );
    // "kept" is read on the first body line, 80 points down the 300-point page, not in the header.
    const [, top, , bottom] = wordsOf(doc, 2)[0].box;
    expect(top).toBeGreaterThan(66 / 300);
    expect(bottom).toBeLessThan(86 / 300);
  });

  it('are left out where OCR misreads the header on a page, a title like it kept', async () => {
    // The header as Tesseract misreads it on a scan ("Kcepers"), and the chapter's title at the
    // top of its first page in the header's words.
    const misread = (text: string, page: PdfLine[]) =>
      page.map((line) => (line.text === 'Chapter 3 · The Keepers' ? { ...line, text } : line));
    const [sweepers, kcepers] = await drawPdfPages(
      buildPdf({
        pages: [
          [{ ...BOOK[0][0], text: 'The Keepers' }, ...BOOK[0].slice(1)],
          misread('Chapter 3 - The Kcepers', BOOK[1]),
        ],
        size: book,
      }),
      300,
    );
    const doc = await ocr(
      buildPdf({ pages: BOOK.map(() => []), pictures: [sweepers, kcepers, pages[2]] }),
      'book.pdf',
    );
    expect(doc.text).toBe(TEXT.replace('The Lighthouse Keepers', 'The Keepers'));
  });

  it("are left out of a TIFF's pages, which join as a PDF's do", async () => {
    const doc = await ocr(tiffOf(pages.slice(1)), 'book.tif');
    expect(doc.text).toBe(
      'kept the lamp burning through every storm. Their logs were sent to the harbour master each month.',
    );
    expect(wordsOf(doc, 2).map((w) => w.text)).toEqual(
      'logs were sent to the harbour master each month.'.split(' '),
    );
  });
});

describe('a picture', { timeout: ocrTimeout }, () => {
  it.each(['png', 'jpeg', 'webp'] as const)('in %s is read by OCR as one page', async (format) => {
    const doc = await ocr(encodePicture(canal, format), `photo.${format}`);
    expect(doc).toMatchObject({ type: 'image', mediaType: `image/${format}` });
    expect(doc.pages.map((page) => page.reading)).toEqual(['ocr']);
    expect(doc.text.replace(/\s+/g, ' ')).toBe('The canal opened in 1820. It has twelve locks.');
    expect(word(doc, 1, 'canal')[0]).toBeGreaterThan(0.1);
  });

  it('in a many-page TIFF is read page by page', async () => {
    const doc = await ocr(tiffOf([canal, river]), 'fax.tif');
    expect(doc).toMatchObject({ type: 'image', mediaType: 'image/tiff' });
    expect(doc.pages.map((page) => page.reading)).toEqual(['ocr', 'ocr']);
    expect(pageText(doc, 2)).toBe('The river floods each spring.');
  });

  it('that is damaged, too large, or read where OCR is missing, says so', async () => {
    const png = encodePicture(canal, 'png');
    expect(await failure(ocr(png.slice(0, 60), 'cut.png'))).toMatchObject({
      code: 'corrupt',
      message: 'This picture is damaged and cannot be read.',
    });
    // A header claiming 30000 × 30000 pixels: decoded, it would take 3.6 GB.
    const huge = png.slice();
    new DataView(huge.buffer).setUint32(16, 30_000);
    new DataView(huge.buffer).setUint32(20, 30_000);
    expect(await failure(ocr(huge, 'huge.png'))).toMatchObject({
      code: 'too-large',
      message: expect.stringContaining('30000 × 30000 pixels (900 megapixels)'),
    });
    expect(await failure(parseDocument(png, 'photo.png'))).toMatchObject({ code: 'no-text' });
  });
});
