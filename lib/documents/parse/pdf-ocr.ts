import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { ParseOptions, RecognizedText } from '../types';
import { type PageContent, visibleLength } from './pages';
import { renderPage } from './pdf-render';

/** A PDF page after its text layer was read: whether to recognise it, and what it holds so far. */
export interface ReadPage extends PageContent {
  number: number;
  /** Its text layer is missing, unusable or too sparse for what the page draws. */
  ocr: boolean;
  /** pdf.js could not read the page at all. */
  damaged?: boolean;
  /** The resolution to draw it at for OCR: a scan's own, when the page is one. */
  dpi?: number;
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
    if (recognized && visibleLength(recognized.text) > visibleLength(page.text)) {
      Object.assign(page, { text: recognized.text, words: recognized.words, reading: 'ocr' });
    }
  }
  onProgress?.('recognising', marked.length, marked.length);
}

async function recognizePage(
  pdf: PDFDocumentProxy,
  { number, dpi }: ReadPage,
  recognizer: NonNullable<ParseOptions['recognizer']>,
): Promise<RecognizedText> {
  const page = await pdf.getPage(number);
  // pdf.js lets go of the page's fonts and images before the long part begins.
  const image = await renderPage(pdf, page, dpi).finally(() => page.cleanup());
  return recognizer.recognize(image);
}
