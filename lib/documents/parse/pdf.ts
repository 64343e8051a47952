import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { DocumentError } from '../errors';
import { ocrDpi } from '../ocr/gray-image';
import type { Heading, Page, ParsedDocument, ParseOptions } from '../types';
import { joinReadPages } from './page-joins';
import { visibleLength } from './pages';
import { type PageDrawing, pageDrawing } from './pdf-drawing';
import type { TextRun } from './pdf-layout';
import { partsText, type ReadPage, recognizePages } from './pdf-ocr';
import { noParts, type PageParts, splitEdges } from './running-lines';

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjsLoaded: Promise<Pdfjs> | null = null;

/**
 * pdf.js, loaded on first use, with its worker code running in this thread: in Node there is
 * no web worker, and handing pdf.js the worker module directly spares it resolving a worker
 * file path, which bundlers break. Callers that must not block move parsing to a worker thread.
 */
function loadPdfjs(): Promise<Pdfjs> {
  pdfjsLoaded ??= (async () => {
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    Object.assign(globalThis, { pdfjsWorker: worker });
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjsLoaded;
}

/** Local font metrics and CMaps, so text in CJK and standard fonts decodes without a network. */
function assetDirectories(): { cMapUrl: string; standardFontDataUrl: string } {
  // Resolved from the project root: a bundler rewrites a module-relative require.resolve.
  const fromRoot = createRequire(join(process.cwd(), 'package.json'));
  const root = dirname(fromRoot.resolve(/* turbopackIgnore: true */ 'pdfjs-dist/package.json'));
  return {
    cMapUrl: `${join(root, 'cmaps')}/`,
    standardFontDataUrl: `${join(root, 'standard_fonts')}/`,
  };
}

export async function parsePdf(bytes: Uint8Array, options: ParseOptions): Promise<ParsedDocument> {
  const { pdfjs, pdf } = await openPdf(bytes);
  try {
    return await extract(pdfjs, pdf, options);
  } finally {
    await pdf.destroy();
  }
}

/**
 * A PDF opened by pdf.js as Folio reads it: fonts and CMaps from disk, no code evaluated. Fails
 * with a DocumentError saying why it cannot be opened; the caller destroys what it gets.
 */
export async function openPdf(bytes: Uint8Array): Promise<{ pdfjs: Pdfjs; pdf: PDFDocumentProxy }> {
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    // pdf.js may take ownership of the buffer; the caller keeps its bytes.
    data: bytes.slice(),
    ...assetDirectories(),
    cMapPacked: true,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    return { pdfjs, pdf: await task.promise };
  } catch (error) {
    await task.destroy();
    throw openingError(error);
  }
}

function openingError(error: unknown): DocumentError {
  if (error instanceof Error && error.name === 'PasswordException') {
    return new DocumentError(
      'encrypted',
      'This PDF is password-protected. Remove the password (for example by printing it to a new PDF) and upload it again.',
      { cause: error },
    );
  }
  return new DocumentError('corrupt', 'This PDF is damaged and cannot be read.', {
    cause: error,
  });
}

async function extract(
  pdfjs: Pdfjs,
  pdf: PDFDocumentProxy,
  options: ParseOptions,
): Promise<ParsedDocument> {
  const pageCount = pdf.numPages;
  if (options.maxPages !== undefined && pageCount > options.maxPages) {
    throw new DocumentError(
      'too-many-pages',
      `This PDF has ${pageCount.toLocaleString('en')} pages; Folio reads at most ${options.maxPages.toLocaleString('en')} (FOLIO_READER_MAX_PAGES). Split it into smaller files.`,
    );
  }
  const read: ReadPage[] = [];
  for (let number = 1; number <= pageCount; number++) {
    options.signal?.throwIfAborted();
    read.push(await firstReading(pdfjs, pdf, number));
    options.onProgress?.('parsing', number, pageCount);
    // Let timers and I/O of the process run between pages of a long document.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await recognizePages(pdf, read, options);
  // Headers, footers and hyphenated words are seen across pages, so pages join once all are read.
  const { text, pages } = joinReadPages(read);
  if (text.trim() === '') throw nothingReadable(read, options);
  const title = await documentTitle(pdf);
  return {
    type: 'pdf',
    mediaType: 'application/pdf',
    text,
    pages,
    headings: await outlineHeadings(pdf, text, pages),
    ...(title ? { title } : {}),
  };
}

function nothingReadable(pages: ReadPage[], options: ParseOptions): DocumentError {
  if (pages.some((page) => page.damaged)) {
    return new DocumentError('corrupt', 'This PDF is damaged: none of its text can be read.');
  }
  if (pages.every((page) => page.reading === 'blank')) {
    return new DocumentError('no-text', 'No text to search in this PDF: its pages are blank.');
  }
  if (!options.recognizer) {
    return new DocumentError(
      'no-text',
      'No text to search in this PDF: its pages are images (scanned?). Run it through OCR and upload the result.',
    );
  }
  return new DocumentError(
    'no-text',
    'No text to search in this PDF: no text could be recognised in the pictures on its pages.',
  );
}

/**
 * A page's text layer, read as pdf.js gives it (the lines at its edges apart, for running
 * headers and footers are told by comparing pages), with what decides whether the page must be
 * recognised from its picture instead.
 */
async function firstReading(
  pdfjs: Pdfjs,
  pdf: PDFDocumentProxy,
  number: number,
): Promise<ReadPage> {
  const damaged = (ocr: boolean): ReadPage => ({
    number,
    parts: noParts,
    reading: 'unreadable',
    damaged: true,
    ocr,
  });
  const page = await pdf.getPage(number).catch(() => null);
  if (!page) return damaged(false);
  try {
    // A page whose text cannot be read may still be drawn, and read from its picture.
    const parts = await layerParts(pdfjs, page).catch(() => null);
    return parts === null
      ? damaged(true)
      : { number, ...(await judgeTextLayer(pdfjs, page, parts)) };
  } finally {
    page.cleanup();
  }
}

/**
 * Characters that never belong in extracted text: control codes, private-use code points and
 * replacement characters are what pdf.js returns for glyphs of a font that does not say which
 * letters they are.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control codes is the point.
const JUNK = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ue000-\uf8ff\ufffd]/gu;

/** Fewer usable characters than this make a page sparse: a title page, or a scan with a stamp. */
const sparseBelow = 200;

/**
 * Whether a page's text layer is its text. It is not when it holds glyph codes (more than a few
 * junk characters); and a sparse page is checked against what it draws: glyphs that gave no
 * letters, or a picture over most of the page, mean text that only OCR can read. A page that
 * draws next to nothing is blank. Junk is taken out of the text kept; mostly junk, nothing is
 * kept, as what is left between the codes is gibberish too and searching it finds nothing.
 */
async function judgeTextLayer(
  pdfjs: Pdfjs,
  page: PDFPageProxy,
  layer: PageParts,
): Promise<Omit<ReadPage, 'number'>> {
  const raw = partsText(layer);
  const junk = raw.match(JUNK)?.length ?? 0;
  const visible = visibleLength(raw);
  const clean = (text: string) => text.replace(JUNK, '');
  const parts: PageParts =
    junk > 0.3 * visible
      ? noParts
      : {
          body: clean(layer.body),
          edges: layer.edges.map((edge) => ({ ...edge, text: clean(edge.text) })),
          other: layer.other.map(clean),
        };
  const usable = visibleLength(partsText(parts));
  const fallback = usable > 0 ? 'text' : 'unreadable';
  if (junk > 0.05 * visible) return { parts, reading: fallback, ocr: true };
  if (usable >= sparseBelow) return { parts, reading: 'text', ocr: false };
  const drawing = await pageDrawing(pdfjs.OPS, page).catch(() => null);
  if (!drawing) return { parts, reading: fallback, ocr: usable === 0 };
  const glyphsWithoutLetters = drawing.glyphs > 2 * usable + 20;
  const scanned = drawing.imageCoverage >= 0.5;
  if (glyphsWithoutLetters || scanned) {
    return { parts, reading: fallback, ocr: true, dpi: scanDpi(drawing) };
  }
  if (usable > 0) return { parts, reading: 'text', ocr: false };
  const drawsNothing = drawing.glyphs === 0 && drawing.imageCoverage < 0.01 && drawing.paths < 10;
  return { parts: noParts, reading: drawsNothing ? 'blank' : 'unreadable', ocr: !drawsNothing };
}

/**
 * The resolution to recognise a scanned page at: its scan's own, for drawing it finer only makes
 * OCR slower (a 200 dpi scan at 300 dpi is 2.25 times the pixels); never coarser than 150 dpi,
 * below which Tesseract misreads small print, and never finer than 300.
 */
function scanDpi(drawing: PageDrawing): number | undefined {
  const dpi = drawing.largestImageDpi;
  if (!dpi || drawing.imageCoverage < 0.5) return undefined;
  return Math.min(ocrDpi, Math.max(150, Math.round(dpi)));
}

/** A page's text layer in reading order, the lines at its top and bottom edges apart. */
async function layerParts(pdfjs: Pdfjs, page: PDFPageProxy): Promise<PageParts> {
  const content = await page.getTextContent();
  const { horizontal, other } = textRuns(pdfjs, page, content.items);
  return { ...splitEdges(horizontal, page.getViewport({ scale: 1 }).height), other };
}

/**
 * Runs in the page's viewport space, where rotated pages read upright. Text that is not
 * horizontal there (a margin stamp, a rotated table header) is kept apart, in the order the
 * page draws it, so it cannot interleave with the lines.
 */
function textRuns(
  pdfjs: Pdfjs,
  page: PDFPageProxy,
  items: readonly object[],
): { horizontal: TextRun[]; other: string[] } {
  const viewport = page.getViewport({ scale: 1 });
  const horizontal: TextRun[] = [];
  const other: string[] = [];
  for (const item of items) {
    if (!('str' in item)) continue;
    const { str, transform, width } = item as TextItem;
    const [a, b, c, d, x, y] = pdfjs.Util.transform(viewport.transform, transform) as number[];
    const fontSize = Math.hypot(c, d);
    if (Math.abs(b) > 0.1 * Math.abs(a) || a <= 0 || fontSize === 0) {
      if (str.trim()) other.push(str.trim());
    } else horizontal.push({ text: str, x, y, width, fontSize });
  }
  return { horizontal, other };
}

/** The Title from the document info, unless it is a producer's leftover like "Microsoft Word - x.doc". */
async function documentTitle(pdf: PDFDocumentProxy): Promise<string | undefined> {
  const { info } = await pdf.getMetadata().catch(() => ({ info: {} }));
  const title = (info as { Title?: unknown }).Title;
  if (typeof title !== 'string') return undefined;
  const trimmed = title.trim();
  return trimmed && !/^(microsoft word - |untitled)/i.test(trimmed) && !/\.\w{2,4}$/.test(trimmed)
    ? trimmed
    : undefined;
}

interface OutlineNode {
  title: string;
  dest: string | unknown[] | null;
  items: OutlineNode[];
}

/**
 * The bookmarks, as headings: each at its title's first occurrence on the page it points to,
 * or at the start of that page when the title is not found there.
 */
async function outlineHeadings(
  pdf: PDFDocumentProxy,
  text: string,
  pages: Page[],
): Promise<Heading[]> {
  const outline = ((await pdf.getOutline().catch(() => null)) ?? []) as OutlineNode[];
  const headings: Heading[] = [];
  const visit = async (nodes: OutlineNode[], level: number) => {
    for (const node of nodes) {
      const pageIndex = await destinationPage(pdf, node.dest);
      const page = pageIndex === null ? undefined : pages[pageIndex];
      const title = node.title.replace(/\s+/g, ' ').trim();
      if (page && title) {
        headings.push({ level, text: title, charStart: findOnPage(text, page, title) });
      }
      await visit(node.items, Math.min(level + 1, 6));
    }
  };
  await visit(outline, 1);
  return headings.sort((a, b) => a.charStart - b.charStart);
}

async function destinationPage(
  pdf: PDFDocumentProxy,
  dest: OutlineNode['dest'],
): Promise<number | null> {
  try {
    const explicit = typeof dest === 'string' ? await pdf.getDestination(dest) : dest;
    const target = explicit?.[0];
    if (typeof target === 'number') return target;
    if (target && typeof target === 'object' && 'num' in target) {
      return await pdf.getPageIndex(target as { num: number; gen: number });
    }
  } catch {
    // A broken bookmark does not make the document unreadable; it just is no heading.
  }
  return null;
}

function findOnPage(text: string, page: Page, title: string): number {
  const pageText = text.slice(page.charStart, page.charEnd).toLowerCase();
  const index = pageText.indexOf(title.toLowerCase());
  return page.charStart + Math.max(0, index);
}
