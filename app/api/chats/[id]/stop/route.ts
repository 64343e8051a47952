import { storage } from '@/db';
import { answersInFlight } from '@/lib/chat/active-answers';
import { errorResponse, handle } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * Stops the answer being written, on whichever instance writes it; answers once the partial
 * answer is stored as `stopped`.
 */
export function POST(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const { id } = await params;
    if (!(await storage().chats.get(id))) return errorResponse(404, 'No such chat.');
    const messageId = await answersInFlight().stop(id);
    if (!messageId) return Response.json({ stopped: false });
    return Response.json({ stopped: true, messageId });
  });
}
