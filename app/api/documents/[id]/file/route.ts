import fs from 'node:fs/promises';
import { getDocumentFile } from '@/db/queries';
import { originalFileHeaders } from '@/lib/access/headers';
import { storedFilePath } from '@/lib/documents/files';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** The original bytes as uploaded, served so that no browser runs them as a page of Folio. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const file = getDocumentFile((await params).id);
  if (!file) return errorResponse(404, 'No such document.');
  const bytes = await fs.readFile(storedFilePath(file.sha256)).catch((error) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!bytes) {
    return errorResponse(
      404,
      'The original file of this document is missing from the data folder. Upload the file again to restore it.',
    );
  }
  return new Response(bytes, { headers: originalFileHeaders(file) });
}
