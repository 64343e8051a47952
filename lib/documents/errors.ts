export type DocumentErrorCode =
  | 'empty'
  | 'unsupported'
  | 'encrypted'
  | 'no-text'
  | 'corrupt'
  | 'zip-bomb'
  | 'too-large'
  | 'too-many-pages';

/** A file Folio cannot read; the message is written for the person who uploaded it. */
export class DocumentError extends Error {
  readonly code: DocumentErrorCode;

  constructor(code: DocumentErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DocumentError';
    this.code = code;
  }
}
