import { describe, expect, it } from 'vitest';
import { parseDocument } from '@/lib/documents';
import { buildPdf, type PdfLine } from '../../support/pdf';

/**
 * The text a person reads from a PDF: words hyphenated at a line break whole again, compounds
 * with their hyphen, running headers, footers and page numbers left out, and columns in reading
 * order, on small PDFs made here.
 */
const line = (text: string, x: number, y: number, size = 10): PdfLine => ({ text, x, y, size });
/** Lines of one column, top down from y, 12 pt apart. */
const column = (texts: string[], x: number, y: number) =>
  texts.map((text, i) => line(text, x, y - i * 12));
const parse = (pages: PdfLine[][]) => parseDocument(buildPdf({ pages }), 'test.pdf');
const pageTexts = (doc: Awaited<ReturnType<typeof parse>>) =>
  doc.pages.map((page) => doc.text.slice(page.charStart, page.charEnd));

describe('hyphens at line breaks', () => {
  it('joins a word hyphenated at a line break, and keeps a compound whole elsewhere', async () => {
    const doc = await parse([
      column(
        [
          'Objects are stored in a shared rep-',
          'resentation that a type-specialized trace',
          'reads with a few loads from memory.',
        ],
        72,
        700,
      ),
    ]);
    expect(doc.text).toBe(
      'Objects are stored in a shared representation that a type-specialized trace reads with a few loads from memory.',
    );
  });

  it('keeps the hyphen of a compound the document writes with one, and before a capital', async () => {
    const doc = await parse([
      column(
        [
          'The system runs in a mixed-mode execution.',
          'Its mixed-',
          'mode design starts fast. The flight left',
          'from Soekarno-',
          'Hatta airport in the morning of that day.',
        ],
        72,
        700,
      ),
    ]);
    expect(doc.text).toContain('Its mixed-mode design starts fast.');
    expect(doc.text).toContain('from Soekarno-Hatta airport');
  });

  it('joins a word broken over a page break, on the page where it starts', async () => {
    const doc = await parse([
      column(['The interpreter keeps each of its objects in a rep-'], 72, 700),
      column(['resentation of its own, which the trace reads.'], 72, 700),
    ]);
    expect(pageTexts(doc)).toEqual([
      'The interpreter keeps each of its objects in a representation',
      'of its own, which the trace reads.',
    ]);
    expect(doc.text).toBe(
      'The interpreter keeps each of its objects in a representation of its own, which the trace reads.',
    );
  });
});

describe('running headers, footers and page numbers', () => {
  const body = [
    ['The survey of the bay began in early spring and went on for', 'most of the year.'],
    ['It counted the seals on the rocks at low tide. The seals were', 'counted twice a week.'],
    ['In the autumn the count fell as the young seals left the bay for', 'the open sea.'],
  ];
  const pages = body.map((lines, i) => [
    line(`Journal of Coastal Surveys / Vol. 12, No. ${i + 4}`, 72, 760, 8),
    line(`${41 + i}`, 520, 760, 8),
    ...column(lines, 72, 700),
    line(`${i + 1}`, 300, 40, 8),
  ]);

  it('leaves out a header that repeats on every page and the page numbers', async () => {
    const doc = await parse(pages);
    expect(doc.text).not.toMatch(/Journal|Vol\.|\b4[123]\b/);
    expect(pageTexts(doc)).toEqual([
      'The survey of the bay began in early spring and went on for most of the year.',
      'It counted the seals on the rocks at low tide. The seals were counted twice a week.',
      'In the autumn the count fell as the young seals left the bay for the open sea.',
    ]);
  });

  it('joins a sentence that runs over a page break with a space, not a paragraph break', async () => {
    const doc = await parse([
      [line('Running head', 72, 760, 8), ...column(['The survey went on for most of'], 72, 700)],
      [line('Running head', 72, 760, 8), ...column(['the year, and then it ended.'], 72, 700)],
    ]);
    expect(doc.text).toBe('The survey went on for most of the year, and then it ended.');
  });

  it('keeps a first line set apart at the top when it does not repeat', async () => {
    const doc = await parse([
      [line('A Report on Seals', 72, 760, 14), ...column(['Seals live in the bay.'], 72, 700)],
      [line('Counting', 72, 760, 14), ...column(['The count is done weekly.'], 72, 700)],
    ]);
    expect(pageTexts(doc)).toEqual([
      'A Report on Seals\n\nSeals live in the bay.',
      'Counting\n\nThe count is done weekly.',
    ]);
  });
});

describe('columns', () => {
  const left = Array.from({ length: 10 }, (_, i) => `Left column line ${i + 10} goes on`);
  const right = Array.from({ length: 10 }, (_, i) => `Right column line ${i + 10} goes on`);

  it('reads two columns under a full-width listing column by column', async () => {
    const listing = [
      'v0 := ld state[748] // load primes from the trace activation record',
      'st sp[0], v0 // store primes to interpreter stack of the running program',
      'v1 := ld state[764] // load k from the trace activation record here',
    ];
    const doc = await parse([
      [
        ...column(listing, 72, 740),
        line('Figure 3. A snippet of the trace, as recorded for line 5 of the program.', 72, 696),
        ...column(left, 72, 640),
        ...column(right, 330, 640),
      ],
    ]);
    const text = doc.text;
    expect(text.indexOf(left[9])).toBeLessThan(text.indexOf(right[0]));
    expect(text).toContain(left.join(' '));
    expect(text).toContain(right.join(' '));
    expect(text.startsWith(listing.join('\n'))).toBe(true);
  });

  it('reads three columns left to right', async () => {
    const columns = ['First', 'Second', 'Third'].map((name) =>
      Array.from({ length: 10 }, (_, i) => `${name} col ${i + 10} text`),
    );
    const doc = await parse([
      [
        ...column(columns[0], 72, 700),
        ...column(columns[1], 240, 700),
        ...column(columns[2], 408, 700),
      ],
    ]);
    expect(doc.text).toBe(columns.map((c) => c.join(' ')).join('\n\n'));
  });
});
