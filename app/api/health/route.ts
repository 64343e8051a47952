import { getLM } from '@/lib/chat/lm';

export const dynamic = 'force-dynamic';

export function GET() {
  const { provider, model } = getLM();
  return Response.json({ ok: true, lm: { provider, model }, retrieval: { mode: 'bm25' } });
}
