/**
 * npm run eval:retrieval — how well Folio's search finds the paragraph that answers a question.
 *
 * The 48 SQuAD v1.1 dev articles go into a started Folio server (offline default: BM25, no model
 * server) as Markdown documents (title as `# heading`, paragraphs separated by blank lines).
 * Every dev question (10,570) is asked through GET /api/search?k=10, one at a time; a question
 * is a hit at rank r when the r-th passage overlaps its gold paragraph, located by character
 * range in the document's extracted text (GET /api/documents/:id/text); aR@k, a diagnostic, asks
 * more: that the passage holds one of the annotators' answer spans whole. Printed: R@1, R@5,
 * R@10 and MRR@10, beside the baseline recorded in issue 5 and the same baseline re-measured in
 * this run (FTS5 BM25 over the gold paragraphs themselves, asked with Folio's FTS5 query terms), and
 * the search latency p50/p95 as the client sees it.
 *
 * To find out why Folio's passages win or lose, the script replays Folio's own chunker
 * (lib/documents) at other sizes and overlaps over the same extracted text, into an in-memory
 * FTS5 index asked exactly as the server asks its own; the replay at the server's defaults must
 * agree with the server. Choose them with --chunks=SIZE/OVERLAP[+h],... (or EVAL_CHUNKS; +h
 * indexes each passage with its heading in front); none beyond the default with --chunks=none.
 *
 * With --backend postgres, the server's passages (its chunker's defaults, replayed) also go
 * into every engine Folio can search on PostgreSQL, beside its SQLite engine in the same
 * process (bench/lib/engine-comparison.ts), each asked every question: recall, and search
 * latency in process.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { analyzeQuery } from '@/db/search/tokenizer';
import { chunkDocument } from '@/lib/documents/chunk';
import { parseDocument } from '@/lib/documents/parse';
import { startFolio } from '../tests/support/server';
import { compareEngines } from './lib/engine-comparison';
import { queryTerms } from './lib/folio-query-terms';
import { PassageIndex } from './lib/passage-index';
import {
  firstContainingRank,
  firstHitRank,
  formatMetric,
  type RetrievalMetrics,
  retrievalMetrics,
  type Span,
} from './lib/retrieval-metrics';
import { json, loadAverage } from './lib/server-run';
import {
  articleFileName,
  articleMarkdown,
  loadSquadArticles,
  locateParagraphs,
  SQUAD_DEV_FILE,
  type SquadArticle,
} from './lib/squad-articles';
import { percentile } from './lib/stats';
import { uploadAll } from './lib/upload';

const K = 10;
/** Folio's chunker defaults (lib/documents/chunk.ts), which the server uses, heading indexed. */
const SERVER_CHUNKING: Chunking = { size: 1000, overlap: 150, heading: true };
const DEFAULT_SWEEP = '1000/0,500/75,1500/200,1000/150,1500/200+h';
/** Recorded in issue 5: FTS5 BM25 over the gold paragraphs, measured before on this machine. */
const RECORDED_BASELINE: RetrievalMetrics = {
  questions: 10_570,
  r1: 0.79,
  r5: 0.938,
  r10: 0.961,
  mrr10: 0.854,
};
const TARGET_R5 = 0.94;
const TARGET_POSTGRES_R5 = 0.93;

interface Chunking {
  size: number;
  overlap: number;
  /** Index each passage with its heading (the article title here) in front of its text. */
  heading?: boolean;
}

const chunkingLabel = (c: Chunking) => `${c.size}/${c.overlap}${c.heading ? '+heading' : ''}`;

/** --backend sqlite (the default) or postgres, as `--backend postgres` or `--backend=postgres`. */
function parseBackend(): 'sqlite' | 'postgres' {
  const at = process.argv.findIndex((a) => a === '--backend' || a.startsWith('--backend='));
  if (at < 0) return 'sqlite';
  const value = process.argv[at].includes('=')
    ? process.argv[at].slice('--backend='.length)
    : process.argv[at + 1];
  if (value !== 'sqlite' && value !== 'postgres') {
    throw new Error(`--backend: "${value}" is neither sqlite nor postgres`);
  }
  return value;
}

