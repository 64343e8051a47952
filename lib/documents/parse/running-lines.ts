/**
 * Running headers, footers and page numbers: the lines set apart at the top or bottom of a page
 * that say the same on page after page ("Federal Register / Vol. 85, No. 152 / … 47699"), and
 * margin stamps printed on every page. They are not part of the text a person reads, and left
 * in they cut sentences in two at every page break. One rule for every page, whether its lines
 * come from a PDF's text layer or from OCR (a scanned page, a TIFF's page).
 */
import { distance } from 'fastest-levenshtein';
import { lineText } from '../ocr/recognized-text';
import type { PageWord, RecognizedLine } from '../types';
import { pageText, type TextRun } from './pdf-layout';

/** Text of a page, and where the words OCR read lie in it (offsets into `text`). */
export interface PageText {
  text: string;
  words?: PageWord[];
}

/** A line set apart at a page's top or bottom edge. */
export interface EdgeLine extends PageText {
  place: 'top' | 'bottom';
  /** The height of a line OCR read, the page being 1 high; a text layer's line has none. */
  height?: number;
}

/** A page read apart: its body's text, the lines at its edges, and text off the horizontal. */
export interface PageParts {
  body: string;
  /** Where the words OCR read lie in `body`; a text layer's page has none. */
  words?: PageWord[];
  edges: EdgeLine[];
  /** Text that is not horizontal (a margin stamp, a rotated label), in drawing order. */
  other: string[];
}

/** A page with no text. */
export const noParts: PageParts = { body: '', edges: [], other: [] };

/** What the edge rule reads of a piece of a page's text: where it sits, and how large it is. */
interface Placed {
  /** Its baseline's distance from the top of the page. */
  y: number;
  /** The height of its letters, in the same unit. */
  fontSize: number;
}

/** How far into the page, as a share of its height, a header or footer may sit. */
const edgeZone = 0.15;
/** A header or footer stands off the body by more than this many of its line heights. */
const setApart = 0.8;
/** At most this many lines at each edge are taken for a header or footer. */
const linesPerEdge = 2;

/** The pieces of a page in lines, top to bottom: pieces whose baselines nearly agree. */
function lines<T extends Placed>(pieces: readonly T[]): T[][] {
  const sorted = [...pieces].sort((a, b) => a.y - b.y);
  const out: T[][] = [];
  for (const piece of sorted) {
    const last = out.at(-1);
    if (last && Math.abs(last[0].y - piece.y) <= 0.5 * Math.min(last[0].fontSize, piece.fontSize)) {
      last.push(piece);
    } else out.push([piece]);
  }
  return out;
}

const fontOf = (line: readonly Placed[]) => Math.max(...line.map((piece) => piece.fontSize));
const yOf = (line: readonly Placed[]) => line[0].y;

/**
 * A page's pieces of text in lines, top to bottom: the lines set apart at its top edge, the
 * body, and the lines set apart at its bottom edge.
 */
function edgeLines<T extends Placed>(
  pieces: readonly T[],
  pageHeight: number,
): { top: T[][]; body: T[][]; bottom: T[][] } {
  const all = lines(pieces);
  let top = 0;
  while (
    top < Math.min(linesPerEdge, all.length - 1) &&
    yOf(all[top]) < edgeZone * pageHeight &&
    yOf(all[top + 1]) - yOf(all[top]) > (1 + setApart) * fontOf(all[top])
  ) {
    top++;
  }
  let bottom = all.length;
  while (
    all.length - bottom < linesPerEdge &&
    bottom - 1 > top &&
    yOf(all[bottom - 1]) > (1 - edgeZone) * pageHeight &&
    yOf(all[bottom - 1]) - yOf(all[bottom - 2]) > (1 + setApart) * fontOf(all[bottom - 1])
  ) {
    bottom--;
  }
  return { top: all.slice(0, top), body: all.slice(top, bottom), bottom: all.slice(bottom) };
}

/**
 * Splits a page's horizontal runs into the lines set apart at its top and bottom edges and the
 * body between, rendering each.
 */
