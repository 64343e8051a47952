import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { type Document, storage } from '@/db';
import { getConfig } from '@/lib/config';
import type { ReaderData } from './ingest-worker';
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
  // Uncapped, a reader's young generation grows while pdf.js allocates, and the server's peak
  // memory with it; capped, it reads as many pages a second (bench:ingest, bench/NOTES.md).
  const worker = new Worker(new URL('./ingest-worker.ts', import.meta.url), {
    name: 'doc-reader', // the thread's name in top -H and /proc
    resourceLimits: { maxYoungGenerationSizeMb: 16 },
    workerData: { storage: getConfig().storage } satisfies ReaderData,
  });
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
      storage()
        .jobs.fail(documentId, 'Folio could not read this file (its reader stopped unexpectedly).')
        .catch((failure) => console.error(`Could not mark ${documentId} failed:`, failure));
    }
  });
  worker.on('exit', () => {
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
export async function ingestFile(file: ReceivedFile): Promise<Document | RejectedFile> {
  if ('error' in file)
    return { name: file.name, size: file.size, status: 'failed', error: file.error };
  const { documents, jobs } = storage();
  const existing = await documents.findBySha256(file.sha256);
  if (existing) {
    await fs.rm(file.tempPath, { force: true });
    if (existing.status !== 'failed') return existing;
    // Failed before: read it again, the cause (a model server, a bug since fixed) may be gone.
    const again = await jobs.requeue(existing.id);
    queue.push(again.id);
    readNext();
    return again;
  }
  const document = await documents.add(
    {
      id: randomUUID(),
      name: file.name,
      mediaType: 'application/octet-stream',
      size: file.size,
      sha256: file.sha256,
    },
    file.tempPath,
  );
  queue.push(document.id);
  readNext();
  return document;
}

/** On start: documents whose reading was cut short by a crash are read again from their file. */
export async function resumeIngestion(): Promise<number> {
  const unfinished = await storage().jobs.unfinished();
  queue.push(...unfinished);
  readNext();
  return unfinished.length;
}