function parseChunkings(): Chunking[] {
  const flag = process.argv.find((a) => a.startsWith('--chunks='))?.slice('--chunks='.length);
  const spec = flag ?? process.env.EVAL_CHUNKS ?? DEFAULT_SWEEP;
  if (spec === 'none' || spec === '') return [];
  return spec.split(',').map((item) => {
    const [, size, overlap] = (/^(\d+)\/(\d+)(\+h)?$/.exec(item) ?? []).map(Number);
    if (!Number.isInteger(size) || !Number.isInteger(overlap) || overlap >= size) {
      throw new Error(`--chunks: "${item}" is not SIZE/OVERLAP[+h] with 0 <= OVERLAP < SIZE`);
    }
    return { size, overlap, heading: /\+h$/.test(item) };
  });
}

interface ApiPassage {
  documentId: string;
  charStart: number;
  charEnd: number;
  text: string;
}

interface Question {
  text: string;
  gold: Span;
  /** The annotators' answer spans in the document's text. */
  answers: Span[];
}

type Terms = (query: string) => string[];
const TERMS: Record<string, Terms> = {
  /** What Folio asked FTS5 before its own index: its own stop-word list, words as typed. */
  folio: queryTerms,
  /** What the server asks (db/search/tokenizer): NLTK stop words matched by stem. */
  nltk: (query) => analyzeQuery(query).map((t) => t.word),
};

interface Ranks {
  /** Rank of the first passage overlapping the gold paragraph (the measure of issue 5). */
  overlap: number[];
  /** Rank of the first passage holding a gold answer span whole (a stricter diagnostic). */
  answer: number[];
}

function rank(results: Span[][], questions: Question[]): Ranks {
  return {
    overlap: results.map((spans, i) => firstHitRank(spans, questions[i].gold)),
    answer: results.map((spans, i) => firstContainingRank(spans, questions[i].answers)),
  };
}

function replay(index: PassageIndex, questions: Question[], terms: Terms): Ranks {
  return rank(
    questions.map((q) => index.search(terms(q.text), K)),
    questions,
  );
}

const LABEL = 58;
const cell = (v: number) => formatMetric(v).padStart(6);
const header = `${''.padEnd(LABEL)}   R@1    R@5   R@10 MRR@10 |  aR@1   aR@5  aR@10 passages`;

function row(label: string, ranks: Ranks | RetrievalMetrics, passages?: number): string {
  const m = 'overlap' in ranks ? retrievalMetrics(ranks.overlap) : ranks;
  const a = 'overlap' in ranks ? retrievalMetrics(ranks.answer) : undefined;
  const answer = a
    ? `${cell(a.r1)} ${cell(a.r5)} ${cell(a.r10)}`
    : `${'—'.padStart(6)} ${'—'.padStart(6)} ${'—'.padStart(6)}`;
  return `${label.padEnd(LABEL)} ${cell(m.r1)} ${cell(m.r5)} ${cell(m.r10)} ${cell(m.mrr10)} | ${answer} ${passages === undefined ? '' : String(passages).padStart(8)}`;
}

interface ServerRun {
  ranks: Ranks;
  latencies: number[];
  texts: string[];
  questions: Question[];
  passages: number;
}

