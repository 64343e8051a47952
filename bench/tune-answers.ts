/**
 * npm run tune:answers — the built-in answerer in this process, over the passages the real
 * server's search returns, for quick turns while tuning it: figures of the tuning split (and,
 * with --held-out, of the held-out split beside them), in seconds instead of the minutes
 * eval:answers takes through the server.
 *
 * The passages come from a started server with the same libraries eval:answers uploads, asked
 * through GET /api/search with the program's k, and are kept in bench/.tmp (--fresh asks again,
 * as after a change to search or chunking). The answers are composed as the built-in model
 * composes them for the first question of a chat; eval:answers remains the measure.
 *
 * --show=squad|clapnq|pdfs prints the tuning split's answers of that suite that miss (a wrong
 * answer, an answerable question refused, an unanswerable one answered); never the held-out's.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeAnswer, noAnswer, noMatch } from '@/lib/rag/builtin/answer';
import { passagesPerAnswer, toPromptPassages } from '@/lib/rag/program';
import type { Passage } from '@/lib/rag/retriever';
import { startFolio } from '../tests/support/server';
import { clapnqSplit, type Split, splits, squadSplit } from './lib/answer-splits';
import { containsGold, inPool, withoutCitations, wordCount } from './lib/answers';
import { json } from './lib/server-run';
import { articleFileName, articleMarkdown } from './lib/squad-articles';
import { type UploadFile, uploadAll } from './lib/upload';

const root = path.resolve(import.meta.dirname, '..');
const cacheFile = path.join(root, 'bench/.tmp/answer-passages.json');
const pdfFolder = path.resolve(root, '../shared/data/pdfs');
const fresh = process.argv.includes('--fresh');
const showHeldOut = process.argv.includes('--held-out');
const show = process.argv.find((a) => a.startsWith('--show='))?.slice(7);

interface Case {
  question: string;
  /** Gold answers; none for a question its passages do not answer. */
  golds: string[];
  answerable: boolean;
}

/** A split's questions, or all of a set that has no split (the PDF questions, a check). */
type Part = Split | 'all';

interface Library {
  name: string;
  files: () => UploadFile[];
  parts: Partial<Record<Part, Case[]>>;
}

function libraries(): Library[] {
  const found: Library[] = [];
  const squad = { 'held-out': squadSplit('held-out'), tuning: squadSplit('tuning') };
  if (squad['held-out'] && squad.tuning) {
    const { articles } = squad.tuning;
    found.push({
      name: 'squad',
      files: () =>
        articles.map((a, i) => ({ name: articleFileName(a, i), content: articleMarkdown(a) })),
      parts: Object.fromEntries(
        splits.map((split) => [
          split,
          squad[split]!.questions.map((q) => ({
            question: q.question,
            golds: q.golds,
            answerable: true,
          })),
        ]),
      ),
    });
  }
  for (const split of splits) {
    const clap = clapnqSplit(split);
    if (!clap) continue;
    const records = [...clap.answerable, ...clap.unanswerable];
    found.push({
      name: `clapnq-${split}`,
      files: () =>
        records.map((r) => ({
          name: `clapnq-${r.id}.md`,
          content: `# ${r.passages[0].title}\n\n${r.passages[0].text}\n`,
        })),
      parts: {
        [split]: records.map((r, i) => ({
          question: r.input,
          golds: [],
          answerable: i < clap.answerable.length,
        })),
      },
    });
  }
  const questions = pdfQuestions();
  if (questions) {
    const documents = [...new Set(questions.map((q) => q.document))];
    found.push({
      name: 'pdfs',
      files: () =>
        documents.map((name) => ({
          name,
          content: new Uint8Array(readFileSync(path.join(pdfFolder, name))),
          type: 'application/pdf',
        })),
      parts: {
        all: questions.map((q) => ({ question: q.question, golds: q.answers, answerable: true })),
      },
    });
  }
  return found;
}

interface PdfQuestion {
  document: string;
  question: string;
  answers: string[];
}

