import { type Passage, storage } from '@/db';
import { getConfig } from '@/lib/config';
import { createEmbedder, type Embedder } from './embedder';

export type { Passage } from '@/db';

export interface SearchOptions {
  k: number;
  /** Only these documents; empty or absent means all. */
  documentIds?: string[];
}

/** The one search interface, whichever storage answers it: lexical, or hybrid. */
export interface Retriever {
  mode: 'bm25' | 'hybrid';
  search(query: string, options: SearchOptions): Promise<Passage[]>;
}

export const lexicalRetriever: Retriever = {
  mode: 'bm25',
  search: (query, scope) => storage().search.passages(query, scope),
};

/** Each list contributes 1 / (rrfK + rank): the usual constant, which damps the top ranks. */
const rrfK = 60;
/** How deep each list is read before fusing. */
const candidates = 30;

/**
 * BM25 and vector search fused by reciprocal rank fusion: a passage ranked well by either
 * rises, one ranked well by both rises most. The score is the fused score.
 */
export function hybridRetriever(embedder: Embedder): Retriever {
  return {
    mode: 'hybrid',
    async search(query, { k, documentIds }) {
      const { search } = storage();
      const lexical = await search.rank(query, { k: candidates, documentIds });
      const [vector] = await embedder.embed([query]);
      const near = await search.nearest(vector, { k: candidates, documentIds });
      const fused = new Map<number, number>();
      const add = (chunkId: number, rank: number) =>
        fused.set(chunkId, (fused.get(chunkId) ?? 0) + 1 / (rrfK + rank + 1));
      for (const [rank, hit] of lexical.entries()) add(hit.chunkId, rank);
      for (const [rank, n] of near.entries()) add(n.chunkId, rank);
      const top = [...fused.entries()].sort((a, b) => b[1] - a[1]).slice(0, k);
      const passages = await search.byIds(top.map(([chunkId]) => chunkId));
      return passages.map((p) => ({
        ...p,
        score: fused.get(p.chunkId)!,
      }));
    },
  };
}

/** The embedder, when a model server and an embedding model are configured. */
export function getEmbedder(): Embedder | undefined {
  const { openai } = getConfig();
  if (!openai?.embeddingModel) return undefined;
  return createEmbedder({
    apiKey: openai.apiKey,
    baseURL: openai.baseURL,
    model: openai.embeddingModel,
  });
}

let configured: Retriever | undefined;

/**
 * Hybrid with an embedding model configured and vectors the storage can search, else BM25
 * alone.
 */
export function getRetriever(): Retriever {
  if (!configured) {
    const embedder = getEmbedder();
    configured =
      embedder && storage().search.vectors.available ? hybridRetriever(embedder) : lexicalRetriever;
  }
  return configured;
}

/** Why search is BM25 alone although an embedding model is configured, when it is. */
export function whyNotHybrid(): string | undefined {
  const { vectors } = storage().search;
  if (!getEmbedder() || vectors.available) return undefined;
  return `Hybrid search is off: ${vectors.reason}.`;
}
