import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createSearchIndex, type PassageInput } from '@/db/search/index';
import { createStore } from '@/db/search/store';
import { TermCache } from '@/db/search/term-cache';
import { analyzeQuery } from '@/db/search/tokenizer';
import { corpusArb, VOCABULARY } from './corpus';
import { exhaustiveTopK } from './reference';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true });
});

/** Two connections to one database file, each with its own search index (and term cache). */
function twoConnections() {
  const directory = mkdtempSync(join(tmpdir(), 'folio-search-'));
  directories.push(directory);
  const path = join(directory, 'index.db');
  const [first, second] = [new Database(path), new Database(path)];
  return {
    first: { db: first, index: createSearchIndex(first) },
    second: { db: second, index: createSearchIndex(second) },
  };
}

const QUERIES = ['city river', 'the people of the state', 'connection w3x w17x', 'Beyoncé 1990'];

describe('cached term metadata', () => {
  it('follows passages another connection adds and removes', () => {
    fc.assert(
      fc.property(corpusArb(20, 600), (passages) => {
        const { first, second } = twoConnections();
        const half = passages.slice(0, passages.length >> 1);
        second.db.transaction(() => second.index.add(half))();
        for (const query of QUERIES) {
          expect(first.index.search(query, { k: 8 })).toEqual(exhaustiveTopK(half, query, 8));
        }
        second.db.transaction(() => second.index.add(passages.slice(half.length)))();
        for (const query of QUERIES) {
          expect(first.index.search(query, { k: 8 })).toEqual(exhaustiveTopK(passages, query, 8));
        }
        second.db.transaction(() => second.index.remove('doc-2'))();
        const kept = passages.filter((p) => p.documentId !== 'doc-2');
        for (const query of QUERIES) {
          expect(first.index.search(query, { k: 8 })).toEqual(exhaustiveTopK(kept, query, 8));
        }
        first.db.close();
        second.db.close();
      }),
      { numRuns: 5, seed: 31 },
    );
  });

  it('forgets what a search saw inside a transaction that was rolled back', () => {
    const { first, second } = twoConnections();
    const committed: PassageInput[] = [{ id: 1, documentId: 'a', text: 'the river city' }];
    first.db.transaction(() => first.index.add(committed))();
    const rolledBack: PassageInput[] = [{ id: 2, documentId: 'b', text: 'river river river' }];
    expect(() =>
      first.db.transaction(() => {
        first.index.add(rolledBack);
        expect(first.index.search('river', { k: 8 }).map((r) => r.id)).toEqual([2, 1]);
        throw new Error('ingestion failed');
      })(),
    ).toThrow('ingestion failed');
    // Another writer's commit must not pass for the state the rolled-back search cached.
    const later: PassageInput[] = [{ id: 3, documentId: 'c', text: 'a city by the lake' }];
    second.db.transaction(() => second.index.add(later))();
    const all = [...committed, ...later];
    expect(first.index.search('river city', { k: 8 })).toEqual(
      exhaustiveTopK(all, 'river city', 8),
    );
    first.db.close();
    second.db.close();
  });

  it('gives the same terms as a fresh load while it evicts the least recently used', () => {
    fc.assert(
      fc.property(
        corpusArb(50, 1500),
        fc.array(fc.constantFrom(...VOCABULARY), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 40 }),
        (passages, words, capacity) => {
          const db = new Database(':memory:');
          const index = createSearchIndex(db);
          db.transaction(() => index.add(passages))();
          const store = createStore(db);
          const stats = store.stats.get()!;
          const cache = new TermCache(store, capacity);
          for (const { term } of analyzeQuery(words.join(' '))) {
            expect(cache.get(term, stats)).toEqual(new TermCache(store, capacity).get(term, stats));
          }
        },
      ),
      { numRuns: 20, seed: 37 },
    );
  });
});
