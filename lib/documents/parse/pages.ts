import type { Page, PageReading } from '../types';

/** A page as a parser read it, before the pages are joined into the document's text. */
export interface PageContent {
  text: string;
  reading: PageReading;
}

/**
 * The pages' texts as one text, a blank line between pages that say something, and where each
 * page lies in it. For slides and sheets, whose pages are whole; a PDF's pages and a scan's are
 * joined by page-joins.ts, which mends the words and sentences their page breaks cut.
 */
export function placePages(contents: readonly PageContent[]): { text: string; pages: Page[] } {
  let text = '';
  const pages = contents.map(({ text: content, reading }, i): Page => {
    if (content && text) text += '\n\n';
    const page: Page = {
      number: i + 1,
      charStart: text.length,
      charEnd: text.length + content.length,
      reading,
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
