import { storage } from '@/db';
import { originalFileHeaders } from '@/lib/access/headers';
import { originalMissing } from '@/lib/documents/files';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** The original bytes as uploaded, served so that no browser runs them as a page of Folio. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const file = await storage().files.read((await params).id);
  if (!file) return errorResponse(404, 'No such document.');
  if (!file.bytes) return errorResponse(404, originalMissing);
  return new Response(file.bytes, { headers: originalFileHeaders(file) });
}