export function splitEdges(runs: readonly TextRun[], pageHeight: number): Omit<PageParts, 'other'> {
  const { top, body, bottom } = edgeLines(
    runs.filter((run) => run.text.trim() !== ''),
    pageHeight,
  );
  const edge = (line: TextRun[], place: EdgeLine['place']): EdgeLine => ({
    text: pageText(line),
    place,
  });
  return {
    body: pageText(body.flat()),
    edges: [...top.map((line) => edge(line, 'top')), ...bottom.map((line) => edge(line, 'bottom'))],
  };
}

/**
 * A recognised page read apart as a text layer's page is: OCR's lines by their boxes (the box's
 * foot for the baseline, its height for the letters'; the page is 1 high), the lines set apart
 * at its edges each rendered left to right, and the body the other lines in reading order.
 *
 * On a scan the boxes alone would take body text for an edge: a box at the page's foot that
 * Tesseract reads mid-page (a sidebar, a caption), or a paragraph's last line set low. So a line
 * at an edge is also in a paragraph of its own, one that Tesseract found apart from the body.
 */
export function recognizedParts(recognized: readonly RecognizedLine[]): PageParts {
  const placed = recognized.map((line) => ({
    line,
    y: line.box[3],
    fontSize: line.box[3] - line.box[1],
  }));
  const geometry = edgeLines(placed, 1);
  /** The rows, from the edge in, whose lines' paragraphs have no line but in these rows. */
  const apart = <R extends { line: RecognizedLine }>(rows: R[][]) => {
    const candidates = new Set(rows.flat().map(({ line }) => line));
    const ownParagraph = ({ line }: R) =>
      recognized.every((other) => other.paragraph !== line.paragraph || candidates.has(other));
    const kept: R[][] = [];
    for (const row of rows) {
      if (!row.every(ownParagraph)) break;
      kept.push(row);
    }
    return kept;
  };
  const top = apart(geometry.top);
  const bottom = apart([...geometry.bottom].reverse()).reverse();
  const atEdges = new Set([...top, ...bottom].flat().map(({ line }) => line));
  const edge = (row: typeof placed, place: EdgeLine['place']): EdgeLine => ({
    ...lineText(row.map(({ line }) => line).sort((a, b) => a.box[0] - b.box[0])),
    place,
    height: fontOf(row),
  });
  const { text, words } = lineText(recognized.filter((line) => !atEdges.has(line)));
  return {
    body: text,
    words,
    edges: [...top.map((row) => edge(row, 'top')), ...bottom.map((row) => edge(row, 'bottom'))],
    other: [],
  };
}

/** What stays the same from page to page: the words, without numbers or punctuation. */
const key = (text: string) => text.toLowerCase().replace(/[^\p{L}]+/gu, '');

/**
 * How many of a line's letters OCR may misread and it still be taken for the same line: one in
 * six, of the longer of two keys. Tesseract's readings of the shared PDFs' running lines, drawn
 * at 200 dpi as they are and as a photocopy or a fax would have them, misread at most one letter
 * in six when they misread a few ("Cancer Councit", "Ciagnosis", "Kay quéstions", "Making
 * trasimant decisions", a licence's mark read as "(cc)" beside the TAM review's footer), while
 * the lines at the same edges that only resemble a running line differ in one letter in three or
 * more ("with cancer" beside "What is cancer?", "local Cancer Council website." beside "Cancer
 * Council"). A line of fewer than six letters must match exactly.
 */
const lettersPerMisread = 6;

/**
 * A key with OCR's look-alikes made one: accents, which the English model drops or adds ("RAUME"
 * for "RÄUME"), and "ri" for "n" ("Diagriosis") and its twin "rn" for "m".
 */
const folded = (k: string) =>
  k.normalize('NFD').replace(/\p{M}/gu, '').replace(/ri/g, 'n').replace(/rn/g, 'm');

