import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createSearchIndex, type PassageInput } from '@/db/search/index';
import { type QueryTerm, TermCache } from '@/db/search/term-cache';
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

  it('keeps the most recently used terms of one version, within its capacity', () => {
    const entry = (blocks: number): QueryTerm => ({
      id: blocks,
      idf: 1,
      scoreBound: 1,
      lastIds: new Float64Array(blocks),
      blockBounds: new Float64Array(blocks),
      blockSizes: new Int32Array(blocks),
    });
    const step = fc.oneof(
      fc.record({ get: fc.constantFrom(...VOCABULARY.slice(0, 12)), version: fc.nat(2) }),
      fc.record({ set: fc.constantFrom(...VOCABULARY.slice(0, 12)), blocks: fc.nat(9) }),
    );
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 200 }),
        fc.integer({ min: 1, max: 40 }),
        (steps, capacity) => {
          const cache = new TermCache(capacity);
          // The model: entries from least to most recently used, emptied when the version changes.
          let model: [string, QueryTerm][] = [];
          let version = 0;
          cache.get(VOCABULARY[0], version);
          const size = () => model.reduce((sum, [, e]) => sum + 1 + e.lastIds.length, 0);
          for (const s of steps) {
            if ('get' in s) {
              if (s.version !== version) model = [];
              version = s.version;
              const found = model.find(([term]) => term === s.get);
              expect(cache.get(s.get, s.version)).toBe(found?.[1]);
              if (found) model = [...model.filter((m) => m !== found), found];
            } else {
              const added = entry(s.blocks);
              model = model.filter(([term]) => term !== s.set);
              const newest: [string, QueryTerm] = [s.set, added];
              while (model.length > 0 && size() + 1 + s.blocks > capacity) model.shift();
              model.push(newest);
              cache.set(s.set, added);
              expect(cache.get(s.set, version)).toBe(added);
            }
          }
        },
      ),
      { numRuns: 200, seed: 37 },
    );
  });
});
