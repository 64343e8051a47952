import type { BlockStore } from './blocks';
import { deletePostings, insertPostings } from './blocks';
import {
  analyzeBatch,
  newVersion,
  type PassageInput,
  removedPostings,
  termAfterAdd,
} from './changes';
import type { Store } from './store';
import type { TermRow } from './term-cache';
import { encodeTermIds } from './term-ids';

/**
 * Adds and removes passages in the SQLite index. Every change rewrites only the blocks it
 * touches and keeps each term's document frequency exact (blocks.ts).
 */

function blocksOf(store: Store): BlockStore {
  return {
    lastBlock: (termId) => store.lastBlock.get(termId),
    blockAtOrAfter: (termId, id) => store.blockAtOrAfter.get(termId, id),
    deleteBlock: (termId, lastId) => store.deleteBlock.run(termId, lastId),
    insertBlock: (termId, lastId, weight, avgLength, postings) =>
      store.insertBlock.run(termId, lastId, weight, avgLength, postings),
  };
}

/** Counts passages and tokens in or out, and gives the index a new version token. */
function recordChange(store: Store, passages: number, tokens: number): number {
  store.addStats.run(passages, tokens);
  store.setVersion.run(newVersion());
  const stats = store.stats.get()!;
  return stats.passages === 0 ? 1 : stats.tokens / stats.passages;
}

function termRow(store: Store, term: string): TermRow {
  const row = store.term.get(term);
  if (row) return row;
  store.insertTerm.run(term);
  return store.term.get(term)!;
}

function updateTerm(store: Store, row: TermRow): void {
  store.updateTerm.run(row.df, row.maxWeight, row.maxWeightAvgLength, row.id);
}

/** Indexes passages; the caller runs it inside its transaction. Passage ids must be new. */
export function addPassages(store: Store, passages: readonly PassageInput[]): void {
  if (passages.length === 0) return;
  const batch = analyzeBatch(passages);
  const rows = new Map<string, TermRow>();
  for (const term of batch.postings.keys()) rows.set(term, termRow(store, term));
  for (const passage of batch.passages) {
    const termIds = passage.terms.map((term) => rows.get(term)!.id).sort((a, b) => a - b);
    store.insertPassage.run(passage.id, passage.documentId, passage.length, encodeTermIds(termIds));
  }
  const avgLength = recordChange(store, batch.passages.length, batch.tokens);
  const blocks = blocksOf(store);
  for (const [term, row] of rows) {
    const postings = batch.postings.get(term)!;
    const written = insertPostings(blocks, row.id, postings, avgLength);
    updateTerm(store, termAfterAdd(row, postings.ids.length, written, avgLength));
  }
}

/** Removes every passage of a document; returns how many there were. */
export function removeDocument(store: Store, documentId: string): number {
  const passages = store.passagesOfDocument.all(documentId);
  if (passages.length === 0) return 0;
  const { idsByTerm, tokens } = removedPostings(passages);
  store.deletePassagesOfDocument.run(documentId);
  const avgLength = recordChange(store, -passages.length, -tokens);
  const blocks = blocksOf(store);
  for (const [termId, ids] of idsByTerm) {
    deletePostings(blocks, termId, ids, avgLength);
    const row = store.termById.get(termId)!;
    const df = row.df - ids.length;
    if (df === 0) store.deleteTerm.run(termId);
    else updateTerm(store, { ...row, df });
  }
  return passages.length;
}