/** Uploads the articles to a fresh offline Folio server and asks every question. */
async function runServer(
  articles: SquadArticle[],
  files: Array<{ name: string; content: string }>,
): Promise<ServerRun> {
  // Every question is a search from one client: far over the per-client limit a person meets.
  const folio = await startFolio({ env: { FOLIO_RATE_LIMIT_PER_MINUTE: '1000000' } });
  try {
    const health = await json<{ retrieval: { mode: string } }>(
      await fetch(`${folio.url}/api/health`),
    );
    const uploadStart = performance.now();
    const { documents, failures } = await uploadAll(folio.url, files);
    const uploadMs = performance.now() - uploadStart;
    if (failures.length > 0) {
      const serverSaid = [...new Set(folio.output().match(/SqliteError: [^\n]*/g) ?? [])];
      console.log(
        `warning: ${failures.length} of ${files.length} documents failed in the one upload and were read again on their own:\n  ${failures.join('\n  ')}${serverSaid.length ? `\n  server log: ${serverSaid.join('; ')}` : ''}`,
      );
    }
    const passages = documents.reduce((sum, d) => sum + (d.chunks ?? 0), 0);
    console.log(
      `server: retrieval ${health.retrieval.mode}; ${documents.length} documents ready in ${(
        uploadMs / 1000
      ).toFixed(1)} s, ${passages} passages`,
    );

    const docIndex = new Map(documents.map((d, i) => [d.id, i]));
    const texts: string[] = [];
    const questions: Question[] = [];
    let unlocated = 0;
    for (const [i, doc] of documents.entries()) {
      const { text } = await json<{ text: string }>(
        await fetch(`${folio.url}/api/documents/${doc.id}/text`),
      );
      texts.push(text);
      const located = locateParagraphs(text, articles[i].paragraphs);
      unlocated += located.filter((s) => !s).length;
      for (const q of articles[i].questions) {
        const at = located[q.paragraph];
        if (!at) continue;
        questions.push({
          text: q.question,
          gold: { doc: i, ...at },
          answers: q.answers.map((a) => ({
            doc: i,
            start: at.start + a.start,
            end: at.start + a.end,
          })),
        });
      }
    }
    if (unlocated > 0) console.log(`warning: ${unlocated} paragraphs not found in extracted text`);

    const search = async (q: string) =>
      json<{ passages: ApiPassage[] }>(
        await fetch(`${folio.url}/api/search?q=${encodeURIComponent(q)}&k=${K}`),
      );
    for (const q of questions.slice(0, 50)) await search(q.text); // warm up
    const started = performance.now();
    const latencies: number[] = [];
    const results: Span[][] = [];
    for (const q of questions) {
      const t0 = performance.now();
      const { passages: found } = await search(q.text);
      latencies.push(performance.now() - t0);
      results.push(
        found.map((p) => ({
          doc: docIndex.get(p.documentId) ?? -1,
          start: p.charStart,
          end: p.charEnd,
        })),
      );
    }
    console.log(
      `asked ${questions.length} questions in ${((performance.now() - started) / 1000).toFixed(
        1,
      )} s, one at a time; load ${loadAverage()}`,
    );
    return { ranks: rank(results, questions), latencies, texts, questions, passages };
  } finally {
    await folio.stop();
  }
}

