import { activeAnswerOf, answerResponse } from '@/lib/chat/active-answers';

export const dynamic = 'force-dynamic';

/** Re-attaches to the answer being written, from its start; 204 when there is none. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const answer = activeAnswerOf((await params).id);
  if (!answer) return new Response(null, { status: 204 });
  return answerResponse(answer);
}
