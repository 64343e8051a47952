import type { Page, PageReading, PageWord } from '../types';

/** A page as a parser read it, before the pages are joined into the document's text. */
export interface PageContent {
  text: string;
  reading: PageReading;
  /** Offsets into this page's `text`. */
  words?: PageWord[];
}

/**
 * The pages' texts as one text, a blank line between pages that say something, and where each
 * page lies in it. Words keep their offsets from their page's start. For slides, sheets and
 * pictures, whose pages are whole; a PDF's pages are joined by page-joins.ts, which mends the
 * words and sentences its page breaks cut.
 */
export function placePages(contents: readonly PageContent[]): { text: string; pages: Page[] } {
  let text = '';
  const pages = contents.map(({ text: content, reading, words }, i): Page => {
    if (content && text) text += '\n\n';
    const page: Page = {
      number: i + 1,
      charStart: text.length,
      charEnd: text.length + content.length,
      reading,
      ...(words?.length ? { words } : {}),
    };
    text += content;
    return page;
  });
  return { text, pages };
}

/** Characters that are not white space: how much a page says. */
export function visibleLength(text: string): number {
  return text.replace(/\s/g, '').length;
}
