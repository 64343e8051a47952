export { chunkDocument } from './chunk';
export { detectDocumentType } from './detect';
export { DocumentError, type DocumentErrorCode } from './errors';
export { parseDocument } from './parse';
export type {
  Chunk,
  ChunkOptions,
  DocumentType,
  Heading,
  Page,
  PageRecognizer,
  ParsedDocument,
  ParseOptions,
} from './types';
