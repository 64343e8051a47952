import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { PageReading, PageWord, ParseOptions, RecognizedText } from '../types';
import { visibleLength } from './pages';
import { renderPage } from './pdf-render';
import type { PageParts } from './running-lines';

/** A PDF page after its text layer was read: whether to recognise it, and what it holds so far. */
export interface ReadPage {
  number: number;
  /** Its text: the text layer's parts, or what OCR read, as the page's body. */
  parts: PageParts;
  reading: PageReading;
  /** Where the words OCR read lie, as offsets into `parts.body`. */
  words?: PageWord[];
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
    if (recognized && visibleLength(recognized.text) > visibleLength(partsText(page.parts))) {
      page.parts = { body: recognized.text, edges: [], other: [] };
      page.words = recognized.words;
      page.reading = 'ocr';
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

/**
 * The words' offsets moved from a page's text as read to the page's text as joined into the
 * document, which mends words hyphenated at line and page breaks: it only takes characters out
 * (a hyphen and line break, the rest of a word that went to the page before), and may add the
 * rest of a word from the next page at the end. So each character read is found, in order, in
 * what was joined, or was taken out; a word taken out whole keeps no length.
 */
export function placeWords(read: string, joined: string, words: readonly PageWord[]): PageWord[] {
  // Where each character read went in the joined text (or would have, had it stayed).
  const at = new Int32Array(read.length + 1);
  let j = 0;
  for (let i = 0; i < read.length; i++) {
    at[i] = j;
    if (j < joined.length && read[i] === joined[j]) j++;
  }
  at[read.length] = j;
  return words.map((word) => ({
    ...word,
    charStart: at[word.charStart],
    charEnd: at[word.charEnd],
  }));
}
