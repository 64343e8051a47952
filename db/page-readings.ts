/** How a read document's pages are stored, the same in both backends. */
import type { Page, PageWord } from './types';

/**
 * A recognised word as stored: a tuple rather than an object, as a scanned book's boxes run to
 * megabytes. Kept apart from the document's row, by page: only the page on screen is needed.
 */
export type StoredWord = [
  charStart: number,
  charEnd: number,
  left: number,
  top: number,
  right: number,
  bottom: number,
];

export const storedWords = (words: readonly PageWord[]): StoredWord[] =>
  words.map(({ charStart, charEnd, box }) => [charStart, charEnd, ...box]);

export const wordsOf = (stored: readonly StoredWord[]): PageWord[] =>
  stored.map(([charStart, charEnd, ...box]) => ({ charStart, charEnd, box }));

/** The pages that have recognised words, each with them as stored. */
export const pagesWithWords = (pages: readonly Page[]) =>
  pages
    .filter((page) => page.words?.length)
    .map((page) => ({ page: page.number, words: storedWords(page.words!) }));

/** How many of the pages were read each way, as the document's row counts them. */
export function pageCounts(pages: readonly Page[]) {
  const count = (reading: Page['reading']) =>
    pages.filter((page) => page.reading === reading).length;
  return {
    pagesFromText: count('text'),
    pagesOcr: count('ocr'),
    pagesBlank: count('blank'),
    pagesUnreadable: count('unreadable'),
  };
}

/** Where each page lies, as the document's row keeps it: without its words. */
export const pageOffsets = (pages: readonly Page[]) =>
  pages.map(({ number, charStart, charEnd, reading }) => ({ number, charStart, charEnd, reading }));
