import fs from 'node:fs/promises';
import { getDocumentFile } from '@/db/queries';
import { storedFilePath } from '@/lib/documents/files';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const file = getDocumentFile((await params).id);
  if (!file) return errorResponse(404, 'No such document.');
  const bytes = await fs.readFile(storedFilePath(file.sha256));
  return new Response(bytes, {
    headers: {
      'content-type': file.mediaType,
      'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'x-content-type-options': 'nosniff',
    },
  });
}
