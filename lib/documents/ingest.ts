import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  type DocumentRow,
  deleteDocument,
  insertProcessingDocument,
  listProcessingDocumentIds,
  requeueDocument,
} from '@/db/queries';
import { storedFilePath } from './files';
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
 * Takes in one received file: keeps the original under its SHA-256 and queues it for reading.
 * A file seen before answers with the document it already is. The original is put in place
 * first, and content-addressed, so uploading a file again also restores an original that went
 * missing from the disk.
 */
export async function ingestFile(file: ReceivedFile): Promise<DocumentRow | RejectedFile> {
  if ('error' in file)
    return { name: file.name, size: file.size, status: 'failed', error: file.error };
  const stored = storedFilePath(file.sha256);
  await fs.mkdir(path.dirname(stored), { recursive: true });
  await fs.rename(file.tempPath, stored);
  const { document, inserted } = await insertProcessingDocument({
    id: randomUUID(),
    name: file.name,
    mediaType: 'application/octet-stream',
    size: file.size,
    sha256: file.sha256,
  });
  if (inserted) {
    readers.read(document.id);
    return document;
  }
  if (document.status !== 'failed') return document;
  // Failed before: read it again, the cause (a model server, a bug since fixed) may be gone.
  const again = await requeueDocument(document.id);
  readers.read(again.id);
  return again;
}

/** On start: documents whose reading was cut short by a crash are read again from their file. */
export function resumeIngestion(): number {
  const unfinished = listProcessingDocumentIds();
  for (const id of unfinished) readers.read(id);
  return unfinished.length;
}

/**
 * Deletes a document, its chunks, its index entries and its original file. Its reading, if it
 * is being read, stops first.
 */
export async function removeDocument(id: string): Promise<boolean> {
  await readers.stopReading(id);
  const sha256 = await deleteDocument(id);
  if (!sha256) return false;
  await fs.rm(storedFilePath(sha256), { force: true });
  return true;
}
