/**
 * Running headers, footers and page numbers: the lines set apart at the top or bottom of a page
 * that say the same on page after page ("Federal Register / Vol. 85, No. 152 / … 47699"), and
 * margin stamps printed on every page. They are not part of the text a person reads, and left
 * in they cut sentences in two at every page break.
 */
import { pageText, type TextRun } from './pdf-layout';

/** A line set apart at a page's top or bottom edge. */
export interface EdgeLine {
  text: string;
  place: 'top' | 'bottom';
}

/** A page read apart: its body's text, the lines at its edges, and text off the horizontal. */
export interface PageParts {
  body: string;
  edges: EdgeLine[];
  /** Text that is not horizontal (a margin stamp, a rotated label), in drawing order. */
  other: string[];
}

/** How far into the page, as a share of its height, a header or footer may sit. */
const edgeZone = 0.15;
/** A header or footer stands off the body by more than this many of its line heights. */
const setApart = 0.8;
/** At most this many lines at each edge are taken for a header or footer. */
const linesPerEdge = 2;

/** The page's runs in lines, top to bottom: runs whose baselines nearly agree. */
function lines(runs: readonly TextRun[]): TextRun[][] {
  const sorted = [...runs].sort((a, b) => a.y - b.y);
  const out: TextRun[][] = [];
  for (const run of sorted) {
    const last = out.at(-1);
    if (last && Math.abs(last[0].y - run.y) <= 0.5 * Math.min(last[0].fontSize, run.fontSize)) {
      last.push(run);
    } else out.push([run]);
  }
  return out;
}

const fontOf = (line: TextRun[]) => Math.max(...line.map((run) => run.fontSize));
const yOf = (line: TextRun[]) => line[0].y;

/**
 * Splits a page's horizontal runs into the lines set apart at its top and bottom edges and the
 * body between, rendering each.
 */
export function splitEdges(runs: readonly TextRun[], pageHeight: number): Omit<PageParts, 'other'> {
  const all = lines(runs.filter((run) => run.text.trim() !== ''));
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
  const edge = (line: TextRun[], place: EdgeLine['place']): EdgeLine => ({
    text: pageText(line),
    place,
  });
  return {
    body: pageText(all.slice(top, bottom).flat()),
    edges: [
      ...all.slice(0, top).map((line) => edge(line, 'top')),
      ...all.slice(bottom).map((line) => edge(line, 'bottom')),
    ],
  };
}

/** What stays the same from page to page: the words, without numbers or punctuation. */
const key = (text: string) => text.toLowerCase().replace(/[^\p{L}]+/gu, '');

/** "12", "- 12 -", "Page 3", "3 of 14", "xii": a page number alone on its line. */
const pageNumber =
  /^[\s\-–—]*(?:page\s+)?(?:\d{1,5}|[ivxlcdm]{1,6})(?:\s*(?:of|\/)\s*\d{1,4})?[\s\-–—]*$/i;

/**
 * Each page's text without its running lines: an edge line or a stamp whose words come back on
 * at least a third of the pages (and on two at least), and page numbers at the edges. The
 * other edge lines go back where they were, before or after the body.
 */
export function withoutRunningLines(pages: readonly PageParts[]): string[] {
  const counts = new Map<string, number>();
  for (const page of pages) {
    const keys = new Set([...page.edges.map((e) => e.text), ...page.other].map(key));
    for (const k of keys) if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const repeats = Math.max(2, Math.ceil(pages.length / 3));
  const running = (text: string) => {
    const k = key(text);
    return k ? (counts.get(k) ?? 0) >= repeats : false;
  };
  return pages.map((page) => {
    const kept = (place: EdgeLine['place']) =>
      page.edges
        .filter((e) => e.place === place && !running(e.text))
        .filter((e) => pages.length < 2 || !pageNumber.test(e.text))
        .map((e) => e.text);
    return [...kept('top'), page.body, ...kept('bottom'), ...page.other.filter((t) => !running(t))]
      .filter(Boolean)
      .join('\n\n');
  });
}
