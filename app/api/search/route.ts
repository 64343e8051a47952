import { z } from 'zod';
import { requestActor } from '@/lib/access/actor';
import { searchScope } from '@/lib/access/authorize';
import { describeZodError, errorResponse } from '@/lib/http';
import { getRetriever } from '@/lib/rag/retriever';

export const dynamic = 'force-dynamic';

const querySchema = z.object({
  q: z.string({ message: 'q is required' }).trim().min(1, 'q must not be empty').max(10_000),
  k: z.coerce.number().int().min(1).max(100).default(8),
  documentIds: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').filter(Boolean) : [])),
});

export async function GET(req: Request) {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = querySchema.safeParse(params);
  if (!parsed.success) return errorResponse(400, describeZodError(parsed.error));
  const { q, k } = parsed.data;
  const documentIds = await searchScope(await requestActor(), parsed.data.documentIds);
  // A crowd of searches takes turns with everything else on the server's thread: the storage
  // paces its own synchronous work (SQLite's search runs on this thread; PostgreSQL's does not).
  return Response.json({ passages: await getRetriever().search(q, { k, documentIds }) });
}