async function main() {
  const articles = loadSquadArticles();
  if (!articles) {
    console.log(`eval:retrieval skipped: ${SQUAD_DEV_FILE} is absent (../shared/data).`);
    return;
  }
  const chunkings = parseChunkings();
  const backend = parseBackend();
  console.log(`eval:retrieval — SQuAD v1.1 dev, ${os.cpus().length} cores, load ${loadAverage()}`);
  const files = articles.map((a, i) => ({
    name: articleFileName(a, i),
    content: articleMarkdown(a),
  }));
  const server = await runServer(articles, files);
  const { questions, texts } = server;

  console.log('');
  console.log('R@k, MRR@10: a passage overlaps the gold paragraph (the target measure).');
  console.log(
    'aR@k: a passage holds a gold answer span whole (diagnostic; the same for paragraphs).',
  );
  console.log(header);
  console.log(row('baseline recorded in issue 5: FTS5 over gold paragraphs', RECORDED_BASELINE));

  // Same-run baselines: the gold paragraphs themselves as the passages.
  const paragraphs = articles.flatMap((a, i) =>
    locateParagraphs(texts[i], a.paragraphs).flatMap((s) =>
      s ? [{ doc: i, ...s, text: texts[i].slice(s.start, s.end) }] : [],
    ),
  );
  const baselineIndex = new PassageIndex(paragraphs);
  const baseline = replay(baselineIndex, questions, TERMS.folio);
  console.log(row("baseline, this run, Folio's FTS5 query terms", baseline, paragraphs.length));
  baselineIndex.close();
  const serverChunks = chunkingLabel(SERVER_CHUNKING);
  console.log(
    row(`Folio server /api/search (chunks ${serverChunks})`, server.ranks, server.passages),
  );

  // Folio's chunker replayed in-process over the same documents, asked as the server asks.
  const parsed = await Promise.all(
    files.map((f) => parseDocument(new TextEncoder().encode(f.content), f.name)),
  );
  const textMismatches = parsed.filter((p, i) => p.text !== texts[i]).length;
  const replays: Array<{ label: string; chunking: Chunking; terms: Terms }> = [
    {
      label: `replay ${serverChunks}, Folio's FTS5 query terms`,
      chunking: SERVER_CHUNKING,
      terms: TERMS.folio,
    },
    {
      label: `replay ${serverChunks}, NLTK stop stems (db/search)`,
      chunking: SERVER_CHUNKING,
      terms: TERMS.nltk,
    },
    ...chunkings.map((c) => ({
      label: `replay ${chunkingLabel(c)}, Folio's FTS5 query terms`,
      chunking: c,
      terms: TERMS.folio,
    })),
  ];
  let agreement = Number.NaN;
  const indexes = new Map<Chunking, PassageIndex>();
  for (const r of replays) {
    let index = indexes.get(r.chunking);
    if (!index) {
      index = new PassageIndex(
        parsed.flatMap((doc, i) =>
          chunkDocument(doc, r.chunking).map((c) => ({
            doc: i,
            start: c.charStart,
            end: c.charEnd,
            text: r.chunking.heading && c.heading ? `${c.heading}\n${c.text}` : c.text,
          })),
        ),
      );
      indexes.set(r.chunking, index);
    }
    const ranks = replay(index, questions, r.terms);
    if (r.chunking === SERVER_CHUNKING && r.terms === TERMS.nltk) {
      agreement =
        ranks.overlap.filter((x, i) => x === server.ranks.overlap[i]).length / questions.length;
    }
    console.log(row(r.label, ranks, index.size));
  }
  for (const index of indexes.values()) index.close();
  console.log(
    `(replays: Folio's chunker (lib/documents) at SIZE/OVERLAP chars over the same text, in-memory FTS5 asked as the server asks; the ${serverChunks} NLTK replay gives the server's rank for ${(agreement * 100).toFixed(1)}% of questions${textMismatches ? `; ${textMismatches} texts differ from the server's` : ''})`,
  );

  const engineRuns =
    backend === 'postgres'
      ? await compareEngines(
          parsed.flatMap((doc, i) =>
            chunkDocument(doc, SERVER_CHUNKING).map((c) => ({
              doc: i,
              start: c.charStart,
              end: c.charEnd,
              text: c.heading ? `${c.heading}\n${c.text}` : c.text,
            })),
          ),
          questions.map((q) => q.text),
          K,
        )
      : [];
  for (const run of engineRuns) {
    console.log(row(`${run.label}, the server's passages`, rank(run.results, questions)));
  }

  const { latencies } = server;
  console.log('');
  console.log(
    `search latency (client, one at a time, k=${K}, ${latencies.length} questions): p50 ${percentile(
      latencies,
      0.5,
    ).toFixed(
      1,
    )} ms, p95 ${percentile(latencies, 0.95).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
  );
  for (const run of engineRuns) {
    console.log(
      `search latency, ${run.label}, in process (k=${K}, ${run.latencies.length} questions): p50 ${percentile(run.latencies, 0.5).toFixed(1)} ms, p95 ${percentile(run.latencies, 0.95).toFixed(1)} ms, max ${Math.max(...run.latencies).toFixed(1)} ms`,
    );
  }
  const onPostgres = engineRuns.find((run) => run.label === 'Folio on Postgres');
  if (onPostgres) {
    const r5 = retrievalMetrics(rank(onPostgres.results, questions).overlap).r5;
    console.log(
      `target on Postgres (R@5 >= ${TARGET_POSTGRES_R5}): ${r5 >= TARGET_POSTGRES_R5 ? 'met' : 'MISSED'} — Folio on Postgres R@5 ${r5.toFixed(4)}`,
    );
  }
  const folio = retrievalMetrics(server.ranks.overlap);
  const same = retrievalMetrics(baseline.overlap);
  const kept = (['r1', 'r5', 'r10', 'mrr10'] as const).filter((m) => folio[m] >= same[m]).length;
  const met = folio.r5 >= TARGET_R5 && kept === 4;
  console.log(
    `target (R@5 >= ${TARGET_R5}, nothing lost against the baseline): ${met ? 'met' : 'MISSED'} — Folio R@5 ${folio.r5.toFixed(4)} (${Math.round(folio.r5 * questions.length)} of ${questions.length}), ${kept} of 4 figures at or above this run's baseline; load ${loadAverage()}`,
  );
}

await main();
