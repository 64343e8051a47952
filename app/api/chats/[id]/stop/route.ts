import { storage } from '@/db';
import { activeAnswerOf } from '@/lib/chat/active-answers';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** Stops the answer being written; answers once the partial answer is stored as `stopped`. */
export async function POST(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!(await storage().chats.get(id))) return errorResponse(404, 'No such chat.');
  const answer = activeAnswerOf(id);
  if (!answer) return Response.json({ stopped: false });
  await answer.stop();
  return Response.json({ stopped: true, messageId: answer.messageId });
}
