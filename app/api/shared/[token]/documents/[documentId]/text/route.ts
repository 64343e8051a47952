import { sharedDocumentText } from '@/lib/access/shared';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** The text of a document the shared chat cites, to open a cited passage in it. */
export async function GET(
  _req: Request,
  { params }: { params: Promise<{ token: string; documentId: string }> },
) {
  const { token, documentId } = await params;
  const document = await sharedDocumentText(token, documentId);
  if (!document?.text) return errorResponse(404, 'No such document in this shared chat.');
  return Response.json({ text: document.text, pages: document.pages });
}
