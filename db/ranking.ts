import type { Passage, RankedChunk } from './types';

/** The search indexes read an empty list as "none"; to the app it means "all documents". */
export const indexScope = (documentIds?: readonly string[]) =>
  documentIds && documentIds.length > 0 ? documentIds : undefined;

/** The passages of a ranking, each with its score (passages no longer there are left out). */
export function scored(hits: RankedChunk[], passages: Omit<Passage, 'score'>[]): Passage[] {
  const scores = new Map(hits.map((hit) => [hit.chunkId, hit.score]));
  return passages.map((p) => ({ ...p, score: scores.get(p.chunkId)! }));
}

/** Rows in the order of `chunkIds`; ids without a row are left out. */
export function inOrder<T extends { chunkId: number }>(
  chunkIds: readonly number[],
  rows: T[],
): T[] {
  const found = new Map(rows.map((r) => [r.chunkId, r]));
  return chunkIds.flatMap((id) => found.get(id) ?? []);
}
