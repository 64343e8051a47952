import { describeUnsupported, detectDocumentType, imageFormat } from '../detect';
import { DocumentError } from '../errors';
import type { DocumentType, ParsedDocument, ParseOptions } from '../types';
import { parseCsv } from './csv';
import { parseDocx } from './docx';
import { parseHtml } from './html';
import { parseImage } from './image';
import { parseMarkdown } from './markdown';
import { parseOfficeDocument } from './office';
import { parsePdf } from './pdf';
import { parseText } from './text';

type Parser = (bytes: Uint8Array, options: ParseOptions) => Promise<ParsedDocument>;

const PARSERS: Record<DocumentType, Parser> = {
  pdf: parsePdf,
  docx: parseDocx,
  odt: (bytes) => parseOfficeDocument(bytes, 'odt'),
  rtf: (bytes) => parseOfficeDocument(bytes, 'rtf'),
  pptx: (bytes) => parseOfficeDocument(bytes, 'pptx'),
  odp: (bytes) => parseOfficeDocument(bytes, 'odp'),
  xlsx: (bytes) => parseOfficeDocument(bytes, 'xlsx'),
  ods: (bytes) => parseOfficeDocument(bytes, 'ods'),
  epub: (bytes) => parseOfficeDocument(bytes, 'epub'),
  csv: async (bytes) => parseCsv(bytes),
  // detectDocumentType answers 'image' only for a format imageFormat knows.
  image: (bytes, options) => parseImage(bytes, imageFormat(bytes)!, options),
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
