import { z } from 'zod';
import { storage } from '@/db';
import { requestActor } from '@/lib/access/actor';
import { searchScope } from '@/lib/access/authorize';
import { answerResponse } from '@/lib/chat/active-answers';
import { ChatBusy, NoSuchMessage, startAnswer } from '@/lib/chat/turn';
import { errorResponse, handle, readJson } from '@/lib/http';

export const dynamic = 'force-dynamic';

const requestSchema = z.union(
  [
    z.object({ content: z.string().trim().min(1, 'content must not be empty').max(20_000) }),
    z.object({ regenerate: z.string().min(1).max(100) }),
  ],
  { error: 'Send { content } with the question, or { regenerate } with the id of an answer.' },
);

export function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const body = await readJson(req, requestSchema);
    const chat = await storage().chats.get((await params).id);
    if (!chat) return errorResponse(404, 'No such chat.');
    // The answer draws on what the chat's owner (who is asking) may read now.
    const documentIds = (await searchScope(await requestActor(), chat.documentIds)) ?? [];
    try {
      const answer = await startAnswer(
        { ...chat, documentIds },
        'content' in body ? { question: body.content } : body,
      );
      // The answer runs on its own: if this subscriber goes away, it still finishes and is stored.
      return answerResponse(answer);
    } catch (error) {
      if (error instanceof ChatBusy) return errorResponse(409, error.message);
      if (error instanceof NoSuchMessage) return errorResponse(404, error.message);
      throw error;
    }
  });
}
