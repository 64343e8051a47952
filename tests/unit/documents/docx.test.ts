import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type DocumentError, parseDocument } from '@/lib/documents';
import { buildDocx, docxParts, paragraph, table } from '../../support/docx';

async function failure(bytes: Uint8Array): Promise<DocumentError> {
  return parseDocument(bytes, 'file.docx').then(
    () => expect.unreachable('parsing should have failed'),
    (error: DocumentError) => error,
  );
}

/** Sets the uncompressed size a ZIP's central directory declares for its first entry. */
function declareSize(zip: Uint8Array, entryName: string, size: number): Uint8Array {
  const patched = zip.slice();
  const view = new DataView(patched.buffer);
  const name = new TextEncoder().encode(entryName);
  for (let at = 0; at < patched.length - 46; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    const found = patched.subarray(at + 46, at + 46 + nameLength);
    if (found.every((byte, i) => byte === name[i]) && nameLength === name.length) {
      view.setUint32(at + 24, size, true);
    }
  }
  return patched;
}

describe('parseDocument on Word documents', () => {
  it('extracts paragraphs, table rows and headings from Word heading styles', async () => {
    const docx = buildDocx(
      [
        paragraph('Annual Report', 'Title'),
        paragraph('Summary', 'Heading1'),
        paragraph('Sales grew in every region.'),
        paragraph('By region', 'Heading2'),
        table([
          ['North', '12%'],
          ['South', '9%'],
        ]),
      ].join(''),
    );
    const doc = await parseDocument(docx, 'report.docx');
    expect(doc).toMatchObject({
      type: 'docx',
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      text: 'Annual Report\n\nSummary\n\nSales grew in every region.\n\nBy region\n\nNorth 12%\nSouth 9%',
      pages: [{ number: 1, charStart: 0, charEnd: expect.any(Number), reading: 'text' }],
    });
    expect(doc.headings.map(({ level, text }) => ({ level, text }))).toEqual([
      { level: 1, text: 'Annual Report' },
      { level: 1, text: 'Summary' },
      { level: 2, text: 'By region' },
    ]);
    for (const heading of doc.headings) {
      expect(doc.text.slice(heading.charStart).startsWith(heading.text)).toBe(true);
    }
  });

  it('refuses a document without text', async () => {
    expect(await failure(buildDocx(''))).toMatchObject({ code: 'no-text' });
  });

  it('refuses a cut-off document as corrupt', async () => {
    const docx = buildDocx(paragraph('Some text. '.repeat(200)));
    expect(await failure(docx.subarray(0, Math.floor(docx.length * 0.6)))).toMatchObject({
      code: 'corrupt',
      message: 'This Word document is damaged and cannot be read.',
    });
  });

  it('refuses a document whose XML is broken as corrupt', async () => {
    const parts = docxParts('');
    parts['word/document.xml'] = new TextEncoder().encode('<w:document><w:body><w:p>');
    expect(await failure(zipSync(parts))).toMatchObject({ code: 'corrupt' });
  });

  it('refuses an archive that declares an absurd unpacked size', async () => {
    const docx = declareSize(buildDocx(paragraph('Hi')), 'word/document.xml', 3_000_000_000);
    expect(await failure(docx)).toMatchObject({
      code: 'zip-bomb',
      message: expect.stringContaining('zip bomb'),
    });
  });

  it('refuses an archive that unpacks far beyond what it declares', async () => {
    const parts = docxParts(paragraph('Hi'));
    parts['word/media/filler.bin'] = new Uint8Array(12 * 1024 * 1024);
    const docx = declareSize(zipSync(parts, { level: 9 }), 'word/media/filler.bin', 100);
    expect(await failure(docx)).toMatchObject({ code: 'zip-bomb' });
  });

  it('opens a highly compressible but modest document', async () => {
    const docx = buildDocx(paragraph('Same words again. '.repeat(20_000)));
    expect((await parseDocument(docx, 'long.docx')).text.length).toBe(
      'Same words again. '.repeat(20_000).trim().length,
    );
  });
});
