import { storage } from '@/db';
import { answerResponse, answersInFlight, replayResponse } from '@/lib/chat/active-answers';
import { storedAnswerChunks } from '@/lib/chat/ui-messages';
import { handle } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * Re-attaches to the answer being written, from its start, on whichever instance writes it; 204
 * when there is none. With `?answer=<id>`, the answer a page last saw being written: if it has
 * ended since, it comes whole as stored, so a reload at the moment it ended still shows it.
 */
export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const chatId = (await params).id;
    const wanted = new URL(req.url).searchParams.get('answer') ?? undefined;
    const live = await answersInFlight().follow(chatId, wanted);
    if (live) return answerResponse(live);
    const stored = wanted
      ? (await storage().messages.list(chatId)).find(
          (m) => m.id === wanted && m.role === 'assistant',
        )
      : undefined;
    if (!stored || stored.status === 'streaming') return new Response(null, { status: 204 });
    return replayResponse(storedAnswerChunks(stored));
  });
}