/** A key seen on a page: where, and for an edge line, at which edge and how high. */
interface Sighting {
  page: number;
  place?: EdgeLine['place'];
  height?: number;
}

/**
 * Whether two lines OCR read are in letters of one size: heights within a quarter of each
 * other. A misread changes a running line's letters, not their size, while a heading at the
 * edge that reads like a running line ("Treatments" under a running "Treatment") is set larger.
 */
const sameSize = (a: number, b: number) => Math.max(a / b, b / a) < 1.25;

/** Whether two folded keys may be OCR's readings of the same line. */
function misreadAs(a: string, b: string): boolean {
  const misreads = Math.floor(Math.max(a.length, b.length) / lettersPerMisread);
  return Math.abs(a.length - b.length) <= misreads && distance(a, b) <= misreads;
}

/** "12", "- 12 -", "Page 3", "3 of 14", "xii": a page number alone on its line. */
const pageNumber =
  /^[\s\-–—]*(?:page\s+)?(?:\d{1,5}|[ivxlcdm]{1,6})(?:\s*(?:of|\/)\s*\d{1,4})?[\s\-–—]*$/i;

/**
 * Each page's text without its running lines: an edge line or a stamp whose words come back on
 * at least a third of the pages (and on two at least), and page numbers at the edges. A line OCR
 * read comes back on a page whose line at the same edge, in letters of its size, has the same
 * words but for a few misread letters; a text layer's line, which no one misread, only on a page
 * whose line has its very words. The other
 * edge lines go back where they were, before or after the body; the words OCR read go with
 * their text.
 */
export function withoutRunningLines(pages: readonly PageParts[]): PageText[] {
  /** Where each key was seen. */
  const seen = new Map<string, Sighting[]>();
  for (const [page, parts] of pages.entries()) {
    const onPage = [
      ...parts.edges.map(({ text, place, height }) => ({ text, page, place, height })),
      ...parts.other.map((text) => ({ text, page })),
    ];
    for (const { text, ...sighting } of onPage) {
      const k = key(text);
      if (!k) continue;
      const sightings = seen.get(k);
      if (sightings) sightings.push(sighting);
      else seen.set(k, [sighting]);
    }
  }
  const repeats = Math.max(2, Math.ceil(pages.length / 3));
  const readings = [...seen].map(([k, sightings]) => ({ like: folded(k), sightings }));
  const running = (line: PageText & Partial<EdgeLine>) => {
    const k = key(line.text);
    if (!k) return false;
    const onPages = new Set(seen.get(k)?.map(({ page }) => page));
    if (onPages.size >= repeats) return true;
    // A line OCR read (it has words and a height) also comes back where OCR read it with other
    // misreads, at the same edge in letters of the same size.
    if (!line.words || !line.height) return false;
    const like = folded(k);
    for (const reading of readings) {
      if (!misreadAs(like, reading.like)) continue;
      for (const { page, place, height } of reading.sightings) {
        if (place === line.place && height && sameSize(height, line.height)) onPages.add(page);
      }
    }
    return onPages.size >= repeats;
  };
  return pages.map((page) => {
    const kept = (place: EdgeLine['place']) =>
      page.edges
        .filter((e) => e.place === place && !running(e))
        .filter((e) => pages.length < 2 || !pageNumber.test(e.text));
    return oneAfterAnother([
      ...kept('top'),
      { text: page.body, words: page.words },
      ...kept('bottom'),
      ...page.other.filter((text) => !running({ text })).map((text) => ({ text })),
    ]);
  });
}

/** Pieces of a page's text a blank line apart, their words moved to where each piece went. */
function oneAfterAnother(pieces: readonly PageText[]): PageText {
  let text = '';
  const words: PageWord[] = [];
  for (const piece of pieces) {
    if (!piece.text) continue;
    if (text) text += '\n\n';
    for (const word of piece.words ?? []) {
      words.push({
        ...word,
        charStart: text.length + word.charStart,
        charEnd: text.length + word.charEnd,
      });
    }
    text += piece.text;
  }
  return words.length ? { text, words } : { text };
}
