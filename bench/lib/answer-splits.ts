/**
 * The questions eval:answers reports, and the disjoint ones the built-in answerer is tuned on
 * (bench/answer-splits.md says why and how). Held-out is what the eval always asked: SQuAD's
 * seeded 400 and ClapNQ's seeded 150 + 150. Tuning is drawn from what is left, never from those.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pick, seededRandom } from './random';
import { loadSquadArticles, type SquadArticle } from './squad-articles';

export type Split = 'held-out' | 'tuning';
export const splits: readonly Split[] = ['held-out', 'tuning'];

const shared = path.resolve(import.meta.dirname, '../../../shared/data');
/** The held-out samples' seed: that of the figures issue 16 and its baselines report. */
const HELD_OUT_SEED = 16;
const TUNING_SEED = 1616;
const SQUAD_HELD_OUT = 400;
const SQUAD_TUNING = 2000;
const CLAPNQ_HELD_OUT_EACH = 150;

export interface SquadQuestion {
  id: string;
  question: string;
  golds: string[];
}

/** SQuAD v1.1 dev's articles and one split of its questions, or undefined without the data. */
export function squadSplit(
  split: Split,
): { articles: SquadArticle[]; questions: SquadQuestion[] } | undefined {
  const articles = loadSquadArticles();
  if (!articles) return undefined;
  const all = articles.flatMap((article) =>
    article.questions.map((q) => ({
      id: q.id,
      question: q.question,
      golds: q.answers.map((a) => article.paragraphs[q.paragraph].slice(a.start, a.end)),
    })),
  );
  const shuffled = pick(all, all.length, seededRandom(HELD_OUT_SEED));
  const heldOut = shuffled.slice(0, SQUAD_HELD_OUT);
  if (split === 'held-out') return { articles, questions: heldOut };
  const rest = shuffled.slice(SQUAD_HELD_OUT);
  return { articles, questions: pick(rest, SQUAD_TUNING, seededRandom(TUNING_SEED)) };
}

export interface ClapRecord {
  id: string;
  input: string;
  passages: Array<{ title: string; text: string }>;
}

function readClap(file: string): ClapRecord[] {
  return readFileSync(path.join(shared, 'clapnq-dev', file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ClapRecord);
}

/**
 * One half of ClapNQ dev's answerable and one of its unanswerable questions (300 each), or
 * undefined without the data. Each half's passages make a library of their own, as large as
 * the other's.
 */
export function clapnqSplit(
  split: Split,
): { answerable: ClapRecord[]; unanswerable: ClapRecord[] } | undefined {
  if (!existsSync(path.join(shared, 'clapnq-dev'))) return undefined;
  // One generator for both draws, in this order: the samples the eval has always reported.
  const random = seededRandom(HELD_OUT_SEED);
  const halves = (records: ClapRecord[]) => {
    const shuffled = pick(records, records.length, random);
    const heldOut = shuffled.slice(0, CLAPNQ_HELD_OUT_EACH);
    return split === 'held-out' ? heldOut : shuffled.slice(CLAPNQ_HELD_OUT_EACH);
  };
  const answerable = halves(readClap('annotated_data_dev_clapnq_dev_answerable.jsonl'));
  const unanswerable = halves(readClap('annotated_data_dev_clapnq_dev_unanswerable.jsonl'));
  return { answerable, unanswerable };
}
