import { consumeStream, createUIMessageStreamResponse } from 'ai';
import { z } from 'zod';
import { getChat } from '@/db/queries';
import { streamAnswer } from '@/lib/chat/answer';
import { errorResponse, handle, readJson } from '@/lib/http';

export const dynamic = 'force-dynamic';

const questionSchema = z.object({
  content: z.string().trim().min(1, 'content must not be empty').max(20_000),
});

export function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const { content } = await readJson(req, questionSchema);
    const chat = getChat((await params).id);
    if (!chat) return errorResponse(404, 'No such chat.');
    return createUIMessageStreamResponse({
      stream: streamAnswer(chat, content),
      // Drain the stream even when the browser goes away, so the answer is still finished and stored.
      consumeSseStream: consumeStream,
    });
  });
}
