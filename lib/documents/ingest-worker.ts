/**
 * A reader thread: for each document id it is sent, parse, chunk, and store the chunks with the
 * document's `ready` state in one transaction (or `failed` with the reason a person can act on),
 * then say it is done.
 */
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import {
  completeDocument,
  failDocument,
  getDocumentFile,
  type PageReadings,
  updateIngestionProgress,
} from '@/db/queries';
import { getConfig } from '@/lib/config';
import { getEmbedder } from '@/lib/rag/retriever';
import { chunkDocument } from './chunk';
import { DocumentError } from './errors';
import { storedFilePath } from './files';
import { EngineSlot } from './ocr/engine-slot';
import { TesseractRecognizer } from './ocr/tesseract';
import { parseDocument } from './parse';
import type { Page, ParseStage } from './types';

/**
 * Reading is background work: this thread should take only what the cores leave over, above
 * all from the main thread, which streams every answer. On Linux it asks for SCHED_IDLE, through
 * util-linux's `chrt` as Node has no call for it: the scheduler then runs it only on a core no
 * other thread wants and gives the core up the moment one wakes. nice 19, kept where `chrt` is
 * missing, only weighs it: a thread that woke could wait out the reader's time slice first, and
 * with a 600-page PDF reading, bench:load's median token delay doubled. Only on Linux, where a
 * thread's priority is its own; elsewhere it would lower the whole server's.
 *
 * The thread holds the write lock while it stores a document (about a second for 600 pages).
 * The main thread's writes wait for it without blocking, for up to 30 s: a reader starved that
 * long would take every core being busy for that long, when answers would be late anyway.
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

/** The server's one OCR engine slot, shared by its readers (ingest.ts). */
const ocrSlot = new EngineSlot((workerData as { ocrSlot: SharedArrayBuffer }).ocrSlot);

/** Progress is written at most this often, so a fast parse is not slowed by its own reporting. */
const progressEveryMs = 250;

async function read(documentId: string) {
  const file = getDocumentFile(documentId);
  if (!file) return; // deleted while queued
  updateIngestionProgress(documentId, { stage: 'parsing', pagesDone: 0 });
  const bytes = new Uint8Array(await fs.readFile(storedFilePath(file.sha256)));
  let reported = 0;
  let reportedStage: ParseStage = 'parsing';
  // OCR's engine starts with the first page that needs it, and ends with the document, so
  // its memory is held only while a document needs it.
  const recognizer = new TesseractRecognizer(getConfig().ocrLanguages, ocrSlot);
  const parsed = await parseDocument(bytes, file.name, {
    maxPages: getConfig().readerLimits.pages,
    recognizer,
    onProgress: (stage, pagesDone, pages) => {
      const sameStage = stage === reportedStage;
      if (sameStage && Date.now() - reported < progressEveryMs && pagesDone < pages) return;
      reported = Date.now();
      reportedStage = stage;
      updateIngestionProgress(documentId, { stage, pagesDone, pages });
    },
  }).finally(() => recognizer.close());
  updateIngestionProgress(documentId, { stage: 'indexing', pagesDone: parsed.pages.length });
  const chunks = chunkDocument(parsed);
  if (chunks.length === 0) throw new DocumentError('no-text', 'This file has no text to search.');
  const embeddings = await embed(
    documentId,
    chunks.map((c) => c.text),
  );
  completeDocument(
    documentId,
    {
      mediaType: parsed.mediaType,
      text: parsed.text,
      pageOffsets: parsed.pages.map(({ number, charStart, charEnd, reading }) => ({
        number,
        charStart,
        charEnd,
        reading,
      })),
      readings: pageReadings(parsed.pages),
    },
    chunks.map(({ index, text, pageStart, pageEnd, charStart, charEnd, heading }) => ({
      index,
      text,
      pageStart,
      pageEnd,
      charStart,
      charEnd,
      heading,
    })),
    embeddings,
  );
}

function pageReadings(pages: Page[]): PageReadings {
  const count = (reading: Page['reading']) =>
    pages.filter((page) => page.reading === reading).length;
  return {
    fromText: count('text'),
    ocr: count('ocr'),
    blank: count('blank'),
    unreadable: count('unreadable'),
    words: pages
      .filter((page) => page.words?.length)
      .map((page) => ({
        page: page.number,
        words: page.words!.map(({ charStart, charEnd, box }) => [charStart, charEnd, ...box]),
      })),
  };
}

/** Vectors for hybrid search, when an embedding model is configured. */
async function embed(documentId: string, texts: string[]): Promise<Float32Array[] | undefined> {
  const embedder = getEmbedder();
  if (!embedder) return undefined;
  updateIngestionProgress(documentId, { stage: 'embedding' });
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
  try {
    await read(documentId);
  } catch (error) {
    const known = error instanceof DocumentError || error instanceof EmbeddingFailed;
    if (!known) console.error(`Reading document ${documentId} failed:`, error);
    await failDocument(documentId, known ? error.message : 'Folio could not read this file.');
  }
  parentPort!.postMessage({ done: documentId });
});
