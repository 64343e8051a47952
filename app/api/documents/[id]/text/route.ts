import { storage } from '@/db';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** The extracted text that passages point into, with where each page lies in it. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const document = await storage().documents.text((await params).id);
  if (!document) return errorResponse(404, 'No such document.');
  if (document.text === null)
    return errorResponse(
      409,
      'This document has no text yet (it is still being read, or could not be read).',
    );
  return Response.json({ text: document.text, pages: document.pages });
}