function pdfQuestions(): PdfQuestion[] | undefined {
  const questions = JSON.parse(
    readFileSync(path.join(root, 'bench/data/pdf-questions.json'), 'utf8'),
  ) as PdfQuestion[];
  const present = questions.every((q) => existsSync(path.join(pdfFolder, q.document)));
  return present ? questions : undefined;
}

type PassageCache = Record<string, Record<string, Passage[]>>;

async function searchAll(
  library: Library,
  questions: string[],
): Promise<Record<string, Passage[]>> {
  const folio = await startFolio({ env: { FOLIO_RATE_LIMIT_PER_MINUTE: '1000000' } });
  try {
    await uploadAll(folio.url, library.files());
    const found = await inPool(questions, 4, async (q) => {
      const params = new URLSearchParams({ q, k: String(passagesPerAnswer) });
      return (await json<{ passages: Passage[] }>(await fetch(`${folio.url}/api/search?${params}`)))
        .passages;
    });
    return Object.fromEntries(questions.map((q, i) => [q, found[i]]));
  } finally {
    await folio.stop();
  }
}

async function passagesOf(all: Library[]): Promise<PassageCache> {
  const cache: PassageCache =
    !fresh && existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : {};
  for (const library of all) {
    const questions = [
      ...new Set(Object.values(library.parts).flatMap((cases) => cases.map((c) => c.question))),
    ];
    const have = cache[library.name] ?? {};
    if (questions.every((q) => q in have)) continue;
    console.log(`searching ${questions.length} questions of ${library.name} through a server…`);
    cache[library.name] = await searchAll(library, questions);
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(cache));
  }
  return cache;
}

const isRefusal = (answer: string) => answer === noAnswer || answer === noMatch;

interface Figures {
  questions: number;
  gold: number;
  words: number;
  answerableRefused: number;
  unanswerableRefused: number;
}

function measure(
  name: string,
  part: Part,
  cases: Case[],
  passages: Record<string, Passage[]>,
): Figures {
  let gold = 0;
  let words = 0;
  let answerable = 0;
  let answerableRefused = 0;
  let unanswerableRefused = 0;
  for (const c of cases) {
    const prompt = toPromptPassages(passages[c.question] ?? []);
    const { answer } = composeAnswer(c.question, [], prompt);
    const refused = isRefusal(answer);
    const right = c.golds.length > 0 && containsGold(answer, c.golds);
    if (c.answerable) {
      answerable++;
      if (refused) answerableRefused++;
      if (right) gold++;
      words += wordCount(answer);
    } else if (refused) unanswerableRefused++;
    const miss = c.answerable ? refused || (c.golds.length > 0 && !right) : !refused;
    if (miss && part !== 'held-out' && show !== undefined && name.startsWith(show)) {
      console.log(
        `\n${c.answerable ? (refused ? 'REFUSED' : 'WRONG') : 'ANSWERED'}: ${c.question}\n  gold: ${c.golds.slice(0, 3).join(' | ')}\n  said: ${withoutCitations(answer).replace(/\s+/g, ' ')}`,
      );
    }
  }
  const unanswerable = cases.length - answerable;
  return {
    questions: cases.length,
    gold: gold / answerable,
    words: words / answerable,
    answerableRefused: answerableRefused / answerable,
    unanswerableRefused: unanswerable === 0 ? Number.NaN : unanswerableRefused / unanswerable,
  };
}

const all = libraries();
const cache = await passagesOf(all);
const shown: Part[] = showHeldOut ? ['tuning', 'held-out', 'all'] : ['tuning', 'all'];
const rows: string[] = [];
for (const library of all) {
  for (const part of shown) {
    const cases = library.parts[part];
    if (!cases) continue;
    const f = measure(library.name, part, cases, cache[library.name]);
    const label = `${library.name.replace(/-(held-out|tuning)$/, '')} ${part}`;
    rows.push(
      `  ${label.padEnd(20)}${String(f.questions).padStart(6)}  gold ${f.gold.toFixed(3)}  words ${f.words.toFixed(1)}  answerable refused ${f.answerableRefused.toFixed(3)}${Number.isNaN(f.unanswerableRefused) ? '' : `  unanswerable refused ${f.unanswerableRefused.toFixed(3)}`}`,
    );
  }
}
console.log(`\n${rows.join('\n')}`);
