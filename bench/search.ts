/**
 * npm run bench:search [-- --sizes 10000,100000,1000000 --queries 300 --backend sqlite|postgres
 *   --fts-queries 100]
 *
 * Folio's search index against plain FTS5 over the same corpus (passages of 4 random SQuAD dev
 * sentences) and the same SQuAD dev questions: latency (every engine timed in the same run,
 * interleaved, after the same warm-up), agreement of their top 8, size on disk and build time.
 * With --backend postgres, a PostgreSQL server (tests/support/postgres.ts, its cluster kept in
 * bench/.tmp/postgres) joins in: Folio's index in Postgres tables (db/postgres/search), which
 * must return what the SQLite engine returns, and Postgres's own full-text search (tsvector,
 * GIN, ts_rank_cd: bench/lib/pg-fts-baseline.ts), which takes seconds a query at a million
 * passages and so is asked only the first --fts-queries questions (0 leaves it out, so the
 * other engines are timed without its long queries between theirs). Corpora and indexes are
 * cached under bench/.tmp.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createPgSearchIndex } from '../db/postgres/search/index';
import { createSearchIndex, MAX_QUERY_TERMS, type PassageInput } from '../db/search/index';
import { startPostgres } from '../tests/support/postgres';
import { openCachedDb } from './lib/cached-db';
import { PASSAGES_PER_DOCUMENT, passageBatches } from './lib/corpus';
import { createFts5Table, fts5Search } from './lib/fts5-baseline';
import { openPgCorpus } from './lib/pg-corpus';
import { pgFtsSearch } from './lib/pg-fts-baseline';
import { pick, seededRandom } from './lib/random';
import { loadSquad } from './lib/squad';
import { percentile, timedAsync } from './lib/stats';

const CORPUS_SEED = 2016;
const QUERY_SEED = 1100;
const BATCH_SIZE = 10_000;
const K = 8;
const WARM_UP_QUERIES = 60;
const TARGET_P95_MS = 25;
const TARGET_POSTGRES_P95_MS = 50;
const TARGET_SIZE = 1_000_000;
const TMP = new URL('./.tmp/', import.meta.url).pathname;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    queries: { type: 'string', default: '300' },
    backend: { type: 'string', default: 'sqlite' },
    'fts-queries': { type: 'string', default: '100' },
  },
});
if (values.backend !== 'sqlite' && values.backend !== 'postgres') {
  throw new Error(`--backend: "${values.backend}" is neither sqlite nor postgres`);
}
const sizes = values.sizes.split(',').map(Number);
const squad = loadSquad();
const queries = pick(squad.questions, Number(values.queries), seededRandom(QUERY_SEED));
const postgres =
  values.backend === 'postgres' ? await startPostgres({ keepIn: `${TMP}postgres` }) : undefined;

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

function agreement(comparisons: Comparison[], withScores: boolean): string {
  const overlap = comparisons.reduce((sum, c) => sum + c.overlap, 0) / comparisons.length;
  const identical = comparisons.filter((c) => c.identical).length;
  const maxDiff = Math.max(...comparisons.map((c) => c.maxScoreDiff));
  const scores = withScores ? `, max |Δscore| ${maxDiff.toExponential(1)}` : '';
  return `${overlap.toFixed(4)} (${identical}/${comparisons.length} identical${scores})`;
}

const corpus = (size: number) => passageBatches(squad.sentences, size, BATCH_SIZE, CORPUS_SEED);

function buildFts5(size: number) {
  return openCachedDb(`${TMP}search-${size}-fts5.db`, (db) => {
    createFts5Table(db);
    const insert = db.prepare<[number, string]>(
      'INSERT INTO passages_fts (rowid, text) VALUES (?, ?)',
    );
    for (const batch of corpus(size)) {
      db.transaction((rows: PassageInput[]) => {
        for (const row of rows) insert.run(row.id, row.text);
      })(batch);
    }
  });
}

function buildFolio(size: number) {
  return openCachedDb(`${TMP}search-${size}-folio.db`, (db) => {
    const index = createSearchIndex(db);
    for (const batch of corpus(size)) {
      db.transaction(() => index.add(batch))();
    }
  });
}

/** 10 random documents (1,000 passages) per query, as a chat over a few documents is. */
function scopes(size: number): string[][] {
  const random = seededRandom(size);
  const documents = Math.ceil(size / PASSAGES_PER_DOCUMENT);
  return queries.map(() =>
    Array.from({ length: 10 }, () => `doc-${Math.floor(random() * documents)}`),
  );
}

type Search = (query: string, documentIds?: readonly string[]) => Result | Promise<Result>;
type Engine = {
  name: string;
  search: Search;
  bytes: number;
  buildMs: number;
  /** How many of the questions it is asked, when not all. */
  queries?: number;
};

