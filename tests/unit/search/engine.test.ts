import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFts5Table, fts5Search } from '@/bench/lib/fts5-baseline';
import { createSearchIndex, MAX_QUERY_TERMS, type PassageInput } from '@/db/search/index';
import { corpusArb, queryArb } from './corpus';
import { exhaustiveTopK } from './reference';

function indexOf(passages: readonly PassageInput[], batches = 1) {
  const db = new Database(':memory:');
  const index = createSearchIndex(db);
  const size = Math.ceil(passages.length / batches);
  for (let from = 0; from < passages.length; from += size) {
    db.transaction(() => index.add(passages.slice(from, from + size)))();
  }
  return { db, index };
}

const KS = [1, 3, 8, 20];

describe('search index', () => {
  it('returns exactly the exhaustive BM25 top k', () => {
    fc.assert(
      fc.property(
        corpusArb(1, 1500),
        fc.array(queryArb, { minLength: 1, maxLength: 10 }),
        (passages, queries) => {
          const { index } = indexOf(passages);
          for (const query of queries) {
            for (const k of KS) {
              expect(index.search(query, { k })).toEqual(exhaustiveTopK(passages, query, k));
            }
          }
        },
      ),
      { numRuns: 25, seed: 5 },
    );
  });

  it('ranks like FTS5 bm25() with porter unicode61', () => {
    fc.assert(
      fc.property(
        corpusArb(1, 800),
        fc.array(queryArb, { minLength: 1, maxLength: 10 }),
        (passages, queries) => {
          const { db, index } = indexOf(passages);
          createFts5Table(db);
          const insert = db.prepare('INSERT INTO passages_fts (rowid, text) VALUES (?, ?)');
          for (const p of passages) insert.run(p.id, p.text);
          const fts5 = fts5Search(db, MAX_QUERY_TERMS);
          for (const query of queries) {
            const ours = index.search(query, { k: 8 });
            const theirs = fts5(query, 8);
            expect(ours.map((r) => r.id)).toEqual(theirs.map((r) => r.id));
            for (const [i, r] of ours.entries()) expect(r.score).toBeCloseTo(theirs[i].score, 12);
          }
        },
      ),
      { numRuns: 15, seed: 7 },
    );
  });

  it('indexes passages added out of id order over several transactions', () => {
    fc.assert(
      fc.property(
        corpusArb(200, 1500),
        queryArb,
        fc.integer({ min: 2, max: 9 }),
        (passages, query, batches) => {
          const shuffled = [...passages].sort(
            (a, b) => ((a.id * 7919) % 1009) - ((b.id * 7919) % 1009),
          );
          const { index } = indexOf(shuffled, batches);
          expect(index.search(query, { k: 8 })).toEqual(exhaustiveTopK(passages, query, 8));
        },
      ),
      { numRuns: 15, seed: 11 },
    );
  });

  it('forgets removed documents, statistics included, and takes them back', () => {
    fc.assert(
      fc.property(
        corpusArb(50, 1200),
        fc.array(queryArb, { minLength: 1, maxLength: 5 }),
        (passages, queries) => {
          const { db, index } = indexOf(passages, 3);
          const removed = new Set(['doc-1', 'doc-4']);
          const count = db.transaction(() => index.remove('doc-1') + index.remove('doc-4'))();
          const kept = passages.filter((p) => !removed.has(p.documentId));
          expect(count).toBe(passages.length - kept.length);
          expect(index.remove('doc-1')).toBe(0);
          for (const query of queries) {
            expect(index.search(query, { k: 8 })).toEqual(exhaustiveTopK(kept, query, 8));
          }
          db.transaction(() => index.add(passages.filter((p) => removed.has(p.documentId))))();
          for (const query of queries) {
            expect(index.search(query, { k: 8 })).toEqual(exhaustiveTopK(passages, query, 8));
          }
        },
      ),
      { numRuns: 15, seed: 13 },
    );
  });

  it('searches only the given documents, with corpus-wide statistics', () => {
    fc.assert(
      fc.property(
        corpusArb(1, 1200),
        queryArb,
        fc.subarray(['doc-0', 'doc-2', 'doc-3', 'doc-9']),
        (passages, query, documentIds) => {
          const { index } = indexOf(passages);
          expect(index.search(query, { k: 8, documentIds })).toEqual(
            exhaustiveTopK(passages, query, 8, documentIds),
          );
        },
      ),
      { numRuns: 30, seed: 17 },
    );
  });

  it('leaves the index untouched when the caller rolls its transaction back', () => {
    const passages: PassageInput[] = [
      { id: 1, documentId: 'a', text: 'rivers of the city' },
      { id: 2, documentId: 'b', text: 'the city council' },
    ];
    const { db, index } = indexOf(passages.slice(0, 1));
    expect(() =>
      db.transaction(() => {
        index.add(passages.slice(1));
        throw new Error('ingestion failed');
      })(),
    ).toThrow('ingestion failed');
    expect(index.search('city council', { k: 8 })).toEqual(
      exhaustiveTopK(passages.slice(0, 1), 'city council', 8),
    );
  });

  it('reads back blocks whose bytes hold zeros and high bytes (ids far apart, long passages)', () => {
    const passages: PassageInput[] = Array.from({ length: 700 }, (_, i) => ({
      id: (i + 1) * 256,
      documentId: `doc-${i % 3}`,
      // 256 + 128·(i mod 7) tokens: lengths and term frequencies whose low byte is zero.
      text: `river ${'city '.repeat(i % 5)}${'state '.repeat(255 - (i % 5) + 128 * (i % 7))}`,
    }));
    const { index } = indexOf(passages);
    for (const query of ['river', 'city state', 'state river city']) {
      expect(index.search(query, { k: 8 })).toEqual(exhaustiveTopK(passages, query, 8));
    }
  });

  it('returns nothing for an empty index, an empty query or only stop words', () => {
    const empty = indexOf([]).index;
    expect(empty.search('river', { k: 8 })).toEqual([]);
    const { index } = indexOf([{ id: 1, documentId: 'a', text: 'The river runs.' }]);
    expect(index.search('', { k: 8 })).toEqual([]);
    expect(index.search('what is the', { k: 8 })).toEqual([]);
    expect(index.search('river', { k: 0 })).toEqual([]);
    expect(index.search('river', { k: Number.NaN })).toEqual([]);
    expect(index.search('river', { k: 2.7 })).toHaveLength(1);
    expect(index.search('river', { k: 8, documentIds: [] })).toEqual([]);
    expect(index.search('rivers', { k: 8 })).toHaveLength(1);
  });
});
