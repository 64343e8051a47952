export type DocumentType =
  | 'pdf'
  | 'docx'
  | 'odt'
  | 'rtf'
  | 'pptx'
  | 'odp'
  | 'xlsx'
  | 'ods'
  | 'csv'
  | 'epub'
  | 'image'
  | 'html'
  | 'markdown'
  | 'text';

/** The picture formats read by OCR. */
export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'tiff';

// A page, how it was read and where OCR found its words are what reading produces and storage
// keeps: one type each, db's.
import type { Page, PageWord } from '@/db/types';

export type { Page, PageReading, PageWord } from '@/db/types';

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

/** What parsing is doing: reading the file's pages, or recognising the text of their pictures. */
export type ParseStage = 'parsing' | 'recognising';

export interface ParseOptions {
  /** Called after each page, so ingestion can show its progress: `done` of `total` in `stage`. */
  onProgress?: (stage: ParseStage, done: number, total: number) => void;
  /** Reads the text in a page's picture; without it, pages that need OCR stay unreadable. */
  recognizer?: PageRecognizer;
  /** Stops parsing between pages: it then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Most pages a paginated document may have; one with more fails before any is read. */
  maxPages?: number;
}

/** A page's picture in 8-bit grey, row by row from the top left. */
export interface GrayImage {
  width: number;
  height: number;
  pixels: Uint8Array;
  /** The resolution it was drawn at, when known: OCR reads characters by their size in dots. */
  dpi?: number;
}

/** A word recognised in a picture, and where it was seen there (as a PageWord's box). */
export interface RecognizedWord {
  text: string;
  box: PageWord['box'];
}

/**
 * A line of text recognised in a picture: its words left to right, the box around them, and the
 * paragraph it belongs to (paragraphs numbered in reading order).
 */
export interface RecognizedLine {
  paragraph: number;
  words: RecognizedWord[];
  box: PageWord['box'];
}

export interface PageRecognizer {
  /** The lines of text in a page's picture, in reading order. */
  recognize(image: GrayImage): Promise<RecognizedLine[]>;
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
