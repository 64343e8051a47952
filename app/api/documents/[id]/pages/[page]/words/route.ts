import { storage } from '@/db';
import { errorResponse, handle, pageNumberParam } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * The words OCR read on a page, each with its offsets in the document's text (as passages
 * have them) and its box as fractions of the page: what the viewer marks a passage with on a
 * scanned page. A page read from its text has none.
 */
export function GET(_req: Request, { params }: { params: Promise<{ id: string; page: string }> }) {
  return handle(async () => {
    const { id, page } = await params;
    const found = await storage().documents.pageWords(id, pageNumberParam(page));
    if (!found) return errorResponse(404, 'No such document, or it has no such page.');
    const { pageStart, words } = found;
    return Response.json({
      words: words.map(({ charStart, charEnd, box }) => ({
        charStart: pageStart + charStart,
        charEnd: pageStart + charEnd,
        box,
      })),
    });
  });
}
