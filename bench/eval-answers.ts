/**
 * npm run eval:answers — how often Folio's built-in answerer (no model server configured) says
 * the right thing, asked through the real server as a person asks: a new chat per question, the
 * answer streamed to its end, then read back as stored.
 *
 * - SQuAD v1.1 dev: the 48 articles uploaded as Markdown; a seeded sample of questions. Gold
 *   contained: the answer holds one of the annotators' answers (SQuAD's normalisation); mean
 *   words of the answer, citations left out; refused: the answer cites nothing.
 * - ClapNQ dev: a seeded sample of answerable and unanswerable questions, each question's passage
 *   uploaded (all of them in one library); the share of each kind the answerer refuses.
 * - Folio's own questions over the shared text PDFs (bench/data/pdf-questions.json, see its
 *   note): the right page among the sources, and the gold answer contained.
 *
 * SQuAD and ClapNQ report their held-out split (bench/answer-splits.md): the seeded samples this
 * eval has always asked, which the built-in answerer is never tuned on; --split=tuning asks the
 * questions it is tuned on instead, to print beside them. The PDF questions have no split.
 *
 * Each suite starts its own server with an empty library. Figures print beside the baselines:
 * those stated in issue 16 and those of the code issue 16 started from, measured with this
 * script. Choose suites with --suites=squad,clapnq,pdfs; --show prints each PDF answer.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startFolio } from '../tests/support/server';
import { clapnqSplit, type Split, splits, squadSplit } from './lib/answer-splits';
import {
  askInNewChat,
  containsGold,
  inPool,
  isRefusal,
  type StoredAnswer,
  withoutCitations,
  wordCount,
} from './lib/answers';
import { loadAverage } from './lib/server-run';
import { articleFileName, articleMarkdown } from './lib/squad-articles';
import { uploadAll } from './lib/upload';

const root = path.resolve(import.meta.dirname, '..');
const shared = path.resolve(root, '../shared/data');
/** Questions asked at once: the built-in model paces its tokens, so answers mostly wait. */
const WIDTH = 6;

/** The figures issue 16 states for the code it was filed against. */
const ISSUE_BASELINE = {
  squad: { gold: 0.75, words: 48.5, refused: 0.078 },
  clapnq: { unanswerableRefused: 0.353, answerableRefused: 0.093 },
};
/** This script's figures for the code issue 16 started from (commit f9bfd13). */
const START_BASELINE = {
  squad: { gold: 0.74, words: 46.8, refused: 0.065 },
  clapnq: { unanswerableRefused: 0.293, answerableRefused: 0.127 },
  pdfs: { page: 0.979, gold: 0.702 },
};
const TARGETS = {
  squad: { gold: 0.85, words: 45, refused: 0.02 },
  clapnq: { unanswerableRefused: 0.6, answerableRefused: 0.05 },
  pdfs: { gold: 0.7 },
};

const suites = (
  process.argv.find((a) => a.startsWith('--suites='))?.slice(9) ?? 'squad,clapnq,pdfs'
).split(',');
const show = process.argv.includes('--show');
const split = (process.argv.find((a) => a.startsWith('--split='))?.slice(8) ?? 'held-out') as Split;
if (!splits.includes(split)) throw new Error(`--split: one of ${splits.join(', ')}`);

const share = (n: number, of: number) => (of === 0 ? Number.NaN : n / of);
const fixed = (v: number, digits = 3) => (Number.isNaN(v) ? '—' : v.toFixed(digits));
const percent = (v: number) => (Number.isNaN(v) ? '—' : `${(v * 100).toFixed(1)}%`);

function table(rows: Array<[string, string, string, string, string]>) {
  const head: [string, string, string, string, string] = [
    '',
    'now',
    'start of #16',
    'issue #16 says',
    'target',
  ];
  for (const row of [head, ...rows]) {
    console.log(
      `  ${row[0].padEnd(34)}${row[1].padStart(9)}${row[2].padStart(15)}${row[3].padStart(16)}${row[4].padStart(10)}`,
    );
  }
}

async function withServer<T>(run: (url: string) => Promise<T>): Promise<T> {
  const folio = await startFolio({ env: { FOLIO_RATE_LIMIT_PER_MINUTE: '1000000' } });
  try {
    return await run(folio.url);
  } finally {
    await folio.stop();
  }
}

