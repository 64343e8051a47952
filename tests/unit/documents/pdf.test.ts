import { describe, expect, it } from 'vitest';
import { chunkDocument, type DocumentError, parseDocument } from '@/lib/documents';
import { buildPdf, type PdfLine } from '../../support/pdf';

const line = (text: string, x: number, y: number, size = 10): PdfLine => ({ text, x, y, size });

async function failure(bytes: Uint8Array): Promise<DocumentError> {
  return parseDocument(bytes, 'file.pdf').then(
    () => expect.unreachable('parsing should have failed'),
    (error: DocumentError) => error,
  );
}

describe('parseDocument on PDF', () => {
  it('extracts each page with its number and offsets, reporting progress per page', async () => {
    const pdf = buildPdf({
      pages: [
        [line('The first page talks about apples.', 72, 700)],
        [],
        [line('The third page talks about pears.', 72, 700)],
      ],
      title: 'Fruit',
    });
    const progress: Array<[string, number, number]> = [];
    const doc = await parseDocument(pdf, 'fruit.pdf', {
      onProgress: (stage, done, count) => progress.push([stage, done, count]),
    });
    expect(doc).toMatchObject({ type: 'pdf', mediaType: 'application/pdf', title: 'Fruit' });
    expect(doc.pages.map((page) => doc.text.slice(page.charStart, page.charEnd))).toEqual([
      'The first page talks about apples.',
      '',
      'The third page talks about pears.',
    ]);
    expect(doc.pages.map((page) => page.number)).toEqual([1, 2, 3]);
    expect(progress).toEqual([
      ['parsing', 1, 3],
      ['parsing', 2, 3],
      ['parsing', 3, 3],
    ]);
    const chunks = chunkDocument(doc, { size: 40, overlap: 0 });
    expect(chunks.map((chunk) => [chunk.pageStart, chunk.pageEnd])).toEqual([
      [1, 1],
      [3, 3],
    ]);
  });

  it('reads a two-column page column by column, whatever order the page draws it in', async () => {
    const left = Array.from({ length: 12 }, (_, i) => `Left column sentence ${i + 10} here.`);
    const right = Array.from({ length: 12 }, (_, i) => `Right column sentence ${i + 10} now.`);
    const lines = [line('A Title Across Both Columns', 200, 740, 16)];
    for (let i = 0; i < 12; i++) {
      lines.push(line(left[i], 72, 700 - i * 12), line(right[i], 330, 700 - i * 12));
    }
    const doc = await parseDocument(buildPdf({ pages: [lines] }), 'paper.pdf');
    expect(doc.text).toBe(`A Title Across Both Columns\n\n${left.join(' ')}\n\n${right.join(' ')}`);
  });

  it('reads a table row by row, not as columns', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => [`Item ${i}`, `${i * 3} units in stock`]);
    const lines = rows.flatMap(([item, stock], i) => [
      line(item, 72, 700 - i * 12),
      line(stock, 330, 700 - i * 12),
    ]);
    const doc = await parseDocument(buildPdf({ pages: [lines] }), 'table.pdf');
    expect(doc.text.split('\n')).toEqual(rows.map(([item, stock]) => `${item} ${stock}`));
  });

  it('turns bookmarks into headings at their place in the text', async () => {
    const pdf = buildPdf({
      pages: [
        [line('Introduction', 72, 720, 14), line('Why this matters.', 72, 700)],
        [line('Some words first.', 72, 720), line('Methods', 72, 690, 14)],
      ],
      outline: [
        { title: 'Introduction', page: 1 },
        { title: 'Methods', page: 2 },
      ],
    });
    const doc = await parseDocument(pdf, 'paper.pdf');
    expect(doc.headings.map(({ level, text }) => ({ level, text }))).toEqual([
      { level: 1, text: 'Introduction' },
      { level: 1, text: 'Methods' },
    ]);
    for (const heading of doc.headings) {
      expect(doc.text.slice(heading.charStart).startsWith(heading.text)).toBe(true);
    }
    expect(doc.headings[1].charStart).toBeGreaterThanOrEqual(doc.pages[1].charStart);
  });

  it('opens an encrypted PDF whose user password is empty', async () => {
    const pdf = buildPdf({
      pages: [[line('Readable although encrypted.', 72, 700)]],
      encrypt: { userPassword: '', ownerPassword: 'owner' },
    });
    expect((await parseDocument(pdf, 'locked.pdf')).text).toBe('Readable although encrypted.');
  });

  it('refuses a PDF that needs a password', async () => {
    const pdf = buildPdf({
      pages: [[line('Secret.', 72, 700)]],
      encrypt: { userPassword: 'user', ownerPassword: 'owner' },
    });
    expect(await failure(pdf)).toMatchObject({
      code: 'encrypted',
      message: expect.stringContaining('password-protected'),
    });
  });

  it('refuses a scan where OCR is not at hand, and a PDF whose pages are blank', async () => {
    const scan = { width: 200, height: 100, pixels: new Uint8Array(200 * 100).fill(128) };
    expect(await failure(buildPdf({ pages: [[]], pictures: [scan] }))).toMatchObject({
      code: 'no-text',
      message: expect.stringMatching(/No text to search.*scanned\?/),
    });
    expect(await failure(buildPdf({ pages: [[], []], graphicsOnly: true }))).toMatchObject({
      code: 'no-text',
      message: 'No text to search in this PDF: its pages are blank.',
    });
  });

  it('leaves out pages whose text decodes to control codes instead of letters', async () => {
    // What pdf.js returns for fonts that do not say which letters their glyphs are.
    const gibberish = Array.from({ length: 20 }, (_, i) => String.fromCharCode(1 + i)).join('');
    const pdf = buildPdf({
      pages: [[line('A readable page.', 72, 700)], [line(gibberish, 72, 700)]],
    });
    const doc = await parseDocument(pdf, 'fonts.pdf');
    expect(doc.text).toBe('A readable page.');
    expect(doc.pages[1]).toEqual({ number: 2, charStart: 16, charEnd: 16, reading: 'unreadable' });
    expect(await failure(buildPdf({ pages: [[line(gibberish, 72, 700)]] }))).toMatchObject({
      code: 'no-text',
    });
  });

  it('refuses a damaged PDF', async () => {
    const garbage = new TextEncoder().encode('%PDF-1.4\nthis is not a PDF body at all\n');
    expect(await failure(garbage)).toMatchObject({
      code: 'corrupt',
      message: 'This PDF is damaged and cannot be read.',
    });
  });
});
