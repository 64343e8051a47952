import { listMessages } from '@/db/queries';
import { activeAnswerOf, answerResponse, replayResponse } from '@/lib/chat/active-answers';
import { storedAnswerChunks } from '@/lib/chat/ui-messages';

export const dynamic = 'force-dynamic';

/**
 * Re-attaches to the answer being written, from its start; 204 when there is none. With
 * `?answer=<id>`, the answer a page last saw being written: if it has ended since, it comes
 * whole as stored, so a reload at the moment it ended still shows it.
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const chatId = (await params).id;
  const wanted = new URL(req.url).searchParams.get('answer');
  const answer = activeAnswerOf(chatId);
  if (answer && (!wanted || answer.messageId === wanted)) return answerResponse(answer);
  const stored = wanted
    ? listMessages(chatId).find((m) => m.id === wanted && m.role === 'assistant')
    : undefined;
  if (!stored || stored.status === 'streaming') return new Response(null, { status: 204 });
  return replayResponse(storedAnswerChunks(stored));
}