async function squad() {
  const squad = squadSplit(split);
  if (!squad) return console.log('squad: ../shared/data/squad-v1.1-dev is not there; skipped');
  const { articles, questions: sample } = squad;
  const answers = await withServer(async (url) => {
    await uploadAll(
      url,
      articles.map((a, i) => ({
        name: articleFileName(a, i),
        content: articleMarkdown(a),
        type: 'text/markdown',
      })),
    );
    return inPool(sample, WIDTH, (q) => askInNewChat(url, q.question));
  });
  const gold = share(
    answers.filter((a, i) => containsGold(a.content, sample[i].golds)).length,
    sample.length,
  );
  const words = answers.reduce((sum, a) => sum + wordCount(a.content), 0) / answers.length;
  const refused = share(answers.filter(isRefusal).length, answers.length);
  console.log(
    `\nSQuAD v1.1 dev, ${split} split: ${sample.length} questions, 48 articles as Markdown`,
  );
  table([
    [
      'gold answer contained',
      fixed(gold),
      fixed(START_BASELINE.squad.gold),
      fixed(ISSUE_BASELINE.squad.gold),
      `>= ${TARGETS.squad.gold}`,
    ],
    [
      'mean words',
      fixed(words, 1),
      fixed(START_BASELINE.squad.words, 1),
      fixed(ISSUE_BASELINE.squad.words, 1),
      `<= ${TARGETS.squad.words}`,
    ],
    [
      'refused',
      percent(refused),
      percent(START_BASELINE.squad.refused),
      percent(ISSUE_BASELINE.squad.refused),
      `<= ${percent(TARGETS.squad.refused)}`,
    ],
  ]);
}

async function clapnq() {
  const clap = clapnqSplit(split);
  if (!clap) return console.log('clapnq: ../shared/data/clapnq-dev is not there; skipped');
  const { answerable, unanswerable } = clap;
  const records = [...answerable, ...unanswerable];
  const answers = await withServer(async (url) => {
    await uploadAll(
      url,
      records.map((r) => ({
        name: `clapnq-${r.id}.md`,
        content: `# ${r.passages[0].title}\n\n${r.passages[0].text}\n`,
        type: 'text/markdown',
      })),
    );
    return inPool(records, WIDTH, (r) => askInNewChat(url, r.input));
  });
  const refusedOf = (from: number, to: number) =>
    share(answers.slice(from, to).filter(isRefusal).length, to - from);
  const unanswerableRefused = refusedOf(answerable.length, records.length);
  const answerableRefused = refusedOf(0, answerable.length);
  console.log(
    `\nClapNQ dev, ${split} split: ${answerable.length} answerable and ${unanswerable.length} unanswerable questions, their passages in one library`,
  );
  table([
    [
      'unanswerable refused',
      fixed(unanswerableRefused),
      fixed(START_BASELINE.clapnq.unanswerableRefused),
      fixed(ISSUE_BASELINE.clapnq.unanswerableRefused),
      `>= ${TARGETS.clapnq.unanswerableRefused}`,
    ],
    [
      'answerable refused',
      fixed(answerableRefused),
      fixed(START_BASELINE.clapnq.answerableRefused),
      fixed(ISSUE_BASELINE.clapnq.answerableRefused),
      `<= ${TARGETS.clapnq.answerableRefused}`,
    ],
  ]);
}

interface PdfQuestion {
  id: string;
  document: string;
  pages: number[];
  question: string;
  answers: string[];
}

async function pdfs() {
  const questions = JSON.parse(
    readFileSync(path.join(root, 'bench/data/pdf-questions.json'), 'utf8'),
  ) as PdfQuestion[];
  const files = [...new Set(questions.map((q) => q.document))];
  const missing = files.filter((f) => !existsSync(path.join(shared, 'pdfs', f)));
  if (missing.length > 0) return console.log(`pdfs: ${missing.join(', ')} not there; skipped`);
  const answers = await withServer(async (url) => {
    await uploadAll(
      url,
      files.map((name) => ({
        name,
        content: new Uint8Array(readFileSync(path.join(shared, 'pdfs', name))),
        type: 'application/pdf',
      })),
    );
    return inPool(questions, WIDTH, (q) => askInNewChat(url, q.question));
  });
  const onPage = (q: PdfQuestion, a: StoredAnswer) =>
    a.sources.some(
      (s) =>
        s.documentName === q.document && q.pages.some((p) => p >= s.pageStart && p <= s.pageEnd),
    );
  const page = share(questions.filter((q, i) => onPage(q, answers[i])).length, questions.length);
  const gold = share(
    questions.filter((q, i) => containsGold(answers[i].content, q.answers)).length,
    questions.length,
  );
  if (show) {
    for (const [i, q] of questions.entries()) {
      const a = answers[i];
      const mark = containsGold(a.content, q.answers) ? 'ok ' : 'NO ';
      console.log(
        `\n${mark}${q.id}: ${q.question}\n    ${withoutCitations(a.content).replace(/\s+/g, ' ').slice(0, 400)}`,
      );
    }
  }
  console.log(
    `\nFolio's questions over the shared text PDFs: ${questions.length} questions over ${files.length} PDFs (bench/data/pdf-questions.md)`,
  );
  table([
    ['right page among the sources', fixed(page), fixed(START_BASELINE.pdfs.page), '', ''],
    [
      'gold answer contained',
      fixed(gold),
      fixed(START_BASELINE.pdfs.gold),
      '',
      `>= ${TARGETS.pdfs.gold}`,
    ],
  ]);
}

console.log(
  `eval:answers — the built-in answerer through the real server; load average ${loadAverage()}`,
);
if (suites.includes('squad')) await squad();
if (suites.includes('clapnq')) await clapnq();
if (suites.includes('pdfs')) await pdfs();
