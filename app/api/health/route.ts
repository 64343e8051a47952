import { storage } from '@/db';
import { getLM } from '@/lib/chat/lm';
import { getRetriever, whyNotHybrid } from '@/lib/rag/retriever';

export const dynamic = 'force-dynamic';

export function GET() {
  const { provider, model } = getLM();
  const reason = whyNotHybrid();
  return Response.json({
    ok: true,
    lm: { provider, model },
    retrieval: { mode: getRetriever().mode, ...(reason && { reason }) },
    storage: { backend: storage().backend },
  });
}
