import type { NextRequest } from 'next/server';
import { storage } from '@/db';
import { accessRefusal } from '@/lib/access/gate';
import { withSecurityHeaders } from '@/lib/access/headers';
import { getConfig } from '@/lib/config';
import { uploadTempDir } from '@/lib/documents/files';
import { ingestFile } from '@/lib/documents/ingest';
import { receiveUpload, UploadError } from '@/lib/documents/upload';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

// The proxy does not see this route (its body must stream, not be buffered): the same access
// rules and headers are applied here.
export async function GET(req: NextRequest) {
  const refused = accessRefusal(req);
  if (refused) return withSecurityHeaders(refused);
  return withSecurityHeaders(Response.json({ documents: await storage().documents.list() }));
}

/** Takes in one or more files; each is read in the background and polled through GET. */
export async function POST(req: NextRequest) {
  const refused = accessRefusal(req);
  if (refused) return withSecurityHeaders(refused);
  let files: Awaited<ReturnType<typeof receiveUpload>>;
  try {
    files = await receiveUpload(req, {
      maxFileBytes: getConfig().maxUploadBytes,
      tempDir: uploadTempDir(),
    });
  } catch (error) {
    if (error instanceof UploadError) return withSecurityHeaders(errorResponse(400, error.message));
    throw error;
  }
  const documents = [];
  for (const file of files) documents.push(await ingestFile(file));
  return withSecurityHeaders(Response.json({ documents }, { status: 201 }));
}
