import { listDocuments } from '@/db/queries';
import { getConfig } from '@/lib/config';
import { uploadTempDir } from '@/lib/documents/files';
import { ingestFile } from '@/lib/documents/ingest';
import { receiveUpload, UploadError } from '@/lib/documents/upload';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ documents: listDocuments() });
}

/** Takes in one or more files; each is read in the background and polled through GET. */
export async function POST(req: Request) {
  let files: Awaited<ReturnType<typeof receiveUpload>>;
  try {
    files = await receiveUpload(req, {
      maxFileBytes: getConfig().maxUploadBytes,
      tempDir: uploadTempDir(),
    });
  } catch (error) {
    if (error instanceof UploadError) return errorResponse(400, error.message);
    throw error;
  }
  const documents = [];
  for (const file of files) documents.push(await ingestFile(file));
  return Response.json({ documents }, { status: 201 });
}
