/**
 * npm run bench:search [-- --sizes 10000,100000,1000000 --queries 300]
 *
 * Folio's search index against plain FTS5 over the same corpus (passages of 4 random SQuAD dev
 * sentences) and the same SQuAD dev questions: latency (both engines timed in the same run,
 * interleaved, after the same warm-up), agreement of their top 8, size on disk and build time.
 * Corpora and indexes are cached under bench/.tmp.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createSearchIndex, MAX_QUERY_TERMS, type PassageInput } from '../db/search/index';
import { openCachedDb } from './lib/cached-db';
import { PASSAGES_PER_DOCUMENT, passageBatches } from './lib/corpus';
import { createFts5Table, fts5Search } from './lib/fts5-baseline';
import { pick, seededRandom } from './lib/random';
import { loadSquad } from './lib/squad';
import { percentile, timed } from './lib/stats';

const CORPUS_SEED = 2016;
const QUERY_SEED = 1100;
const BATCH_SIZE = 10_000;
const K = 8;
const WARM_UP_QUERIES = 60;
const TARGET_P95_MS = 25;
const TARGET_SIZE = 1_000_000;
const TMP = new URL('./.tmp/', import.meta.url).pathname;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    queries: { type: 'string', default: '300' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const squad = loadSquad();
const queries = pick(squad.questions, Number(values.queries), seededRandom(QUERY_SEED));

type Result = { id: number; score: number }[];
type Comparison = { overlap: number; identical: boolean; maxScoreDiff: number };

function compare(ours: Result, theirs: Result): Comparison {
  const theirIds = new Set(theirs.map((r) => r.id));
  const shared = ours.filter((r) => theirIds.has(r.id)).length;
  const overlap =
    theirs.length === 0 && ours.length === 0 ? 1 : shared / Math.max(theirs.length, ours.length);
  const identical = ours.length === theirs.length && ours.every((r, i) => r.id === theirs[i].id);
  let maxScoreDiff = 0;
  for (let i = 0; i < Math.min(ours.length, theirs.length); i++) {
    maxScoreDiff = Math.max(maxScoreDiff, Math.abs(ours[i].score - theirs[i].score));
  }
  return { overlap, identical, maxScoreDiff };
}

function buildFts5(size: number) {
  return openCachedDb(`${TMP}search-${size}-fts5.db`, (db) => {
    createFts5Table(db);
    const insert = db.prepare<[number, string]>(
      'INSERT INTO passages_fts (rowid, text) VALUES (?, ?)',
    );
    for (const batch of passageBatches(squad.sentences, size, BATCH_SIZE, CORPUS_SEED)) {
      db.transaction((rows: PassageInput[]) => {
        for (const row of rows) insert.run(row.id, row.text);
      })(batch);
    }
  });
}

function buildFolio(size: number) {
  return openCachedDb(`${TMP}search-${size}-folio.db`, (db) => {
    const index = createSearchIndex(db);
    for (const batch of passageBatches(squad.sentences, size, BATCH_SIZE, CORPUS_SEED)) {
      db.transaction(() => index.add(batch))();
    }
  });
}

/** Folio scoped to 10 random documents (1,000 passages), as a chat over a few documents is. */
function measureScoped(index: ReturnType<typeof createSearchIndex>, size: number) {
  const random = seededRandom(size);
  const documents = Math.ceil(size / PASSAGES_PER_DOCUMENT);
  const times = queries.map((query) => {
    const documentIds = Array.from({ length: 10 }, () => `doc-${Math.floor(random() * documents)}`);
    return timed(() => index.search(query, { k: K, documentIds })).ms;
  });
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const ms = (value: number) => value.toFixed(1);
const rows: string[][] = [];

for (const size of sizes) {
  const fts5 = buildFts5(size);
  const folio = buildFolio(size);
  const searchFts5 = fts5Search(fts5.db, MAX_QUERY_TERMS);
  const index = createSearchIndex(folio.db);
  for (const query of queries.slice(0, WARM_UP_QUERIES)) {
    searchFts5(query, K);
    index.search(query, { k: K });
  }
  const fts5Ms: number[] = [];
  const folioMs: number[] = [];
  const comparisons: Comparison[] = [];
  queries.forEach((query, i) => {
    // Alternate which engine goes first, so neither always finds the caches the other warmed.
    const runFts5 = () => timed(() => searchFts5(query, K));
    const runFolio = () => timed(() => index.search(query, { k: K }));
    let fts5Run: ReturnType<typeof runFts5>;
    let folioRun: ReturnType<typeof runFolio>;
    if (i % 2 === 0) {
      fts5Run = runFts5();
      folioRun = runFolio();
    } else {
      folioRun = runFolio();
      fts5Run = runFts5();
    }
    fts5Ms.push(fts5Run.ms);
    folioMs.push(folioRun.ms);
    comparisons.push(compare(folioRun.result, fts5Run.result));
  });
  const overlap = comparisons.reduce((sum, c) => sum + c.overlap, 0) / comparisons.length;
  const identical = comparisons.filter((c) => c.identical).length;
  const maxDiff = Math.max(...comparisons.map((c) => c.maxScoreDiff));
  rows.push(
    [
      size.toLocaleString('en'),
      'FTS5',
      ms(percentile(fts5Ms, 0.5)),
      ms(percentile(fts5Ms, 0.95)),
      mb(fts5.bytes),
      (fts5.buildMs / 1000).toFixed(0),
      '',
    ],
    [
      '',
      'Folio',
      ms(percentile(folioMs, 0.5)),
      ms(percentile(folioMs, 0.95)),
      mb(folio.bytes),
      (folio.buildMs / 1000).toFixed(0),
      `${overlap.toFixed(4)} (${identical}/${queries.length} identical, max |Δscore| ${maxDiff.toExponential(1)})`,
    ],
  );
  const best = queries.map((query) => {
    let fastest = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 3; run++) {
      fastest = Math.min(fastest, timed(() => index.search(query, { k: K })).ms);
    }
    return fastest;
  });
  rows.push([
    '',
    'Folio, best of 3',
    ms(percentile(best, 0.5)),
    ms(percentile(best, 0.95)),
    '',
    '',
    '',
  ]);
  const scoped = measureScoped(index, size);
  rows.push(['', 'Folio, 10 documents', ms(scoped.p50), ms(scoped.p95), '', '', '']);
  fts5.db.close();
  folio.db.close();
  console.log(`measured ${size.toLocaleString('en')} passages`);
}

const header = [
  'passages',
  'engine',
  'p50 ms',
  'p95 ms',
  'on disk',
  'build s',
  'top-8 overlap with FTS5',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(
  `\n${queries.length} SQuAD dev questions, top ${K}; FTS5 on disk includes its copy of the text, Folio's index holds none.`,
);
// Both engines are timed in the same run, but absolute figures depend on what else the machine
// is doing: the load average says how busy it was, and Folio's best of 3 runs per query shows
// its latency without the scheduler's pauses.
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} (1 / 5 / 15 min)`,
);
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(
  `target: Folio p95 <= ${TARGET_P95_MS} ms at ${TARGET_SIZE.toLocaleString('en')} passages; overlap 1.0 (same tokenizer, same bm25())`,
);
