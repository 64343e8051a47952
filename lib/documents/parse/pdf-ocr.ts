import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { PageReading, ParseOptions, RecognizedLine } from '../types';
import { visibleLength } from './pages';
import { renderPage } from './pdf-render';
import { type PageParts, recognizedParts } from './running-lines';

/** A PDF page after its text layer was read: whether to recognise it, and what it holds so far. */
export interface ReadPage {
  number: number;
  /** Its text, read apart at its edges: the text layer's, or what OCR read. */
  parts: PageParts;
  reading: PageReading;
  /** Its text layer is missing, unusable or too sparse for what the page draws. */
  ocr: boolean;
  /** pdf.js could not read the page at all. */
  damaged?: boolean;
  /** The resolution to draw it at for OCR: a scan's own, when the page is one. */
  dpi?: number;
}

/** All the text of a page's parts, for judging how much it says. */
export function partsText({ body, edges, other }: PageParts): string {
  return [body, ...edges.map((edge) => edge.text), ...other].join('\n');
}

/**
 * Recognises the pages marked for OCR, one at a time in page order, each drawn, read and let go
 * before the next. A page takes the recognised text when it says more than its text layer did;
 * a page that cannot be drawn or recognised keeps what it had.
 */
export async function recognizePages(
  pdf: PDFDocumentProxy,
  pages: ReadPage[],
  { recognizer, onProgress, signal }: ParseOptions,
): Promise<void> {
  const marked = pages.filter((page) => page.ocr);
  if (!recognizer || marked.length === 0) return;
  for (const [done, page] of marked.entries()) {
    signal?.throwIfAborted();
    onProgress?.('recognising', done, marked.length);
    const recognized = await recognizePage(pdf, page, recognizer).catch((error) => {
      console.warn(`Page ${page.number} could not be recognised: ${String(error)}`);
      return null;
    });
    const parts = recognized && recognizedParts(recognized);
    if (parts && visibleLength(partsText(parts)) > visibleLength(partsText(page.parts))) {
      page.parts = parts;
      page.reading = 'ocr';
    }
  }
  onProgress?.('recognising', marked.length, marked.length);
}

async function recognizePage(
  pdf: PDFDocumentProxy,
  { number, dpi }: ReadPage,
  recognizer: NonNullable<ParseOptions['recognizer']>,
): Promise<RecognizedLine[]> {
  const page = await pdf.getPage(number);
  // pdf.js lets go of the page's fonts and images before the long part begins.
  const image = await renderPage(pdf, page, dpi).finally(() => page.cleanup());
  return recognizer.recognize(image);
}
