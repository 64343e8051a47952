/**
 * Reading order for the text of one PDF page. pdf.js hands over positioned runs of text in
 * content-stream order, which for many files is not reading order; this groups runs into
 * lines, splits lines at wide gaps, finds column gutters, and reads each column top to bottom
 * before the next, with text that spans the gutter (titles, full-width figures, footers)
 * separating one band of columns from the next.
 */

/** A run of text in viewport space: y grows downwards and is the baseline. */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  fontSize: number;
}

/** Part of a line between gaps too wide to be word spaces. */
interface Segment {
  text: string;
  line: number;
  x0: number;
  x1: number;
  y: number;
  fontSize: number;
}

const MAX_COLUMN_DEPTH = 3;

export function pageText(runs: readonly TextRun[]): string {
  const segments = toSegments(runs.filter((run) => run.text.trim() !== ''));
  return readingOrder(segments, 0)
    .map(renderBlock)
    .filter((block) => block !== '')
    .join('\n\n');
}

/** Clusters runs into lines by vertical overlap, then splits lines at gaps wider than ~1em. */
function toSegments(runs: TextRun[]): Segment[] {
  const sorted = [...runs].sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: TextRun[][] = [];
  let anchor: TextRun | null = null;
  for (const run of sorted) {
    if (anchor && verticalOverlap(anchor, run) >= 0.5) {
      lines.at(-1)!.push(run);
      if (run.fontSize > anchor.fontSize) anchor = run;
    } else {
      lines.push([run]);
      anchor = run;
    }
  }
  return lines.flatMap((line, index) => splitLine(line, index));
}

/** Overlap of the two runs' glyph boxes as a share of the smaller box. */
function verticalOverlap(a: TextRun, b: TextRun): number {
  const top = Math.max(a.y - a.fontSize * 0.8, b.y - b.fontSize * 0.8);
  const bottom = Math.min(a.y + a.fontSize * 0.2, b.y + b.fontSize * 0.2);
  return Math.max(0, bottom - top) / Math.min(a.fontSize, b.fontSize);
}

function splitLine(line: TextRun[], index: number): Segment[] {
  const runs = line.sort((a, b) => a.x - b.x);
  const segments: Segment[] = [];
  let current: Segment | null = null;
  let previous: TextRun | null = null;
  for (const run of runs) {
    // Some producers print a run twice, slightly offset, to fake bold.
    if (previous && run.text === previous.text && Math.abs(run.x - previous.x) < 1) continue;
    const gap = previous ? run.x - (previous.x + previous.width) : 0;
    if (current && previous && gap <= Math.max(run.fontSize, previous.fontSize)) {
      const needsSpace =
        gap > 0.15 * Math.min(run.fontSize, previous.fontSize) &&
        !/\s$/.test(current.text) &&
        !/^\s/.test(run.text);
      current.text += (needsSpace ? ' ' : '') + run.text;
      current.x1 = Math.max(current.x1, run.x + run.width);
      current.fontSize = Math.max(current.fontSize, run.fontSize);
      current.y = Math.max(current.y, run.y);
    } else {
      current = {
        text: run.text,
        line: index,
        x0: run.x,
        x1: run.x + run.width,
        y: run.y,
        fontSize: run.fontSize,
      };
      segments.push(current);
    }
    previous = run;
  }
  for (const segment of segments) segment.text = segment.text.replace(/\s+/g, ' ').trim();
  return segments;
}

/** Blocks of segments in reading order; each block is one column of one band. */
function readingOrder(segments: Segment[], depth: number): Segment[][] {
  const gutter = depth < MAX_COLUMN_DEPTH ? findGutter(segments) : null;
  if (!gutter) {
    // No gutter runs down the whole of it: the page may still be bands (a full-width figure
    // or code listing above two columns) with a gutter each.
    const bands = depth < MAX_COLUMN_DEPTH ? splitBands(segments) : [];
    if (bands.length > 1) return bands.flatMap((band) => readingOrder(band, depth + 1));
    return segments.length ? [sortByLine(segments)] : [];
  }
  const blocks: Segment[][] = [];
  let left: Segment[] = [];
  let right: Segment[] = [];
  let spanning: Segment[] = [];
  const flushColumns = () => {
    blocks.push(...readingOrder(left, depth + 1), ...readingOrder(right, depth + 1));
    left = [];
    right = [];
  };
  const flushSpanning = () => {
    if (spanning.length) blocks.push(sortByLine(spanning));
    spanning = [];
  };
  for (const segment of sortByLine(segments)) {
    const side = sideOf(segment, gutter);
    if (side === 'spanning') {
      flushColumns();
      spanning.push(segment);
    } else {
      flushSpanning();
      (side === 'left' ? left : right).push(segment);
    }
  }
  flushColumns();
  flushSpanning();
  return blocks.filter((block) => block.length);
}

