import { Boundaries, lastIndexAtMost, Strength } from './boundaries';
import type { Chunk, ChunkOptions, ParsedDocument } from './types';

const DEFAULT_SIZE = 1000;
const DEFAULT_OVERLAP = 150;

/**
 * Cuts a document into passages of at most `size` characters (size 1 excepted when the text
 * has characters outside the Basic Multilingual Plane), each ending at the strongest
 * boundary (section, paragraph, sentence, line, word) in its second half, and each starting up
 * to `overlap` characters before the previous one ended, at a sentence or word start, so a
 * sentence cut in two is still found whole somewhere. Offsets exclude surrounding whitespace.
 */
export function chunkDocument(doc: ParsedDocument, options: ChunkOptions = {}): Chunk[] {
  const size = options.size ?? DEFAULT_SIZE;
  const overlap = options.overlap ?? DEFAULT_OVERLAP;
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  }
  if (!Number.isInteger(overlap) || overlap < 0 || overlap >= size) {
    throw new RangeError(`chunk overlap must be an integer in [0, size), got ${overlap}`);
  }

  const { text } = doc;
  const boundaries = new Boundaries(doc);
  const locate = locator(doc);
  const chunks: Chunk[] = [];
  let start = skipWhitespace(text, 0);
  while (start < text.length) {
    const cut =
      text.length - start <= size
        ? { offset: text.length, strength: Strength.Section }
        : chooseEnd(text, boundaries, start, size);
    const charEnd = trimEnd(text, start, cut.offset);
    if (charEnd > start) chunks.push({ index: chunks.length, ...locate(start, charEnd) });
    if (cut.offset >= text.length) break;
    const next =
      cut.strength === Strength.Section
        ? cut.offset
        : chooseNextStart(text, boundaries, start, cut.offset, overlap);
    start = skipWhitespace(text, next);
  }
  return chunks;
}

function chooseEnd(
  text: string,
  boundaries: Boundaries,
  start: number,
  size: number,
): { offset: number; strength: number } {
  const limit = start + size;
  const floor = start + Math.ceil(size / 2);
  const boundary = boundaries.strongestLast(floor, limit);
  if (boundary) return boundary;
  const word = lastWordStart(text, floor, limit) ?? lastWordStart(text, start + 1, limit);
  if (word !== null) return { offset: word, strength: 0 };
  // No whitespace at all within reach: cut anyway, but never inside a surrogate pair (a size
  // of 1 then has to take the whole pair to make progress).
  const isLowSurrogate = (text.charCodeAt(limit) & 0xfc00) === 0xdc00;
  if (!isLowSurrogate) return { offset: limit, strength: 0 };
  return { offset: limit - 1 > start ? limit - 1 : limit + 1, strength: 0 };
}

function chooseNextStart(
  text: string,
  boundaries: Boundaries,
  start: number,
  end: number,
  overlap: number,
): number {
  if (overlap === 0) return end;
  const from = Math.max(end - overlap, start + 1);
  return boundaries.first(from, end) ?? firstWordStart(text, from, end) ?? end;
}

/** Last offset in [from, to] where a word begins right after whitespace. */
function lastWordStart(text: string, from: number, to: number): number | null {
  for (let i = to; i >= from; i--) {
    if (isWhitespace(text, i - 1) && !isWhitespace(text, i)) return i;
  }
  return null;
}

/** First offset in [from, to) where a word begins right after whitespace. */
function firstWordStart(text: string, from: number, to: number): number | null {
  for (let i = from; i < to; i++) {
    if (isWhitespace(text, i - 1) && !isWhitespace(text, i)) return i;
  }
  return null;
}

function isWhitespace(text: string, i: number): boolean {
  return i >= 0 && i < text.length && /\s/.test(text[i]);
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWhitespace(text, i)) i++;
  return i;
}

function trimEnd(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && isWhitespace(text, i - 1)) i--;
  return i;
}

/** Builds a chunk's text, page range and heading from its offsets. */
function locator(doc: ParsedDocument) {
  const pageStarts = doc.pages.map((page) => page.charStart);
  const headingStarts = doc.headings.map((heading) => heading.charStart);
  const pageAt = (offset: number) =>
    doc.pages[Math.max(0, lastIndexAtMost(pageStarts, offset))]?.number ?? 1;
  return (charStart: number, charEnd: number): Omit<Chunk, 'index'> => {
    const heading = doc.headings[lastIndexAtMost(headingStarts, charStart)]?.text;
    return {
      text: doc.text.slice(charStart, charEnd),
      pageStart: pageAt(charStart),
      pageEnd: pageAt(charEnd - 1),
      charStart,
      charEnd,
      ...(heading === undefined ? {} : { heading }),
    };
  };
}
