import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type DocumentError, type ParsedDocument, parseDocument } from '@/lib/documents';
import {
  buildEpub,
  buildOdp,
  buildOds,
  buildOdt,
  buildPptx,
  buildXlsx,
  type Rows,
  type Slide,
} from '../../support/office';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function failure(bytes: Uint8Array, name: string): Promise<DocumentError> {
  return parseDocument(bytes, name).then(
    () => expect.unreachable('parsing should have failed'),
    (error: DocumentError) => error,
  );
}

const pageTexts = (doc: ParsedDocument) =>
  doc.pages.map((page) => doc.text.slice(page.charStart, page.charEnd));

const slides: Slide[] = [
  {
    title: 'Quarterly results',
    lines: ['Revenue rose 12%', 'Costs fell'],
    notes: 'Mention the northern region first.',
  },
  { lines: [] },
  { lines: ['Questions welcome'] },
];

const sheets: Record<string, Rows> = {
  Sales: [
    ['Region', 'Revenue', 'Units'],
    ['North', '1.2M', 40],
    ['South', '0.8M', ''],
  ],
  Notes: [['Remember to file the report']],
  Empty: [],
};

describe.each([
  ['deck.pptx', 'pptx', () => buildPptx(slides)],
  ['deck.odp', 'odp', () => buildOdp(slides)],
])('%s', (name, type, build) => {
  it('reads each slide as a page, its title a heading and its speaker notes after its text', async () => {
    const doc = await parseDocument(build(), name);
    expect(doc.type).toBe(type);
    expect(pageTexts(doc)).toEqual([
      'Quarterly results\n\nRevenue rose 12%\n\nCosts fell\n\nSpeaker notes: Mention the northern region first.',
      '',
      'Questions welcome',
    ]);
    expect(doc.pages.map((page) => page.reading)).toEqual(['text', 'blank', 'text']);
    expect(doc.headings.map((heading) => heading.text)).toEqual([
      'Quarterly results',
      'Questions welcome',
    ]);
  });
});

describe.each([
  ['book.xlsx', 'xlsx', () => buildXlsx(sheets)],
  ['book.ods', 'ods', () => buildOds(sheets)],
])('%s', (name, type, build) => {
  it('reads each sheet as a page whose rows keep their column names', async () => {
    const doc = await parseDocument(build(), name);
    expect(doc.type).toBe(type);
    expect(pageTexts(doc)).toEqual([
      'Sales\n\nRegion: North, Revenue: 1.2M, Units: 40\nRegion: South, Revenue: 0.8M',
      'Notes\n\nRemember to file the report',
      '',
    ]);
    expect(doc.pages.map((page) => page.reading)).toEqual(['text', 'text', 'blank']);
    expect(doc.headings.map((heading) => heading.text)).toEqual(['Sales', 'Notes']);
  });
});

describe('CSV', () => {
  it('reads rows under their header, whatever the delimiter and quoting', async () => {
    const comma = await parseDocument(
      utf8('Region,Revenue,Comment\nNorth,1.2M,"Strong, steady"\nSouth,0.8M,\n'),
      'sales.csv',
    );
    expect(comma).toMatchObject({ type: 'csv', mediaType: 'text/csv; charset=utf-8' });
    expect(comma.text).toBe(
      'Region: North, Revenue: 1.2M, Comment: Strong, steady\nRegion: South, Revenue: 0.8M',
    );
    const semicolons = await parseDocument(utf8('Land;Hauptstadt\nÖsterreich;Wien\n'), 'l.csv');
    expect(semicolons.text).toBe('Land: Österreich, Hauptstadt: Wien');
    const tabs = await parseDocument(utf8('a\tb\n1\t2\n'), 'values.tsv');
    expect(tabs.text).toBe('a: 1, b: 2');
  });

  it('names a column without a header by its letter', async () => {
    const doc = await parseDocument(utf8('Name,,Age\nAda,x,36\n'), 'people.csv');
    expect(doc.text).toBe('Name: Ada, Column B: x, Age: 36');
  });

  it('is a CSV by its name only: the same text named .txt stays text', async () => {
    const doc = await parseDocument(utf8('Region,Revenue\nNorth,1.2M\n'), 'sales.txt');
    expect(doc.type).toBe('text');
  });

  it('says where a quoted value never closes', async () => {
    expect(
      await failure(utf8('Region,Comment\nNorth,"fine"\nSouth,"never closed\n'), 'bad.csv'),
    ).toMatchObject({ code: 'corrupt', message: expect.stringMatching(/quoted value.*row 3/) });
  });
});

