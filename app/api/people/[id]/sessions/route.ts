import { storage } from '@/db';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** Signs a person out everywhere: their sessions end on the server (their API keys stay). */
export async function DELETE(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!(await storage().people.get(id))) return errorResponse(404, 'No such person.');
  await storage().people.endSessions(id);
  return new Response(null, { status: 204 });
}
