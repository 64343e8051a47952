import { describeUnsupported, detectDocumentType } from '../detect';
import { DocumentError } from '../errors';
import type { DocumentType, ParsedDocument, ParseOptions } from '../types';
import { parseDocx } from './docx';
import { parseHtml } from './html';
import { parseMarkdown } from './markdown';
import { parsePdf } from './pdf';
import { parseText } from './text';

type Parser = (bytes: Uint8Array, options: ParseOptions) => Promise<ParsedDocument>;

const PARSERS: Record<DocumentType, Parser> = {
  pdf: parsePdf,
  docx: parseDocx,
  html: async (bytes) => parseHtml(bytes),
  markdown: async (bytes) => parseMarkdown(bytes),
  text: async (bytes) => parseText(bytes),
};

/**
 * Extracts the text of an uploaded file with its pages and headings. Fails with a
 * DocumentError whose message tells the uploader what is wrong with the file.
 */
export async function parseDocument(
  bytes: Uint8Array,
  fileName: string,
  options: ParseOptions = {},
): Promise<ParsedDocument> {
  if (bytes.length === 0) throw new DocumentError('empty', 'This file is empty.');
  const type = detectDocumentType(bytes, fileName);
  if (type === null) throw new DocumentError('unsupported', describeUnsupported(bytes, fileName));
  return PARSERS[type](bytes, options);
}