/**
 * Horizontal bands of the text: cut where the space between two lines is well over the usual
 * line spacing. A line is one segment high, so such a cut never splits one.
 */
function splitBands(segments: Segment[]): Segment[][] {
  const lines = [...new Set(segments.map((segment) => segment.line))].map((line) =>
    Math.max(...segments.filter((s) => s.line === line).map((s) => s.y)),
  );
  lines.sort((a, b) => a - b);
  const gaps = lines.slice(1).map((y, i) => y - lines[i]);
  const usual = quantile(
    gaps.filter((gap) => gap > 0),
    0.5,
  );
  if (!usual) return [];
  const cuts = lines.filter((_, i) => i > 0 && gaps[i - 1] > 2.2 * usual);
  if (cuts.length === 0) return [];
  const bands: Segment[][] = Array.from({ length: cuts.length + 1 }, () => []);
  for (const segment of segments) {
    bands[cuts.filter((cut) => segment.y >= cut - 0.01).length].push(segment);
  }
  return bands.filter((band) => band.length > 0);
}

interface Gutter {
  start: number;
  end: number;
}

/** Only a segment that crosses the whole gutter spans it; one reaching into it (a hanging
 * quote mark, an overlong word) belongs to the side it starts or ends on. */
function sideOf(segment: Segment, gutter: Gutter): 'left' | 'right' | 'spanning' {
  if (segment.x0 < gutter.start + 2 && segment.x1 > gutter.end - 2) return 'spanning';
  return segment.x0 + segment.x1 < gutter.start + gutter.end ? 'left' : 'right';
}

/**
 * A vertical strip in the middle of the text with text on both sides that sits side by side
 * and fills its column up to the strip, as justified or ragged prose does (tables also leave
 * such strips, but their left cells rarely reach it). Segments may cross the strip above or
 * below the columns (a title, authors, a footer) but hardly ever beside them.
 */
function findGutter(segments: Segment[]): Gutter | null {
  if (segments.length < 6) return null;
  const minX = Math.min(...segments.map((segment) => segment.x0));
  const maxX = Math.max(...segments.map((segment) => segment.x1));
  const width = maxX - minX;
  if (width < 100) return null;
  const coverage = new Int32Array(Math.ceil(width) + 1);
  for (const segment of segments) {
    for (let x = Math.floor(segment.x0 - minX); x < Math.ceil(segment.x1 - minX); x++) {
      coverage[x]++;
    }
  }
  const maxCrossing = Math.floor(segments.length * 0.4);
  const slack = Math.max(1, Math.floor(segments.length * 0.02));
  const minWidth = Math.max(
    4,
    0.5 *
      quantile(
        segments.map((segment) => segment.fontSize),
        0.5,
      ),
  );
  const candidates: Array<Gutter & { crossing: number }> = [];
  // Each valley of the coverage profile is a candidate: the bins around a minimum that no
  // more than a few more segments cross, so the run of a middle column between two gutters
  // is not mistaken for part of one.
  const valleys = (from: number, to: number) => {
    if (to - from < minWidth) return;
    const run = coverage.subarray(from, to);
    const crossing = Math.min(...run);
    let start = from + run.indexOf(crossing);
    let stop = start + 1;
    while (start > from && coverage[start - 1] <= crossing + slack) start--;
    while (stop < to && coverage[stop] <= crossing + slack) stop++;
    if (stop - start >= minWidth) {
      candidates.push({ start: minX + start, end: minX + stop, crossing });
    }
    valleys(from, start);
    valleys(stop, to);
  };
  const to = Math.ceil(width * 0.8);
  for (let x = Math.floor(width * 0.2); x < to; x++) {
    if (coverage[x] > maxCrossing) continue;
    let end = x;
    while (end < to && coverage[end] <= maxCrossing) end++;
    valleys(x, end);
    x = end;
  }
  candidates.sort((a, b) => a.crossing - b.crossing || b.end - b.start - (a.end - a.start));
  return candidates.find((gutter) => looksLikeColumns(segments, gutter)) ?? null;
}