/** One search's time; a synchronous engine's only costs a settled await more. */
function time(search: Search, query: string, documentIds?: readonly string[]) {
  return timedAsync(async () => search(query, documentIds));
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const ms = (value: number) => value.toFixed(1);
const quantiles = (times: number[]) => [ms(percentile(times, 0.5)), ms(percentile(times, 0.95))];
const rows: string[][] = [];
const notes: string[] = [];

for (const size of sizes) {
  const fts5 = buildFts5(size);
  const folio = buildFolio(size);
  const index = createSearchIndex(folio.db);
  const searchFts5 = fts5Search(fts5.db, MAX_QUERY_TERMS);
  const engines: Engine[] = [
    { name: 'FTS5', search: (q) => searchFts5(q, K), bytes: fts5.bytes, buildMs: fts5.buildMs },
    {
      name: 'Folio',
      search: (q, documentIds) => index.search(q, { k: K, documentIds }),
      bytes: folio.bytes,
      buildMs: folio.buildMs,
    },
  ];
  const pg = postgres && (await openPgCorpus(postgres, `folio_search_${size}`, () => corpus(size)));
  if (pg) {
    const pgIndex = createPgSearchIndex(pg.pool);
    const searchPgFts = pgFtsSearch(pg.pool);
    engines.push({
      name: 'Folio on Postgres',
      search: (q, documentIds) => pgIndex.search(q, { k: K, documentIds }),
      ...pg.folio,
    });
    const ftsQueries = Number(values['fts-queries']);
    if (ftsQueries > 0) {
      engines.push({
        name: 'Postgres FTS',
        search: (q, documentIds) => searchPgFts(q, K, documentIds),
        ...pg.fts,
        queries: ftsQueries,
      });
    }
  }
  const asked = (engine: Engine) => queries.slice(0, engine.queries ?? queries.length);
  // Warm-up: WARM_UP_QUERIES questions, or a fifth of those an engine is asked when fewer.
  for (const engine of engines) {
    const warmUp = Math.min(WARM_UP_QUERIES, Math.ceil(asked(engine).length / 5));
    for (const query of queries.slice(0, warmUp)) await engine.search(query);
  }
  const times = engines.map(() => [] as number[]);
  const results = engines.map(() => [] as Result[]);
  for (const [i, query] of queries.entries()) {
    // Rotate which engine goes first, so none always finds the caches another warmed.
    for (let j = 0; j < engines.length; j++) {
      const e = (i + j) % engines.length;
      if (i >= asked(engines[e]).length) continue;
      const run = await time(engines[e].search, query);
      times[e].push(run.ms);
      results[e][i] = run.result;
    }
  }
  const fts5Results = results[0];
  for (const [e, engine] of engines.entries()) {
    const vsFts5 =
      e === 0
        ? ''
        : agreement(
            results[e].map((r, i) => compare(r, fts5Results[i])),
            engine.name !== 'Postgres FTS',
          );
    const name = engine.queries
      ? `${engine.name} (${asked(engine).length} questions)`
      : engine.name;
    rows.push([
      e === 0 ? size.toLocaleString('en') : '',
      name,
      ...quantiles(times[e]),
      mb(engine.bytes),
      (engine.buildMs / 1000).toFixed(0),
      vsFts5,
    ]);
  }
  // Folio's engines again, the fastest of 3 runs per question.
  for (const engine of engines.filter((e) => e.name.startsWith('Folio'))) {
    const best = [];
    for (const query of queries) {
      let fastest = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run++) {
        fastest = Math.min(fastest, (await time(engine.search, query)).ms);
      }
      best.push(fastest);
    }
    rows.push(['', `${engine.name}, best of 3`, ...quantiles(best), '', '', '']);
  }
  const documentIds = scopes(size);
  for (const engine of engines.slice(1)) {
    const scoped = [];
    for (const [i, query] of asked(engine).entries()) {
      scoped.push((await time(engine.search, query, documentIds[i])).ms);
    }
    rows.push(['', `${engine.name}, 10 documents`, ...quantiles(scoped), '', '', '']);
  }
  if (pg) {
    const same = results[2].map((r, i) => compare(r, results[1][i]));
    notes.push(
      `${size.toLocaleString('en')} passages: Folio on Postgres against Folio on SQLite: ${agreement(same, true)}`,
    );
    await pg.pool.end();
  }
  fts5.db.close();
  folio.db.close();
  console.log(`measured ${size.toLocaleString('en')} passages`);
}
await postgres?.stop();

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
  `\n${queries.length} SQuAD dev questions, top ${K}; FTS5 on disk includes its copy of the text, Folio's index and the tsvector table hold none.`,
);
// Every engine is timed in the same run, but absolute figures depend on what else the machine
// is doing: the load average says how busy it was, and Folio's best of 3 runs per query shows
// its latency without most of the scheduler's pauses.
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} (1 / 5 / 15 min)`,
);
console.log(line(header));
for (const row of rows) console.log(line(row));
for (const note of notes) console.log(note);
console.log(
  `target: Folio p95 <= ${TARGET_P95_MS} ms at ${TARGET_SIZE.toLocaleString('en')} passages; overlap 1.0 (same tokenizer, same bm25())`,
);
if (postgres) {
  console.log(
    `target on Postgres: Folio p95 <= ${TARGET_POSTGRES_P95_MS} ms at ${TARGET_SIZE.toLocaleString('en')} passages, identical to Folio on SQLite`,
  );
}
