import type { NextRequest } from 'next/server';
import { listDocuments } from '@/db/queries';
import { accessRefusal } from '@/lib/access/gate';
import { withSecurityHeaders } from '@/lib/access/headers';
import { getConfig } from '@/lib/config';
import { uploadTempDir } from '@/lib/documents/files';
import { ingestFile } from '@/lib/documents/ingest';
import { type ReceivedFile, receiveUpload, removeFiles, UploadError } from '@/lib/documents/upload';
import { HttpError, handle } from '@/lib/http';

export const dynamic = 'force-dynamic';

// The proxy does not see this route (its body must stream, not be buffered): the same access
// rules and headers are applied here.
export function GET(req: NextRequest) {
  return withSecurityHeaders(accessRefusal(req) ?? Response.json({ documents: listDocuments() }));
}

/** Takes in one or more files; each is read in the background and polled through GET. */
export async function POST(req: NextRequest) {
  const refused = accessRefusal(req);
  if (refused) return withSecurityHeaders(refused);
  let files: ReceivedFile[] = [];
  const response = await handle(async () => {
    files = await receiveUpload(req, {
      maxFileBytes: getConfig().maxUploadBytes,
      tempDir: uploadTempDir(),
    }).catch((error) => {
      throw error instanceof UploadError ? new HttpError(400, error.message) : error;
    });
    const documents = [];
    for (const file of files) documents.push(await ingestFile(file));
    return Response.json({ documents }, { status: 201 });
  }).finally(async () => {
    // The temporary files ingestion did not take, when it failed part of the way.
    await removeFiles(files.flatMap((file) => ('tempPath' in file ? [file.tempPath] : [])));
  });
  return withSecurityHeaders(response);
}
