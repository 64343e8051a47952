import { randomUUID } from 'node:crypto';
import { type Document, storage } from '@/db';
import { readers } from './readers';
import type { ReceivedFile } from './upload';

/** What an upload answers for a file it could not even keep. */
export interface RejectedFile {
  name: string;
  size: number;
  status: 'failed';
  error: string;
}

/**
 * Takes in one received file, into a collection (with accounts) or none: keeps the original
 * under its SHA-256 and queues it for reading. A file seen before in the same collection answers
 * with the document it already is; keeping its bytes again also restores an original that went
 * missing from the store.
 */
export async function ingestFile(
  file: ReceivedFile,
  collectionId?: string,
): Promise<Document | RejectedFile> {
  if ('error' in file)
    return { name: file.name, size: file.size, status: 'failed', error: file.error };
  const { documents, jobs } = storage();
  const { document, inserted } = await documents.add(
    {
      id: randomUUID(),
      name: file.name,
      mediaType: 'application/octet-stream',
      size: file.size,
      sha256: file.sha256,
      collectionId,
    },
    file.tempPath,
  );
  if (inserted) {
    readers.wake();
    return document;
  }
  if (document.status !== 'failed') return document;
  // Failed before: read it again, the cause (a model server, a bug since fixed) may be gone.
  const again = await jobs.requeue(document.id);
  readers.wake();
  return again;
}

/**
 * Deletes a document, its passages, their index entries and its original file. Its reading, if
 * it is being read, stops first.
 */
export async function removeDocument(id: string): Promise<boolean> {
  await readers.stopReading(id);
  return storage().documents.remove(id);
}
