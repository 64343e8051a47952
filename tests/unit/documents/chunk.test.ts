import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Chunk, chunkDocument, type ParsedDocument } from '@/lib/documents';

function textDoc(text: string, extra: Partial<ParsedDocument> = {}): ParsedDocument {
  return {
    type: 'text',
    mediaType: 'text/plain; charset=utf-8',
    text,
    pages: [{ number: 1, charStart: 0, charEnd: text.length, reading: 'text' }],
    headings: [],
    ...extra,
  };
}

const sentence = (i: number) => `Sentence number ${i} says something about topic ${i % 7}.`;
const sentences = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => sentence(from + i)).join(' ');

function expectWellFormed(doc: ParsedDocument, chunks: Chunk[], size: number, overlap: number) {
  chunks.forEach((chunk, i) => {
    expect(chunk.index).toBe(i);
    expect(chunk.text).toBe(doc.text.slice(chunk.charStart, chunk.charEnd));
    expect(chunk.text).toBe(chunk.text.trim());
    expect(chunk.text.length).toBeGreaterThan(0);
    expect(chunk.charEnd - chunk.charStart).toBeLessThanOrEqual(size);
    if (i > 0) {
      const previous = chunks[i - 1];
      expect(chunk.charStart).toBeGreaterThan(previous.charStart);
      expect(previous.charEnd - chunk.charStart).toBeLessThanOrEqual(overlap);
    }
  });
  // Every character that is not blank space lands in some passage.
  const covered = new Uint8Array(doc.text.length);
  for (const chunk of chunks) covered.fill(1, chunk.charStart, chunk.charEnd);
  for (let i = 0; i < doc.text.length; i++) {
    if (!/\s/.test(doc.text[i])) expect(covered[i], `offset ${i}`).toBe(1);
  }
}

describe('chunkDocument', () => {
  it('makes passages of about the default size that end at sentence ends', () => {
    const doc = textDoc(sentences(0, 120));
    const chunks = chunkDocument(doc);
    expectWellFormed(doc, chunks, 1000, 150);
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.text.length).toBeGreaterThanOrEqual(500);
      expect(chunk.text.endsWith('.')).toBe(true);
    }
    for (const chunk of chunks.slice(1)) expect(chunk.text).toMatch(/^Sentence number \d+/);
  });

  it('repeats the last sentence of a passage at the start of the next', () => {
    const doc = textDoc(sentences(0, 40));
    const [first, second] = chunkDocument(doc, { size: 400, overlap: 80 });
    const lastSentence = first.text.slice(first.text.lastIndexOf('Sentence'));
    expect(second.text.startsWith(lastSentence)).toBe(true);
  });

  it('prefers a paragraph break to a later sentence end', () => {
    const text = `${sentences(0, 6)}\n\n${sentences(6, 12)}`;
    const [first] = chunkDocument(textDoc(text), { size: 500, overlap: 0 });
    expect(first.text).toBe(sentences(0, 6));
  });

  it('cuts at word starts, and as a last resort anywhere but inside a surrogate pair', () => {
    const words = textDoc('lorem ipsum dolor '.repeat(20));
    for (const chunk of chunkDocument(words, { size: 50, overlap: 10 })) {
      expect(chunk.text).toMatch(/^(lorem|ipsum|dolor)\b.*\b(lorem|ipsum|dolor)$/);
    }
    const emoji = textDoc('😀'.repeat(30));
    const chunks = chunkDocument(emoji, { size: 9, overlap: 0 });
    expect(chunks.map((chunk) => chunk.text).join('')).toBe(emoji.text);
    for (const chunk of chunks) expect(chunk.text).toMatch(/^(😀)+$/u);
  });

  it('gives each passage its page range', () => {
    const pageTexts = [sentences(0, 10), sentences(10, 20), sentences(20, 30)];
    const text = pageTexts.join('\n\n');
    const pages = pageTexts.map((pageText, i) => {
      const charStart = text.indexOf(pageText);
      return {
        number: i + 1,
        charStart,
        charEnd: charStart + pageText.length,
        reading: 'text' as const,
      };
    });
    const chunks = chunkDocument(textDoc(text, { type: 'pdf', pages }), { size: 900 });
    for (const chunk of chunks) {
      const pagesTouched = pages.filter(
        (page) => page.charStart < chunk.charEnd && chunk.charStart < page.charEnd,
      );
      expect([chunk.pageStart, chunk.pageEnd]).toEqual([
        pagesTouched[0].number,
        pagesTouched.at(-1)!.number,
      ]);
    }
    expect(chunks.at(-1)!.pageEnd).toBe(3);
  });

  it('names the nearest heading before each passage and starts a passage at each section', () => {
    const text = `# Alpha\n\n${sentences(0, 8)}\n\n# Beta\n\n${sentences(8, 30)}`;
    const headings = [
      { level: 1, text: 'Alpha', charStart: 0 },
      { level: 1, text: 'Beta', charStart: text.indexOf('# Beta') },
    ];
    const doc = textDoc(text, { type: 'markdown', headings });
    const chunks = chunkDocument(doc, { size: 700, overlap: 150 });
    expectWellFormed(doc, chunks, 700, 150);
    expect(chunks[0].heading).toBe('Alpha');
    expect(chunks[1].text.startsWith('# Beta')).toBe(true);
    expect(chunks.slice(1).every((chunk) => chunk.heading === 'Beta')).toBe(true);
  });

  it('has no heading where the document has none before the passage', () => {
    const [chunk] = chunkDocument(textDoc('Plain words.'));
    expect(chunk).toEqual({
      index: 0,
      text: 'Plain words.',
      pageStart: 1,
      pageEnd: 1,
      charStart: 0,
      charEnd: 12,
    });
  });

  it('keeps its promises for any text, size and overlap', () => {
    const pieces = fc.constantFrom('word', 'Longerword', '. ', ' ', '\n', '\n\n', 'é', '😀', '! ');
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 400 }).map((parts) => parts.join('')),
        fc.integer({ min: 2, max: 200 }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        (text, size, overlapShare) => {
          const overlap = Math.floor(size * overlapShare);
          const doc = textDoc(text);
          expectWellFormed(doc, chunkDocument(doc, { size, overlap }), size, overlap);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects sizes and overlaps that cannot work', () => {
    const doc = textDoc('Some text.');
    expect(() => chunkDocument(doc, { size: 0 })).toThrow(RangeError);
    expect(() => chunkDocument(doc, { size: 100, overlap: 100 })).toThrow(RangeError);
    expect(() => chunkDocument(doc, { size: 100, overlap: -1 })).toThrow(RangeError);
  });
});
