import type { Document } from '@/db';

/** A document as the library shows it; `readOnly` when the person only views its collection. */
export type LibraryDocument = { readOnly?: boolean } & Pick<
  Document,
  | 'id'
  | 'name'
  | 'mediaType'
  | 'size'
  | 'pages'
  | 'pagesOcr'
  | 'pagesUnreadable'
  | 'pagesDone'
  | 'chunks'
  | 'status'
  | 'stage'
  | 'error'
>;

/** A file on its way to the server, or one the server refused without storing it. */
export interface PendingUpload {
  key: string;
  name: string;
  size: number;
  /** 0 to 1 while uploading. */
  progress: number;
  error?: string;
}
