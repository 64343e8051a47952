import { getLM } from '@/lib/chat/lm';
import { getRetriever } from '@/lib/rag/retriever';

export const dynamic = 'force-dynamic';

export function GET() {
  const { provider, model } = getLM();
  return Response.json({
    ok: true,
    lm: { provider, model },
    retrieval: { mode: getRetriever().mode },
  });
}
