import type { Heading, ParsedDocument } from '../types';
import { decodeTextFile, unpaginated } from './text';

/**
 * Markdown is kept as written (readers understand it, and citations quote it exactly); what
 * parsing adds is the headings, ATX (`## Title`) and setext (`Title` over `===` or `---`),
 * ignoring anything inside fenced code and YAML front matter.
 */
export function parseMarkdown(bytes: Uint8Array): ParsedDocument {
  const { text, encoding } = decodeTextFile(bytes);
  const { headings, frontMatterTitle } = markdownStructure(text);
  const title = frontMatterTitle ?? headings.find((heading) => heading.level === 1)?.text;
  return unpaginated({
    type: 'markdown',
    mediaType: `text/markdown; charset=${encoding}`,
    text,
    headings,
    title,
  });
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
/** Lines that begin a block a setext underline cannot turn into a heading. */
const NOT_PARAGRAPH = /^(?: {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)| {0,3}[>|<]| {4}|\t)/;
const FRONT_MATTER = /^---\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

export function markdownStructure(text: string): {
  headings: Heading[];
  frontMatterTitle?: string;
} {
  const headings: Heading[] = [];
  const frontMatter = FRONT_MATTER.exec(text);
  const frontMatterTitle = frontMatter?.[1].match(/^title:[ \t]*(.+?)[ \t]*$/m)?.[1];

  let fence: string | null = null;
  let paragraph: { start: number; lines: string[] } | null = null;
  let offset = frontMatter ? frontMatter[0].length : 0;
  for (const line of text.slice(offset).split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    if (fence !== null) {
      if (line.trim().startsWith(fence) && /^[`~]+$/.test(line.trim())) fence = null;
      continue;
    }
    const opening = FENCE.exec(line);
    if (opening) {
      fence = opening[1];
      paragraph = null;
      continue;
    }
    if (line.trim() === '') {
      paragraph = null;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      const headingText = plainInline(atx[2] ?? '');
      if (headingText) {
        headings.push({ level: atx[1].length, text: headingText, charStart: lineStart });
      }
      paragraph = null;
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(line);
    if (underline && paragraph) {
      const headingText = plainInline(paragraph.lines.join(' '));
      if (headingText) {
        const level = underline[1].startsWith('=') ? 1 : 2;
        headings.push({ level, text: headingText, charStart: paragraph.start });
      }
      paragraph = null;
      continue;
    }
    if (paragraph) paragraph.lines.push(line);
    else if (!NOT_PARAGRAPH.test(line)) paragraph = { start: lineStart, lines: [line] };
  }
  return { headings, ...(frontMatterTitle ? { frontMatterTitle: unquote(frontMatterTitle) } : {}) };
}

/** Heading text as a reader sees it: links and images by their text, no emphasis marks or tags. */
function plainInline(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/(^|\s)[*_]([^*_]+)[*_](?=\s|$)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}
