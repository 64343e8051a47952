import fs from 'node:fs/promises';
import type { NextRequest } from 'next/server';
import { getDocumentFile } from '@/db/queries';
import { accessRefusal } from '@/lib/access/gate';
import { originalFileHeaders, withSecurityHeaders } from '@/lib/access/headers';
import { storedFilePath } from '@/lib/documents/files';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * The original bytes as uploaded, served so that no browser runs them as a page of Folio. The
 * proxy does not see this route (its CSP is the original's own): the access rules and the
 * other security headers are applied here.
 */
export async function GET(req: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  return withSecurityHeaders(accessRefusal(req) ?? (await original((await params).id)));
}

async function original(id: string): Promise<Response> {
  const file = getDocumentFile(id);
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
