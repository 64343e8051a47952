import { type OfficeContentNode, parseOffice } from 'officeparser';
import { DocumentError } from '../errors';
import type { DocumentType, ParsedDocument } from '../types';
import { assertSafeZip } from '../zip';
import { type Block, fromPagesOfBlocks } from './blocks';
import { sheetBlocks } from './sheet-rows';

export type OfficeType = Extract<
  DocumentType,
  'pptx' | 'odp' | 'xlsx' | 'ods' | 'odt' | 'rtf' | 'epub'
>;

const FORMATS: Record<OfficeType, { mediaType: string; name: string; zip: boolean }> = {
  pptx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    name: 'PowerPoint presentation',
    zip: true,
  },
  odp: {
    mediaType: 'application/vnd.oasis.opendocument.presentation',
    name: 'OpenDocument presentation',
    zip: true,
  },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    name: 'Excel workbook',
    zip: true,
  },
  ods: {
    mediaType: 'application/vnd.oasis.opendocument.spreadsheet',
    name: 'OpenDocument spreadsheet',
    zip: true,
  },
  odt: {
    mediaType: 'application/vnd.oasis.opendocument.text',
    name: 'OpenDocument text',
    zip: true,
  },
  rtf: { mediaType: 'application/rtf', name: 'Rich Text document', zip: false },
  epub: { mediaType: 'application/epub+zip', name: 'EPUB book', zip: true },
};

/**
 * Presentations, spreadsheets, OpenDocument text, RTF and EPUB, read by officeparser into one
 * tree of slides, sheets, headings, paragraphs and tables, and kept in their shape: a slide is
 * a page (its speaker notes after its text), a sheet is a page whose rows keep their column
 * names, and a text's headings (an EPUB's chapter titles among them) stay headings.
 */
export async function parseOfficeDocument(
  bytes: Uint8Array,
  type: OfficeType,
): Promise<ParsedDocument> {
  const format = FORMATS[type];
  if (format.zip) assertSafeZip(bytes, format.name);
  let content: OfficeContentNode[];
  try {
    const ast = await parseOffice(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      fileType: type,
      ignorePageGeometry: true,
      ignoreComments: true,
      ignoreSlideMasters: true,
    });
    content = ast.content;
  } catch (error) {
    throw readingError(error, format.name);
  }
  const pages = paginate(type, content);
  const document = fromPagesOfBlocks(pages);
  if (document.text.trim() === '') {
    throw new DocumentError('no-text', `This ${format.name} has no text in it.`);
  }
  return { type, mediaType: format.mediaType, ...document };
}

function paginate(type: OfficeType, content: OfficeContentNode[]): Block[][] {
  if (type === 'pptx' || type === 'odp') {
    // A slide with nothing on it is left out of the tree; its number keeps its page.
    const pages: Block[][] = [];
    for (const slide of content.filter((node) => node.type === 'slide')) {
      const number = (slide.metadata as { slideNumber?: unknown } | undefined)?.slideNumber;
      const at = typeof number === 'number' && number > pages.length ? number - 1 : pages.length;
      while (pages.length < at) pages.push([]);
      pages[at] = slideBlocks(slide);
    }
    return pages;
  }
  if (type === 'xlsx' || type === 'ods') {
    return content
      .filter((node) => node.type === 'sheet')
      .map((sheet) => sheetBlocks(sheetName(sheet), sheetRows(sheet)));
  }
  return [content.flatMap(blocksOf)];
}

/** A title is a line, not a paragraph. */
const longestTitle = 120;

/** A slide's text, its title (or a short first line) as its heading, then its speaker notes. */
function slideBlocks(slide: OfficeContentNode): Block[] {
  const blocks = (slide.children ?? []).flatMap(blocksOf);
  const first = blocks.find((block) => block.text.trim() !== '');
  const titled = blocks.some((block) => block.heading);
  if (first && !titled && first.text.length <= longestTitle && !first.text.includes('\n')) {
    first.heading = 1;
  }
  const notes = (slide.notes ?? [])
    .flatMap((note) => (note.children ?? []).flatMap(blocksOf))
    // A notes page repeats its slide's number in a field of its own.
    .filter((block) => !/^\s*\d+\s*$/.test(block.text));
  if (notes.length === 0) return blocks;
  return [
    ...blocks,
    { text: `Speaker notes: ${notes.map((note) => note.text.trim()).join('\n')}` },
  ];
}

function sheetName(sheet: OfficeContentNode): string | undefined {
  const metadata = sheet.metadata as { sheetName?: unknown } | undefined;
  return typeof metadata?.sheetName === 'string' ? metadata.sheetName : undefined;
}

/** A sheet's cells by row and column, as the spreadsheet places them. */
function sheetRows(sheet: OfficeContentNode): string[][] {
  const rows: string[][] = [];
  for (const row of sheet.children ?? []) {
    if (row.type !== 'row') continue;
    const cells: string[] = [];
    (row.children ?? []).forEach((cell, i) => {
      const column = (cell.metadata as { col?: unknown } | undefined)?.col;
      cells[typeof column === 'number' ? column : i] = textOf(cell).replace(/\s+/g, ' ');
    });
    rows.push(Array.from(cells, (cell) => cell ?? ''));
  }
  return rows;
}

/** A node as the blocks a reader would see: headings, paragraphs, list items, table rows. */
function blocksOf(node: OfficeContentNode): Block[] {
  switch (node.type) {
    case 'heading': {
      const level = (node.metadata as { level?: unknown } | undefined)?.level;
      return [
        {
          text: textOf(node),
          heading: typeof level === 'number' ? Math.min(Math.max(level, 1), 6) : 1,
        },
      ];
    }
    case 'paragraph':
    case 'code':
      return [{ text: textOf(node) }, ...(node.notes ?? []).flatMap(blocksOf)];
    case 'table':
      return [
        {
          text: (node.children ?? [])
            .map((row) => (row.children ?? []).map(textOf).filter(Boolean).join(' | '))
            .filter(Boolean)
            .join('\n'),
        },
      ];
    case 'image':
    case 'chart':
    case 'comment':
    case 'drawing':
    case 'slideMaster':
      return [];
    default:
      return (node.children ?? []).flatMap(blocksOf);
  }
}

const BLOCK_NODES = new Set(['paragraph', 'heading', 'list', 'table', 'row', 'code', 'note']);

/** All the text under a node: runs joined as they are, blocks (a cell's paragraphs) by lines. */
function textOf(node: OfficeContentNode): string {
  if (node.type === 'break') return '\n';
  if (node.type === 'text') return node.text ?? '';
  if (!node.children?.length) return node.text ?? '';
  return node.children
    .map((child) => (BLOCK_NODES.has(child.type) ? `\n${textOf(child)}\n` : textOf(child)))
    .join('')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

function readingError(error: unknown, name: string): DocumentError {
  if (error instanceof DocumentError) return error;
  const code = (error as { officeIssue?: { code?: string } }).officeIssue?.code;
  if (
    code === 'PASSWORD_REQUIRED' ||
    code === 'PASSWORD_INCORRECT' ||
    code === 'DOCUMENT_DECRYPTION_FAILED'
  ) {
    return new DocumentError(
      'encrypted',
      `This ${name} is password-protected. Remove the password and upload it again.`,
      { cause: error },
    );
  }
  return new DocumentError('corrupt', `This ${name} is damaged and cannot be read.`, {
    cause: error,
  });
}