function looksLikeColumns(segments: Segment[], gutter: Gutter): boolean {
  const left = segments.filter((segment) => sideOf(segment, gutter) === 'left');
  const right = segments.filter((segment) => sideOf(segment, gutter) === 'right');
  if (left.length < 3 || right.length < 3) return false;
  const leftEdge = Math.min(...left.map((segment) => segment.x0));
  const reach = gutter.start - 0.2 * (gutter.start - leftEdge);
  const filled = left.filter((segment) => segment.x1 >= reach).length;
  if (filled < left.length * 0.5) return false;
  const [leftTop, leftBottom] = extent(left);
  const [rightTop, rightBottom] = extent(right);
  const top = Math.max(leftTop, rightTop);
  const bottom = Math.min(leftBottom, rightBottom);
  if (bottom - top <= 0.3 * Math.min(leftBottom - leftTop, rightBottom - rightTop)) return false;
  const beside = segments.filter((segment) => segment.y >= top && segment.y <= bottom);
  const crossing = beside.filter((segment) => sideOf(segment, gutter) === 'spanning');
  return crossing.length <= 0.15 * beside.length;
}

function extent(segments: Segment[]): [number, number] {
  const ys = segments.map((segment) => segment.y);
  return [Math.min(...ys), Math.max(...ys)];
}

function sortByLine(segments: Segment[]): Segment[] {
  return [...segments].sort((a, b) => a.line - b.line || a.x0 - b.x0);
}

/**
 * Lines of a block joined as prose: words across a line wrap with a space, a line ending in a
 * hyphen with a line break; a line that stops short of the block's right edge, a table row (a
 * line of several segments) or a line of code, with a line break; and a wider gap than the block's usual line
 * spacing, or a change of font size, with a blank line.
 */
function renderBlock(block: Segment[]): string {
  const lines = joinLines(block);
  if (!lines.length) return '';
  // The usual distance between lines: a low quantile, as paragraph gaps and headings only
  // ever widen it.
  const spacing = quantile(
    lines
      .slice(1)
      .map((line, i) => line.y - lines[i].y)
      .filter((delta) => delta > 0),
    0.25,
  );
  const right = Math.max(...lines.map((line) => line.x1));
  const left = Math.min(...lines.map((line) => line.x0));
  let text = lines[0].text;
  for (let i = 1; i < lines.length; i++) {
    const previous = lines[i - 1];
    const line = lines[i];
    const delta = line.y - previous.y;
    const fontChanged = Math.abs(line.fontSize - previous.fontSize) > 0.15 * previous.fontSize;
    const lineHeight = spacing || 1.2 * previous.fontSize;
    if (delta <= 0 || delta > 1.4 * lineHeight || fontChanged) text += `\n\n${line.text}`;
    else if (
      previous.x1 < right - 0.15 * (right - left) ||
      previous.cells > 1 ||
      line.cells > 1 ||
      codeLine.test(previous.text) ||
      codeLine.test(line.text)
    ) {
      text += `\n${line.text}`;
    } else if (/\p{L}-$/u.test(text) && /^\p{L}/u.test(line.text)) {
      // A hyphen at the end of a line: whether it joins a word broken in two or a compound is
      // decided for the whole document (see dehyphenate.ts), so the break is kept here.
      text += `\n${line.text}`;
    } else text += ` ${line.text}`;
  }
  return text;
}

/** A line of a program listing (an assignment, a comment, a brace): it keeps its line break. */
const codeLine = /:=|\/\/|\/\*|[{};]\s*$|^\s*[{}]/;

interface Line extends Segment {
  /** How many segments the line was made of: more than one in a table row. */
  cells: number;
}

/** Segments of the same line, left to right, as one line. */
function joinLines(block: Segment[]): Line[] {
  const lines: Line[] = [];
  for (const segment of block) {
    if (segment.text === '') continue;
    const last = lines.at(-1);
    if (last && last.line === segment.line) {
      last.text += ` ${segment.text}`;
      last.x1 = Math.max(last.x1, segment.x1);
      last.fontSize = Math.max(last.fontSize, segment.fontSize);
      last.cells++;
    } else lines.push({ ...segment, cells: 1 });
  }
  return lines;
}

function quantile(values: number[], q: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * q)];
}
