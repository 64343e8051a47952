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

/**
 * How a page's text was got: from the file's own text, by recognising the characters in its
 * picture (OCR), not at all because it shows nothing, or not at all although it shows something
 * (damaged, or a picture in which no text could be recognised).
 */
export type PageReading = 'text' | 'ocr' | 'blank' | 'unreadable';

/** A word recognised on a page, with where it lies in the page's text and in its picture. */
export interface PageWord {
  /** Offsets into the page's text: `text.slice(page.charStart + charStart, page.charStart + charEnd)`. */
  charStart: number;
  charEnd: number;
  /** Left, top, right, bottom as fractions of the page's width and height (0 to 1, top down). */
  box: [number, number, number, number];
}

/** A page of the extracted text: `text.slice(charStart, charEnd)` is what the page says. */
export interface Page {
  /** 1-based, as a reader would cite it. */
  number: number;
  charStart: number;
  charEnd: number;
  reading: PageReading;
  /** Where each recognised word lies on the page; only on pages read by OCR. */
  words?: PageWord[];
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

/** The text recognised in a picture, words in reading order with their boxes. */
export interface RecognizedText {
  text: string;
  words: PageWord[];
}

export interface PageRecognizer {
  recognize(image: GrayImage): Promise<RecognizedText>;
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
