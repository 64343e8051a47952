import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSearchIndex, type PassageInput } from '@/db/search/index';
import { corpusArb } from './corpus';
import { HOSTILE } from './hostile';
import { exhaustiveTopK } from './reference';

describe('hostile query text', () => {
  const { passages, index } = (() => {
    const [corpus] = fc.sample(corpusArb(1000, 1000), { numRuns: 1, seed: 21 });
    const db = new Database(':memory:');
    const searchIndex = createSearchIndex(db);
    db.transaction(() => searchIndex.add(corpus))();
    return { passages: corpus as PassageInput[], index: searchIndex };
  })();

  it.each(HOSTILE)('answers %j like exhaustive BM25', (query) => {
    expect(index.search(query, { k: 8 })).toEqual(exhaustiveTopK(passages, query, 8));
  });

  it('answers any unicode text, up to 10 KB of it, like exhaustive BM25', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 10_000 }), (query) => {
        expect(index.search(query, { k: 8 })).toEqual(exhaustiveTopK(passages, query, 8));
      }),
      { numRuns: 60, seed: 23 },
    );
  });

  it('answers 10 KB of varied words quickly', () => {
    const words = passages.flatMap((p) => p.text.split(' '));
    const query = Array.from({ length: 1_700 }, (_, i) => words[(i * 7919) % words.length]).join(
      ' ',
    );
    const start = performance.now();
    const results = index.search(query.slice(0, 10_000), { k: 8 });
    expect(performance.now() - start).toBeLessThan(1_000);
    expect(results).toEqual(exhaustiveTopK(passages, query.slice(0, 10_000), 8));
  });
});