describe('OpenDocument text, RTF and EPUB', () => {
  it('keeps an OpenDocument text’s headings at their levels', async () => {
    const doc = await parseDocument(
      buildOdt(['# Overview', 'The canal opened in 1820.', '## Locks', 'It has twelve locks.']),
      'canal.odt',
    );
    expect(doc.type).toBe('odt');
    expect(doc.text).toBe('Overview\n\nThe canal opened in 1820.\n\nLocks\n\nIt has twelve locks.');
    expect(doc.headings).toEqual([
      { level: 1, text: 'Overview', charStart: 0 },
      { level: 2, text: 'Locks', charStart: doc.text.indexOf('Locks') },
    ]);
  });

  it('reads RTF with its escapes, Unicode and heading levels', async () => {
    const rtf = String.raw`{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times;}}
{\stylesheet{\s1\outlinelevel0 heading 1;}}
{\pard\s1\outlinelevel0\b Overview\b0\par}
{\pard Caf\'e9 revenue rose \u8212? sharply in the north.\par}}`;
    const doc = await parseDocument(utf8(rtf), 'report.rtf');
    expect(doc).toMatchObject({ type: 'rtf', mediaType: 'application/rtf' });
    expect(doc.text).toBe('Overview\n\nCafé revenue rose — sharply in the north.');
    expect(doc.headings).toEqual([{ level: 1, text: 'Overview', charStart: 0 }]);
  });

  it('reads an EPUB’s chapters in spine order, their titles as headings', async () => {
    const doc = await parseDocument(
      buildEpub('A Novel', [
        { title: 'Chapter One', paragraphs: ['It was a dark night.'] },
        { title: 'Chapter Two', paragraphs: ['Morning came.'] },
      ]),
      'novel.epub',
    );
    expect(doc).toMatchObject({ type: 'epub', mediaType: 'application/epub+zip' });
    expect(doc.text).toBe('Chapter One\n\nIt was a dark night.\n\nChapter Two\n\nMorning came.');
    expect(doc.headings.map((heading) => [heading.level, heading.text])).toEqual([
      [1, 'Chapter One'],
      [1, 'Chapter Two'],
    ]);
  });
});

describe('what each format says when it cannot be read', () => {
  /** The archive cut off halfway, as an interrupted download leaves it. */
  const truncated = (bytes: Uint8Array) => bytes.slice(0, Math.floor(bytes.length / 2));

  it.each([
    ['deck.pptx', 'PowerPoint presentation', buildPptx(slides)],
    ['deck.odp', 'OpenDocument presentation', buildOdp(slides)],
    ['book.xlsx', 'Excel workbook', buildXlsx(sheets)],
    ['book.ods', 'OpenDocument spreadsheet', buildOds(sheets)],
    ['canal.odt', 'OpenDocument text', buildOdt(['Text'])],
    ['novel.epub', 'EPUB book', buildEpub('A Novel', [{ title: 'One', paragraphs: ['Text.'] }])],
  ])('a cut-off %s is a damaged %s', async (name, kind, bytes) => {
    expect(await failure(truncated(bytes), name)).toMatchObject({
      code: 'corrupt',
      message: `This ${kind} is damaged and cannot be read.`,
    });
  });

  it('a presentation whose slide is not XML is damaged', async () => {
    const parts = unzipSync(buildPptx(slides));
    parts['ppt/slides/slide1.xml'] = utf8('<p:sld><p:cSld><unclosed');
    expect(await failure(zipSync(parts), 'broken.pptx')).toMatchObject({
      code: 'corrupt',
      message: 'This PowerPoint presentation is damaged and cannot be read.',
    });
  });

  it('a workbook that unpacks to gigabytes is refused before it is unpacked', async () => {
    const sheet = new Uint8Array(20 * 1024 * 1024).fill(0x20);
    const bomb = zipSync({
      'xl/workbook.xml': utf8('<workbook/>'),
      'xl/worksheets/sheet1.xml': sheet,
    });
    expect(await failure(bomb, 'bomb.xlsx')).toMatchObject({
      code: 'zip-bomb',
      message: expect.stringContaining('This Excel workbook unpacks to an absurd size'),
    });
  });

  it('a password-protected Office file says so', async () => {
    // Office wraps an encrypted .xlsx in the older compound-file container, with this stream.
    const header = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    const stream = Buffer.from('EncryptionInfo', 'utf16le');
    const encrypted = new Uint8Array([...header, ...new Uint8Array(504), ...stream]);
    expect(await failure(encrypted, 'salaries.xlsx')).toMatchObject({
      code: 'unsupported',
      message: expect.stringContaining('salaries.xlsx is password-protected'),
    });
  });

  it.each([
    ['empty.pptx', 'This PowerPoint presentation has no text in it.', buildPptx([{ lines: [] }])],
    ['empty.ods', 'This OpenDocument spreadsheet has no text in it.', buildOds({ Sheet1: [] })],
  ])('%s has no text to search', async (name, message, bytes) => {
    expect(await failure(bytes, name)).toMatchObject({ code: 'no-text', message });
  });
});
