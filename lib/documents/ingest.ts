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
import { EngineSlot } from './ocr/engine-slot';
import type { ReceivedFile } from './upload';

/** How many documents are read at once, each on its own thread. */
const parallelReads = 2;

/** What an upload answers for a file it could not even keep. */
export interface RejectedFile {
  name: string;
  size: number;
  status: 'failed';
  error: string;
}

const queue: string[] = [];
/** Readers take turns at OCR through this slot (ocr/engine-slot.ts). */
const ocrSlot = new EngineSlot();
const idle: Worker[] = [];
let workers = 0;

/**
 * Hands queued documents to reader threads, starting up to `parallelReads` of them. A reader
 * stays alive between documents, so pdf.js and friends load once, not per file.
 */
function readNext() {
  while (queue.length > 0) {
    const worker = idle.pop() ?? (workers < parallelReads ? startReader() : undefined);
    if (!worker) return;
    const documentId = queue.shift()!;
    current.set(worker, documentId);
    worker.postMessage({ documentId });
  }
}

/** The document each busy reader is reading. */
const current = new Map<Worker, string>();

/**
 * A reader thread parses, chunks and indexes documents, so a 600-page PDF never stalls the
 * answers streaming on the main thread. It writes each outcome itself; here we only make sure a
 * reader that dies leaves its document failed rather than processing forever.
 */
function startReader(): Worker {
  workers++;
  // Uncapped, each reader's young generation grew while pdf.js allocated: on Node 24 the
  // server peaked at 611 MB reading the 619-page PDF (bench:ingest), 464 MB with this cap, at
  // the same pages per second.
  const worker = new Worker(new URL('./ingest-worker.ts', import.meta.url), {
    name: 'doc-reader', // the thread's name in top -H and /proc
    resourceLimits: { maxYoungGenerationSizeMb: 16 },
    workerData: { ocrSlot: ocrSlot.memory },
  });
  const { threadId } = worker;
  worker.unref();
  worker.on('message', () => {
    current.delete(worker);
    idle.push(worker);
    readNext();
  });
  worker.on('error', (error) => {
    const documentId = current.get(worker);
    console.error(`A document reader stopped while reading ${documentId ?? 'nothing'}:`, error);
    if (documentId) {
      failDocument(
        documentId,
        'Folio could not read this file (its reader stopped unexpectedly).',
      ).catch((failure) => console.error(`Could not mark ${documentId} failed:`, failure));
    }
  });
  worker.on('exit', () => {
    ocrSlot.release(threadId);
    workers--;
    current.delete(worker);
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
    readNext();
  });
  return worker;
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
    const again = await requeueDocument(existing.id);
    queue.push(again.id);
    readNext();
    return again;
  }
  const stored = storedFilePath(file.sha256);
  await fs.mkdir(path.dirname(stored), { recursive: true });
  await fs.rename(file.tempPath, stored);
  const document = await insertProcessingDocument({
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
  const sha256 = await deleteDocument(id);
  if (!sha256) return false;
  await fs.rm(storedFilePath(sha256), { force: true });
  return true;
}
