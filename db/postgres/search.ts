import { eq, sql } from 'drizzle-orm';
import { indexScope, inOrder, scored } from '../ranking';
import type { Search, SearchScope } from '../storage';
import type { PgContext } from './context';
import { chunks, documents } from './schema';

export function pgSearch({ db, index, vectors, vectorSupport }: PgContext): Search {
  // Prepared (see messages.ts): every answer reads the passages it found.
  const passagesByIds = db
    .select({
      chunkId: chunks.id,
      documentId: chunks.documentId,
      documentName: documents.name,
      text: chunks.text,
      pageStart: chunks.pageStart,
      pageEnd: chunks.pageEnd,
      charStart: chunks.charStart,
      charEnd: chunks.charEnd,
    })
    .from(chunks)
    .innerJoin(documents, eq(documents.id, chunks.documentId))
    .where(sql`${chunks.id} = any(${sql.placeholder('ids')}::int[])`)
    .prepare('passages_by_ids');

  async function byIds(chunkIds: readonly number[]) {
    if (chunkIds.length === 0) return [];
    return inOrder(chunkIds, await passagesByIds.execute({ ids: chunkIds }));
  }

  async function rank(query: string, { k, documentIds }: SearchScope) {
    const hits = await index.search(query, { k, documentIds: indexScope(documentIds) });
    return hits.map((hit) => ({ chunkId: hit.id, score: hit.score }));
  }

  return {
    rank,
    async passages(query, scope) {
      const hits = await rank(query, scope);
      return scored(hits, await byIds(hits.map((hit) => hit.chunkId)));
    },
    byIds,
    vectors: vectorSupport,
    nearest: (embedding, { k, documentIds }) =>
      vectors.nearest(embedding, k, indexScope(documentIds)),
  };
}
