/**
 * A reader thread: for each document id it is sent, parse, chunk, and store the chunks with the
 * document's `ready` state in one transaction (or `failed` with the reason a person can act on),
 * then say it is done.
 */
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openStorage, type ReadingProgress, type Storage, type StorageSettings } from '@/db';
import { getConfig } from '@/lib/config';
import { getEmbedder } from '@/lib/rag/retriever';
import { chunkDocument } from './chunk';
import { DocumentError } from './errors';
import { originalMissing } from './files';
import { EngineSlot } from './ocr/engine-slot';
import { TesseractRecognizer } from './ocr/tesseract';
import { parseDocument } from './parse';
import type { ParseStage } from './types';

/** What the server hands a reader thread at its start. */
export interface ReaderData {
  storage: StorageSettings;
  /** The server's one OCR engine slot, shared by its readers (ocr/engine-slot.ts). */
  ocrSlot: SharedArrayBuffer;
}

/**
 * What a reader thread tells the server: it is ready for documents, done with one, or its
 * document is no longer to be read (deleted, on any instance): the server then ends the thread.
 */
export type ReaderMessage = { ready: true } | { done: string } | { gone: string };

/**
 * Reading is background work: this thread should take only what the cores leave over, above
 * all from the main thread, which streams every answer. On Linux it asks for SCHED_IDLE, through
 * util-linux's `chrt` as Node has no call for it: the scheduler then runs it only on a core no
 * other thread wants and gives the core up the moment one wakes. nice 19, kept where `chrt` is
 * missing, only weighs it: a thread that woke could wait out the reader's time slice first, and
 * answers streaming while a long PDF is read would be late (bench:load). Only on Linux, where a
 * thread's priority is its own; elsewhere it would lower the whole server's.
 */
function yieldCoresToAnswers() {
  if (process.platform !== 'linux') return;
  os.setPriority(19);
  try {
    const thread = readlinkSync('/proc/thread-self').split('/').at(-1) ?? '';
    execFileSync('chrt', ['--idle', '--pid', '0', thread], { stdio: 'ignore' });
  } catch {
    // No chrt, or not allowed to use it (a container's seccomp profile): nice 19 it is.
  }
}

yieldCoresToAnswers();

/** Progress is written at most this often, so a fast parse is not slowed by its own reporting. */
const progressEveryMs = 250;

const { storage: settings, ocrSlot: slotMemory } = workerData as ReaderData;
const opened = openStorage(settings, { role: 'reader' });
// A failure to open is reported with the first document, by the handler below.
opened.then(
  () => parentPort!.postMessage({ ready: true } satisfies ReaderMessage),
  () => {},
);
const ocrSlot = new EngineSlot(slotMemory);

async function read(storage: Storage, documentId: string) {
  const { jobs } = storage;
  const file = await storage.files.read(documentId);
  if (!file) return; // deleted while queued
  if (!file.bytes) return jobs.fail(documentId, originalMissing);
  if (!(await report(storage, documentId, { stage: 'parsing', pagesDone: 0 }))) return;
  let reported = 0;
  let reportedStage: ParseStage = 'parsing';
  // Progress is written in the background: parsing does not wait for it.
  let progress = Promise.resolve(true);
  // OCR's engine starts with the first page that needs it, and ends with the document, so
  // its memory is held only while a document needs it.
  const recognizer = new TesseractRecognizer(getConfig().ocrLanguages, ocrSlot);
  const parsed = await parseDocument(file.bytes, file.name, {
    maxPages: getConfig().readerLimits.pages,
    recognizer,
    onProgress: (stage, pagesDone, pages) => {
      const sameStage = stage === reportedStage;
      if (sameStage && Date.now() - reported < progressEveryMs && pagesDone < pages) return;
      reported = Date.now();
      reportedStage = stage;
      progress = progress.then(
        (reading) => reading && report(storage, documentId, { stage, pagesDone, pages }),
      );
    },
  }).finally(() => recognizer.close());
  if (!(await progress)) return;
  if (!(await report(storage, documentId, { stage: 'indexing', pagesDone: parsed.pages.length })))
    return;
  const chunks = chunkDocument(parsed);
  if (chunks.length === 0) throw new DocumentError('no-text', 'This file has no text to search.');
  const embeddings = await embed(
    storage,
    documentId,
    chunks.map((c) => c.text),
  );
  await jobs.complete(documentId, {
    mediaType: parsed.mediaType,
    text: parsed.text,
    pages: parsed.pages,
    passages: chunks.map(({ index, text, pageStart, pageEnd, charStart, charEnd, heading }) => ({
      index,
      text,
      pageStart,
      pageEnd,
      charStart,
      charEnd,
      heading,
    })),
    embeddings,
  });
}

/**
 * Writes how far the reading has got; false, and the server told, when the document is no
 * longer to be read: deleted on another instance, say, which cannot end this thread itself.
 */
async function report(
  storage: Storage,
  documentId: string,
  progress: ReadingProgress,
): Promise<boolean> {
  const reading = await storage.jobs.progress(documentId, progress);
  if (!reading) parentPort!.postMessage({ gone: documentId } satisfies ReaderMessage);
  return reading;
}

/** Vectors for hybrid search, when an embedding model is configured and they can be stored. */
async function embed(
  storage: Storage,
  documentId: string,
  texts: string[],
): Promise<Float32Array[] | undefined> {
  const embedder = getEmbedder();
  if (!embedder || !storage.search.vectors.available) return undefined;
  await report(storage, documentId, { stage: 'embedding' });
  try {
    return await embedder.embed(texts);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EmbeddingFailed(
      `The embedding model failed, so this file is not searchable yet (${reason}). Upload it again to retry.`,
    );
  }
}

class EmbeddingFailed extends Error {}

parentPort!.on('message', async ({ documentId }: { documentId: string }) => {
  const storage = await opened;
  try {
    await read(storage, documentId);
  } catch (error) {
    const known = error instanceof DocumentError || error instanceof EmbeddingFailed;
    if (!known) console.error(`Reading document ${documentId} failed:`, error);
    await storage.jobs.fail(documentId, known ? error.message : 'Folio could not read this file.');
  }
  parentPort!.postMessage({ done: documentId } satisfies ReaderMessage);
});
