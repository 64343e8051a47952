export type DocumentType = 'pdf' | 'docx' | 'html' | 'markdown' | 'text';

/** A page of the extracted text: `text.slice(charStart, charEnd)` is what the page says. */
export interface Page {
  /** 1-based, as a reader would cite it. */
  number: number;
  charStart: number;
  charEnd: number;
}

export interface Heading {
  /** 1 for a title-level heading, up to 6. */
  level: number;
  text: string;
  /** Offset in the extracted text where the heading begins. */
  charStart: number;
}

export interface ParsedDocument {
  type: DocumentType;
  /** The original file's media type, with the charset it was decoded from for text formats. */
  mediaType: string;
  /** The whole extracted text; every offset in this document points into it. */
  text: string;
  /** In text order and non-overlapping; formats without pages have exactly one. */
  pages: Page[];
  /** In text order; empty when the format has none. */
  headings: Heading[];
  title?: string;
}

export interface ParseOptions {
  /** Called after each page of a paginated format, so ingestion can show its progress. */
  onProgress?: (pagesDone: number, pageCount: number) => void;
  /** Most pages a paginated document may have; one with more fails before any is read. */
  maxPages?: number;
}

/** A passage: `text === doc.text.slice(charStart, charEnd)`. */
export interface Chunk {
  /** 0-based position among the document's chunks. */
  index: number;
  text: string;
  pageStart: number;
  pageEnd: number;
  charStart: number;
  charEnd: number;
  /** The nearest heading at or before the passage's start. */
  heading?: string;
}

export interface ChunkOptions {
  /** Most characters in a passage; default 1000. */
  size?: number;
  /** Most characters a passage repeats from the one before; default 150. */
  overlap?: number;
}
