import { sharedChat } from '@/lib/access/shared';
import { errorResponse } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** A chat shared by a link: its questions and answers with their sources; nothing else. */
export async function GET(_req: Request, { params }: { params: Promise<{ token: string }> }) {
  const chat = await sharedChat((await params).token);
  return chat
    ? Response.json(chat)
    : errorResponse(404, 'This link does not open anything: it may have been revoked.');
}
