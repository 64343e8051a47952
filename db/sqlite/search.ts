import { eq } from 'drizzle-orm';
import { indexScope, inOrder, scored } from '../ranking';
import type { Search, SearchScope } from '../storage';
import type { RankedChunk } from '../types';
import { nearestChunks } from '../vectors';
import type { SqliteContext } from './context';
import { chunks, documents } from './schema';
import { inJsonList } from './sql';

export function sqliteSearch({ db, tx, index, paced }: SqliteContext): Search {
  const passagesQuery = db
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
    .where(inJsonList(chunks.id, 'chunkIds'))
    .prepare();

  function byIds(chunkIds: readonly number[]) {
    if (chunkIds.length === 0) return [];
    const rows = passagesQuery.all({ chunkIds: JSON.stringify(chunkIds) });
    return inOrder(chunkIds, rows);
  }

  function rank(query: string, { k, documentIds }: SearchScope): RankedChunk[] {
    return index
      .search(query, { k, documentIds: indexScope(documentIds) })
      .map((hit) => ({ chunkId: hit.id, score: hit.score }));
  }

  return {
    rank: (query, scope) => paced(() => rank(query, scope)),
    passages: (query, scope) =>
      // One read transaction: the passages are those of the hits, whatever is deleted meanwhile.
      paced(() =>
        tx.read(() => {
          const hits = rank(query, scope);
          return scored(hits, byIds(hits.map((hit) => hit.chunkId)));
        }),
      ),
    byIds: async (chunkIds) => byIds(chunkIds),
    vectors: { available: true },
    nearest: async (embedding, { k, documentIds }) =>
      nearestChunks(db.$client, embedding, k, documentIds),
  };
}
