import type { NextRequest } from 'next/server';
import { storage } from '@/db';
import { readableDocuments, readOnlyDocuments } from '@/lib/access/authorize';
import { admit } from '@/lib/access/gate';
import { withSecurityHeaders } from '@/lib/access/headers';
import { uploadCollection } from '@/lib/access/library';
import { getConfig } from '@/lib/config';
import { uploadTempDir } from '@/lib/documents/files';
import { ingestFile } from '@/lib/documents/ingest';
import { type ReceivedFile, receiveUpload, removeFiles, UploadError } from '@/lib/documents/upload';
import { HttpError, handle } from '@/lib/http';

export const dynamic = 'force-dynamic';

// The proxy does not see this route (its body must stream, not be buffered): the same access
// rules and headers are applied here.
export async function GET(req: NextRequest) {
  const admitted = await admit(req);
  if ('refusal' in admitted) return withSecurityHeaders(admitted.refusal);
  const [documents, readable, readOnly] = await Promise.all([
    storage().documents.list(),
    readableDocuments(admitted.actor!),
    readOnlyDocuments(admitted.actor!),
  ]);
  const may = readable === 'all' ? undefined : new Set(readable);
  // With accounts, `readOnly` marks those the person may read but not delete.
  const shown = documents
    .filter((d) => !may || may.has(d.id))
    .map((d) => (readOnly.has(d.id) ? { ...d, readOnly: true } : d));
  return withSecurityHeaders(Response.json({ documents: shown }));
}

/**
 * Takes in one or more files; each is read in the background and polled through GET. With
 * accounts, into `?collection=<id>` (the person's personal library if none is named).
 */
export async function POST(req: NextRequest) {
  const admitted = await admit(req);
  if ('refusal' in admitted) return withSecurityHeaders(admitted.refusal);
  const actor = admitted.actor!;
  let files: ReceivedFile[] = [];
  const response = await handle(async () => {
    const collectionId = await uploadCollection(actor, req.nextUrl.searchParams.get('collection'));
    files = await receiveUpload(req, {
      maxFileBytes: getConfig().maxUploadBytes,
      tempDir: uploadTempDir(),
    }).catch((error) => {
      throw error instanceof UploadError ? new HttpError(400, error.message) : error;
    });
    const documents = [];
    for (const file of files) documents.push(await ingestFile(file, collectionId));
    return Response.json({ documents }, { status: 201 });
  }).finally(async () => {
    // The temporary files ingestion did not take, when it failed part of the way.
    await removeFiles(files.flatMap((file) => ('tempPath' in file ? [file.tempPath] : [])));
  });
  return withSecurityHeaders(response);
}
