import type { Heading } from '../types';
import { type PageContent, placePages } from './pages';

/** A paragraph of a page, or a heading (with its level, 1 to 6). */
export interface Block {
  text: string;
  heading?: number;
}

/** A page's blocks as its text, a blank line apart, with its headings' offsets in that text. */
function pageText(blocks: readonly Block[]): { text: string; headings: Heading[] } {
  let text = '';
  const headings: Heading[] = [];
  for (const block of blocks) {
    const content = block.text.trim();
    if (!content) continue;
    if (text) text += '\n\n';
    if (block.heading) {
      headings.push({
        level: block.heading,
        text: content.replace(/\s+/g, ' '),
        charStart: text.length,
      });
    }
    text += content;
  }
  return { text, headings };
}

/**
 * Pages of blocks as a document's text, pages and headings. A page with nothing to say is
 * blank (an empty slide, an empty sheet).
 */
export function fromPagesOfBlocks(pages: readonly Block[][]): {
  text: string;
  pages: ReturnType<typeof placePages>['pages'];
  headings: Heading[];
} {
  const texts = pages.map(pageText);
  const contents: PageContent[] = texts.map(({ text }) => ({
    text,
    reading: text ? 'text' : 'blank',
  }));
  const joined = placePages(contents);
  const headings = texts.flatMap(({ headings: own }, i) =>
    own.map((heading) => ({
      ...heading,
      charStart: joined.pages[i].charStart + heading.charStart,
    })),
  );
  return { ...joined, headings };
}
