import { storage } from '@/db';
import { answersInFlight } from '@/lib/chat/active-answers';
import { getLM } from '@/lib/chat/lm';
import { instanceId, isStopping } from '@/lib/instance';
import { getRetriever, whyNotHybrid } from '@/lib/rag/retriever';
import { redis } from '@/lib/redis';

export const dynamic = 'force-dynamic';

export function GET() {
  const { provider, model } = getLM();
  const reason = whyNotHybrid();
  // A stopping instance says so, so that a load balancer sends it nothing more.
  const stopping = isStopping();
  return Response.json(
    {
      ok: !stopping,
      ...(stopping && { stopping }),
      lm: { provider, model },
      retrieval: { mode: getRetriever().mode, ...(reason && { reason }) },
      storage: { backend: storage().backend },
      // Without Redis this instance serves everything itself: its answers in flight are its own.
      instance: {
        id: instanceId(),
        answersSharedWith: answersInFlight().scope,
        redis: redis() ? (redis()?.isReady ? 'reachable' : 'unreachable') : 'not configured',
      },
    },
    { status: stopping ? 503 : 200 },
  );
}
