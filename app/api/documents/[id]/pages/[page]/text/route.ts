import { storage } from '@/db';
import { errorResponse, handle, pageNumberParam } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * A page's part of the document's text, with where it lies in it (as passages' offsets do):
 * what the viewer tells the passage's copy from another copy of its words on the page by.
 */
export function GET(_req: Request, { params }: { params: Promise<{ id: string; page: string }> }) {
  return handle(async () => {
    const { id, page } = await params;
    const number = pageNumberParam(page);
    const document = await storage().documents.text(id);
    const found = document?.pages.find((p) => p.number === number);
    if (!document?.text || !found) {
      return errorResponse(404, 'No such document, or it has no such page.');
    }
    const { charStart, charEnd } = found;
    return Response.json({
      number,
      charStart,
      charEnd,
      text: document.text.slice(charStart, charEnd),
    });
  });
}
