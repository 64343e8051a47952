/**
 * What the app stores and reads back, as plain data: nothing here says which database holds it.
 * Type-only, so client code may import it.
 */

export const documentStatuses = ['processing', 'ready', 'failed'] as const;
export type DocumentStatus = (typeof documentStatuses)[number];

/** A document as the library lists it (without its text). */
export interface Document {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  status: DocumentStatus;
  /** What reading is doing now, while status is processing. */
  stage: string | null;
  pages: number;
  /** Of `pages`: read from the file's text, read by OCR, blank, and showing text not read. */
  pagesFromText: number;
  pagesOcr: number;
  pagesBlank: number;
  pagesUnreadable: number;
  pagesDone: number;
  chunks: number;
  /** Why reading failed, when it did. */
  error: string | null;
  createdAt: Date;
}

/**
 * How a page's text was got: from the file's own text, by recognising the characters in its
 * picture (OCR), not at all because it shows nothing, or not at all although it shows something
 * (damaged, or a picture in which no text could be recognised).
 */
export type PageReading = 'text' | 'ocr' | 'blank' | 'unreadable';

/** Where a page lies in a document's extracted text: `text.slice(charStart, charEnd)`. */
export interface PageOffsets {
  /** 1-based, as a reader would cite it. */
  number: number;
  charStart: number;
  charEnd: number;
  /** How its text was got; absent on pages read before Folio told them apart (from the text). */
  reading?: PageReading;
}

/** A word recognised on a page, with where it lies in the page's text and in its picture. */
export interface PageWord {
  /** Offsets from the page's start: `text.slice(page.charStart + charStart, …)`. */
  charStart: number;
  charEnd: number;
  /** Left, top, right, bottom as fractions of the page's width and height (0 to 1, top down). */
  box: [number, number, number, number];
}

/** A page of a document as reading produced it. */
export interface Page extends PageOffsets {
  reading: PageReading;
  /** Where each recognised word lies on the page; only on pages read by OCR. */
  words?: PageWord[];
}

/** The words OCR recognised on one page, and where the page starts in the document's text. */
export interface PageWords {
  pageStart: number;
  words: PageWord[];
}

/** A document's extracted text, which passages point into; null until it is read. */
export interface DocumentText {
  text: string | null;
  pages: PageOffsets[];
}

/** An upload about to be kept: its bytes are named by their SHA-256. */
export interface NewDocument {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  /** The collection it goes into (FOLIO_AUTH=accounts); in none in the other modes. */
  collectionId?: string;
}

/** A document's original bytes, as uploaded. */
export interface OriginalFile {
  name: string;
  mediaType: string;
  /**
   * Null when the store has lost them (a file taken out of the data folder by hand): keeping
   * the same bytes again (Documents.add) restores them.
   */
  bytes: Uint8Array<ArrayBuffer> | null;
}

/** A passage of a document as reading produced it: `text` is `documentText.slice(charStart, charEnd)`. */
export interface NewPassage {
  index: number;
  text: string;
  pageStart: number;
  pageEnd: number;
  charStart: number;
  charEnd: number;
  /** The nearest heading at or before the passage; searched with it. */
  heading?: string | null;
}

/** What reading a document produced: its text, pages (with their words) and passages. */
export interface ReadDocument {
  mediaType: string;
  text: string;
  pages: Page[];
  passages: NewPassage[];
  /** One per passage, in the same order, when an embedding model is configured. */
  embeddings?: Float32Array[];
}

/** How far reading a document has got. */
export interface ReadingProgress {
  stage: string;
  pagesDone?: number;
  pages?: number;
}

/** A passage found by search, as a person reads it. */
export interface Passage {
  chunkId: number;
  documentId: string;
  documentName: string;
  text: string;
  pageStart: number;
  pageEnd: number;
  charStart: number;
  charEnd: number;
  /** Higher is better: BM25, or the fused score of hybrid search. */
  score: number;
}

/** A passage's id and its score, as a ranking returns them. */
export interface RankedChunk {
  chunkId: number;
  score: number;
}

export interface Chat {
  id: string;
  title: string;
  /** The documents the chat asks; empty means all. */
  documentIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

export const messageStatuses = [
  'complete',
  'streaming',
  'stopped',
  'error',
  'interrupted',
] as const;
export type MessageStatus = (typeof messageStatuses)[number];

/**
 * A passage as it was when an answer used it, kept with the answer so that it stays readable
 * after its document changes or goes.
 */
export interface Source {
  /** The number the answer cites it by. */
  n: number;
  chunkId: number | null;
  documentId: string;
  documentName: string;
  pageStart: number;
  pageEnd: number;
  /** Where the passage lay in its document's extracted text, to highlight it there. */
  charStart: number | null;
  charEnd: number | null;
  text: string;
  score: number;
  cited: boolean;
}

export interface Message {
  id: string;
  chatId: string;
  role: 'user' | 'assistant';
  content: string;
  status: MessageStatus;
  metadata: Record<string, unknown>;
  createdAt: Date;
  sources: Source[];
}

/** An answer's beginning: its question (or the old answer it replaces) and its id. */
export interface AnswerStart {
  chatId: string;
  answerId: string;
  question?: { id: string; content: string };
  /** The id of an answer to the same question, removed with its sources. */
  replacing?: string;
  /** The instance writing the answer, whose lease keeps it `streaming`. */
  instanceId?: string;
}

/** How an answer ended. */
export interface AnswerOutcome {
  content: string;
  status: MessageStatus;
  metadata: Record<string, unknown>;
  sources: Source[];
}

/**
 * A browser signed in with FOLIO_PASSWORD. Only its token's SHA-256 is kept, so what is stored
 * cannot be replayed as a cookie.
 */
export interface Session {
  tokenHash: string;
  /** A slow digest of the password it was opened with: a new password ends every session. */
  passwordTag: string;
  expiresAt: Date;
}

/**
 * What a person may do on the whole: an admin looks after people and settings and reads every
 * collection; a member uses Folio; a person `pending` signed up while sign-up was open and waits
 * for an admin's approval.
 */
export const personRoles = ['admin', 'member', 'pending'] as const;
export type PersonRole = (typeof personRoles)[number];

/** Someone with an account (FOLIO_AUTH=accounts). */
export interface Person {
  id: string;
  name: string;
  email: string;
  role: PersonRole;
  createdAt: Date;
}

/** An admin's invitation to sign up; its link's token is kept as a hash. */
export interface Invitation {
  email: string;
  tokenHash: string;
  invitedBy: string | null;
  expiresAt: Date;
}

/** In a collection: an owner shares and deletes it, an editor adds and removes documents, a viewer asks. */
export const collectionRoles = ['owner', 'editor', 'viewer'] as const;
export type CollectionRole = (typeof collectionRoles)[number];

/** Documents kept together: a person's personal library (`personalOf`), or shared with members. */
export interface Collection {
  id: string;
  name: string;
  personalOf: string | null;
  createdAt: Date;
}

export interface CollectionMember {
  userId: string;
  name: string;
  email: string;
  role: CollectionRole;
}

/** A person's part in a collection. */
export interface Membership {
  collectionId: string;
  role: CollectionRole;
}
