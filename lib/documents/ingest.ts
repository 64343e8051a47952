import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  type DocumentRow,
  deleteDocument,
  failDocument,
  findDocumentBySha256,
  insertProcessingDocument,
  listProcessingDocumentIds,
  requeueDocument,
} from '@/db/queries';
import { storedFilePath } from './files';
import type { ReceivedFile } from './upload';

/** How many documents are read at once; each read runs on its own thread. */
const parallelReads = 2;

/** What an upload answers for a file it could not even keep. */
export interface RejectedFile {
  name: string;
  size: number;
  status: 'failed';
  error: string;
}

const queue: string[] = [];
let reading = 0;

function readNext() {
  while (reading < parallelReads && queue.length > 0) {
    const documentId = queue.shift()!;
    reading++;
    readInWorker(documentId).finally(() => {
      reading--;
      readNext();
    });
  }
}

/**
 * Parses, chunks and indexes one document on a worker thread, so a 600-page PDF never stalls
 * the answers streaming on the main thread. The worker writes the outcome itself; here we only
 * make sure a worker that dies leaves the document failed rather than processing forever.
 */
function readInWorker(documentId: string): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./ingest-worker.ts', import.meta.url), {
      workerData: { documentId },
    });
    let failure: unknown;
    worker.on('error', (error) => {
      failure = error;
    });
    worker.on('exit', (code) => {
      if (code !== 0 || failure) {
        console.error(`Reading document ${documentId} failed:`, failure ?? `exit code ${code}`);
        failDocument(
          documentId,
          'Folio could not read this file (its reader stopped unexpectedly).',
        );
      }
      resolve();
    });
  });
}

/**
 * Takes in one received file: keeps the original under its SHA-256 and queues it for reading.
 * A file seen before answers with the document it already is.
 */
export async function ingestFile(file: ReceivedFile): Promise<DocumentRow | RejectedFile> {
  if ('error' in file)
    return { name: file.name, size: file.size, status: 'failed', error: file.error };
  const existing = findDocumentBySha256(file.sha256);
  if (existing) {
    await fs.rm(file.tempPath, { force: true });
    if (existing.status !== 'failed') return existing;
    // Failed before: read it again, the cause (a model server, a bug since fixed) may be gone.
    const again = requeueDocument(existing.id);
    queue.push(again.id);
    readNext();
    return again;
  }
  const stored = storedFilePath(file.sha256);
  await fs.mkdir(path.dirname(stored), { recursive: true });
  await fs.rename(file.tempPath, stored);
  const document = insertProcessingDocument({
    id: randomUUID(),
    name: file.name,
    mediaType: 'application/octet-stream',
    size: file.size,
    sha256: file.sha256,
  });
  queue.push(document.id);
  readNext();
  return document;
}

/** On start: documents whose reading was cut short by a crash are read again from their file. */
export function resumeIngestion(): number {
  const unfinished = listProcessingDocumentIds();
  queue.push(...unfinished);
  readNext();
  return unfinished.length;
}

/** Deletes a document, its chunks, its index entries and its original file. */
export async function removeDocument(id: string): Promise<boolean> {
  const sha256 = deleteDocument(id);
  if (!sha256) return false;
  await fs.rm(storedFilePath(sha256), { force: true });
  return true;
}
