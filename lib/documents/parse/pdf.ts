import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { DocumentError } from '../errors';
import type { Heading, Page, ParsedDocument, ParseOptions } from '../types';
import { joinPages } from './page-joins';
import type { TextRun } from './pdf-layout';
import { type PageParts, splitEdges, withoutRunningLines } from './running-lines';

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
  let pdf: PDFDocumentProxy;
  try {
    pdf = await task.promise;
  } catch (error) {
    await task.destroy();
    throw openingError(error);
  }
  try {
    return await extract(pdfjs, pdf, options);
  } finally {
    await pdf.destroy();
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
  const parts: PageParts[] = [];
  let unreadablePages = 0;
  for (let number = 1; number <= pageCount; number++) {
    parts.push(
      await readPage(pdfjs, pdf, number).catch(() => {
        unreadablePages++;
        return { body: '', edges: [], other: [] };
      }),
    );
    options.onProgress?.(number, pageCount);
    // Let timers and I/O of the process run between pages of a long document.
    await new Promise((resolve) => setImmediate(resolve));
  }
  // Headers, footers and hyphenated words are seen across pages, so pages join once all are read.
  const { text, pages } = joinPages(withoutRunningLines(parts));
  if (text.trim() === '' && unreadablePages > 0) {
    throw new DocumentError('corrupt', 'This PDF is damaged: none of its text can be read.');
  }
  if (text.trim() === '') {
    throw new DocumentError(
      'no-text',
      'No text to search in this PDF: its pages are images (scanned?). Run it through OCR and upload the result.',
    );
  }
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

/**
 * Characters that never belong in extracted text: control codes, private-use code points and
 * replacement characters are what pdf.js returns for glyphs of a font that does not say which
 * letters they are.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control codes is the point.
const JUNK = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ue000-\uf8ff\ufffd]/gu;

/**
 * A page's text, the lines at its edges apart; empty when most of it is junk, as searching
 * gibberish finds nothing.
 */
async function readPage(pdfjs: Pdfjs, pdf: PDFDocumentProxy, number: number): Promise<PageParts> {
  const page = await pdf.getPage(number);
  try {
    const content = await page.getTextContent();
    const { horizontal, other } = textRuns(pdfjs, page, content.items);
    const { body, edges } = splitEdges(horizontal, page.getViewport({ scale: 1 }).height);
    const all = [body, ...edges.map((e) => e.text), ...other].join('');
    const junk = all.match(JUNK)?.length ?? 0;
    const visible = all.replace(/\s/g, '').length;
    if (junk > 0.3 * visible) return { body: '', edges: [], other: [] };
    const clean = (text: string) => text.replace(JUNK, '');
    return {
      body: clean(body),
      edges: edges.map((e) => ({ ...e, text: clean(e.text) })),
      other: other.map(clean),
    };
  } finally {
    page.cleanup();
  }
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
