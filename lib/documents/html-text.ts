import { Parser } from 'htmlparser2';
import type { Heading } from './types';

/** What a reader sees in an HTML page: its text in paragraphs, its headings and its title. */
export interface HtmlText {
  text: string;
  headings: Heading[];
  title?: string;
}

/** Elements whose content is not part of what the page says: code, chrome and hidden parts. */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'aside',
  'svg',
  'canvas',
  'iframe',
  'object',
  'embed',
  'select',
  'button',
  'video',
  'audio',
  'map',
]);
/** Page chrome, unless it belongs to an article or section (where it holds their title). */
const CHROME = new Set(['header', 'footer']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search']);
const CONTENT = new Set(['article', 'main', 'section']);
/** Elements that end a line: list items, table rows, definition terms. */
const LINE_BLOCKS = new Set(['li', 'tr', 'dt', 'dd', 'option', 'br']);
const PARAGRAPH_BLOCKS = new Set([
  'address',
  'blockquote',
  'body',
  'caption',
  'details',
  'dialog',
  'div',
  'dl',
  'fieldset',
  'figcaption',
  'figure',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'html',
  'legend',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'article',
  'summary',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'ul',
]);
const CELLS = new Set(['td', 'th']);
/** Blocks that still break lines inside a table cell: rows of a table nested in it. */
const ROW_BLOCKS = new Set(['table', 'tr']);

/**
 * Converts HTML to text the way a browser lays it out, without a DOM: block elements become
 * paragraphs or lines, runs of white space collapse (except in <pre>), table cells on a row
 * are separated by a space (so a row stays a line), and h1–h6 are recorded as headings at their offset in the text.
 */
export function htmlToText(html: string): HtmlText {
  let text = '';
  /** Line breaks owed before the next text: 0, 1 (a line) or 2 (a paragraph). */
  let pendingBreak = 0;
  let pendingSpace = false;
  let skipDepth = 0;
  let cellDepth = 0;
  let preDepth = 0;
  /** A newline right after <pre> is not content, as in browsers. */
  let preJustOpened = false;
  let inTitle = false;
  let title = '';
  const open: string[] = [];
  const headings: Heading[] = [];
  let heading: { level: number; start: number } | null = null;

  const owe = (breaks: number) => {
    pendingBreak = Math.max(pendingBreak, breaks);
  };
  const append = (data: string) => {
    const raw = preJustOpened ? data.replace(/^\n/, '') : data;
    preJustOpened = false;
    const content = preDepth > 0 ? raw : raw.replace(/\s+/g, ' ');
    if (preDepth === 0 && content.trim() === '') {
      if (content) pendingSpace = true;
      return;
    }
    let piece = preDepth > 0 ? content : content.trimStart();
    if (preDepth === 0 && content !== piece) pendingSpace = true;
    if (text !== '' && pendingBreak > 0) text += '\n'.repeat(pendingBreak);
    else if (text !== '' && pendingSpace && !/\s$/.test(text)) text += ' ';
    if (heading && heading.start < 0) heading.start = text.length;
    if (preDepth === 0 && /\s$/.test(piece)) {
      piece = piece.trimEnd();
      pendingSpace = true;
    } else pendingSpace = false;
    text += piece;
    pendingBreak = 0;
  };

  /** Space a block puts around itself; inside a table cell it keeps the row on one line. */
  const breakAround = (name: string) => {
    const block = PARAGRAPH_BLOCKS.has(name) || LINE_BLOCKS.has(name);
    if (CELLS.has(name) || (block && cellDepth > 0 && !ROW_BLOCKS.has(name))) pendingSpace = true;
    else if (PARAGRAPH_BLOCKS.has(name)) owe(2);
    else if (LINE_BLOCKS.has(name)) owe(1);
  };

  const skips = (name: string, attributes: Record<string, string>) =>
    SKIPPED.has(name) ||
    'hidden' in attributes ||
    attributes['aria-hidden'] === 'true' ||
    CHROME_ROLES.has(attributes.role ?? '') ||
    (CHROME.has(name) && !open.some((ancestor) => CONTENT.has(ancestor)));

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'title') inTitle = true;
        open.push(name);
        if (skipDepth > 0 || skips(name, attributes)) {
          skipDepth++;
          return;
        }
        if (name === 'pre') {
          preDepth++;
          preJustOpened = true;
        }
        if (CELLS.has(name)) cellDepth++;
        breakAround(name);
        const level = /^h([1-6])$/.exec(name)?.[1];
        if (level) heading = { level: Number(level), start: -1 };
      },
      ontext(data) {
        if (inTitle) title += data;
        else if (skipDepth === 0) append(data);
      },
      onclosetag(name) {
        open.pop();
        if (name === 'title') inTitle = false;
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        if (name === 'pre') preDepth--;
        breakAround(name);
        if (CELLS.has(name)) cellDepth--;
        if (heading && /^h[1-6]$/.test(name)) {
          const headingText = heading.start < 0 ? '' : text.slice(heading.start).trim();
          if (headingText) {
            headings.push({
              level: heading.level,
              text: headingText.replace(/\s+/g, ' '),
              charStart: heading.start,
            });
          }
          heading = null;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);

  const cleanTitle = title.replace(/\s+/g, ' ').trim();
  return { text, headings, ...(cleanTitle ? { title: cleanTitle } : {}) };
}
