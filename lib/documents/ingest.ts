import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  type DocumentRow,
  findDocumentBySha256,
  insertFailedDocument,
  insertReadyDocument,
} from '@/db/queries';
import { getConfig } from '@/lib/config';
import { chunkDocument } from './chunk';
import { DocumentError } from './errors';
import { parseDocument } from './parse';

/** Where the original bytes of a file live: named by their SHA-256, never by the upload's name. */
export function storedFilePath(sha256: string): string {
  return path.join(getConfig().dataDir, 'files', sha256.slice(0, 2), sha256);
}

async function storeOriginal(sha256: string, bytes: Uint8Array) {
  const file = storedFilePath(sha256);
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Write then rename, so a crash never leaves a half-written original under its final name.
  const partial = `${file}.${randomUUID()}.partial`;
  await fs.writeFile(partial, bytes);
  await fs.rename(partial, file);
}

/**
 * Takes in one uploaded file: keeps the original, parses, chunks and indexes it. A file that
 * cannot be read becomes a `failed` document that says why; a file seen before returns the
 * document it already is.
 */
export async function ingestFile(name: string, bytes: Uint8Array): Promise<DocumentRow> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const existing = findDocumentBySha256(sha256);
  if (existing) return existing;

  const id = randomUUID();
  await storeOriginal(sha256, bytes);
  try {
    const parsed = await parseDocument(bytes, name);
    const chunks = chunkDocument(parsed);
    return insertReadyDocument(
      {
        id,
        name,
        mediaType: parsed.mediaType,
        size: bytes.length,
        sha256,
        pages: parsed.pages.length,
        text: parsed.text,
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
    );
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    return insertFailedDocument(
      { id, name, mediaType: 'application/octet-stream', size: bytes.length, sha256 },
      error.message,
    );
  }
}
