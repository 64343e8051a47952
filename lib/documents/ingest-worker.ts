/**
 * A reader thread: for each document id it is sent, parse, chunk, and store the chunks with the
 * document's `ready` state in one transaction (or `failed` with the reason a person can act on),
 * then say it is done.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import {
  completeDocument,
  failDocument,
  getDocumentFile,
  updateIngestionProgress,
} from '@/db/queries';
import { getEmbedder } from '@/lib/rag/retriever';
import { chunkDocument } from './chunk';
import { DocumentError } from './errors';
import { storedFilePath } from './files';
import { parseDocument } from './parse';

// Reading is background work: at the lowest CPU priority this thread leaves the cores to the
// main thread, which streams every answer, and takes what they leave. Only on Linux, where a
// thread's nice value is its own; elsewhere it would lower the whole server's.
if (process.platform === 'linux') os.setPriority(19);

/** Progress is written at most this often, so a fast parse is not slowed by its own reporting. */
const progressEveryMs = 250;

async function read(documentId: string) {
  const file = getDocumentFile(documentId);
  if (!file) return; // deleted while queued
  updateIngestionProgress(documentId, { stage: 'parsing', pagesDone: 0 });
  const bytes = new Uint8Array(await fs.readFile(storedFilePath(file.sha256)));
  let reported = 0;
  const parsed = await parseDocument(bytes, file.name, {
    onProgress: (pagesDone, pages) => {
      if (Date.now() - reported < progressEveryMs && pagesDone < pages) return;
      reported = Date.now();
      updateIngestionProgress(documentId, { stage: 'parsing', pagesDone, pages });
    },
  });
  updateIngestionProgress(documentId, { stage: 'indexing', pagesDone: parsed.pages.length });
  const chunks = chunkDocument(parsed);
  if (chunks.length === 0) throw new DocumentError('no-text', 'This file has no text to search.');
  const embeddings = await embed(
    documentId,
    chunks.map((c) => c.text),
  );
  completeDocument(
    documentId,
    { mediaType: parsed.mediaType, text: parsed.text, pageOffsets: parsed.pages },
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
    failDocument(documentId, known ? error.message : 'Folio could not read this file.');
  }
  parentPort!.postMessage({ done: documentId });
});
