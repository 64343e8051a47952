/**
 * npx tsx bench/fit-answerer.ts — fits the built-in answerer's evidence weights
 * (lib/rag/builtin/answer.ts) on the tuning split of SQuAD (bench/answer-splits.md), never on
 * the questions eval:answers reports: a listwise logistic regression over each question's
 * quotable sentences, which raises the chance given to those that hold a gold answer. Prints the
 * weights, and how often the best sentence (and the best two) hold a gold answer on each half of
 * the tuning split when fitted on the other, beside the weights in the code.
 *
 * Reads the passages tune-answers keeps in bench/.tmp: run `npm run tune:answers` first.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evidenceWeights, quotableEvidence } from '@/lib/rag/builtin/answer';
import type { Evidence } from '@/lib/rag/builtin/evidence';
import { readQuestion } from '@/lib/rag/builtin/evidence';
import { toPromptPassages } from '@/lib/rag/program';
import type { Passage } from '@/lib/rag/retriever';
import { squadSplit } from './lib/answer-splits';
import { containsGold } from './lib/answers';

const cacheFile = path.resolve(import.meta.dirname, '.tmp/answer-passages.json');
const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<
  string,
  Record<string, Passage[]>
>;
const names = Object.keys(evidenceWeights) as Array<keyof Evidence>;

interface Example {
  x: number[][];
  gold: boolean[];
}

const examples: Example[] = squadSplit('tuning')!
  .questions.map((q) => {
    const units = quotableEvidence(
      readQuestion(q.question, []),
      toPromptPassages(cache.squad[q.question]),
    );
    return {
      x: units.map((u) => names.map((n) => u.evidence[n])),
      gold: units.map((u) => containsGold(u.unit.text, q.golds)),
    };
  })
  // A question none of whose sentences holds a gold answer teaches nothing about ranking.
  .filter((e) => e.gold.some(Boolean));

const dot = (w: number[], x: number[]) => x.reduce((sum, v, j) => sum + v * w[j], 0);

/** Adam on the mean negative log of the softmax chance given to the gold sentences. */
function fitWeights(train: Example[], steps = 400): number[] {
  const w = names.map(() => 0);
  const m = names.map(() => 0);
  const v = names.map(() => 0);
  for (let step = 1; step <= steps; step++) {
    const grad = names.map(() => 0);
    for (const e of train) {
      const scores = e.x.map((x) => dot(w, x));
      const top = Math.max(...scores);
      const odds = scores.map((s) => Math.exp(s - top));
      const all = odds.reduce((a, b) => a + b, 0);
      const gold = odds.reduce((a, b, i) => a + (e.gold[i] ? b : 0), 0);
      for (const [i, x] of e.x.entries()) {
        const pull = odds[i] / all - (e.gold[i] ? odds[i] / gold : 0);
        for (const j of x.keys()) grad[j] += (pull * x[j]) / train.length;
      }
    }
    for (const j of w.keys()) {
      m[j] = 0.9 * m[j] + 0.1 * grad[j];
      v[j] = 0.999 * v[j] + 0.001 * grad[j] ** 2;
      w[j] -= (0.1 * (m[j] / (1 - 0.9 ** step))) / (Math.sqrt(v[j] / (1 - 0.999 ** step)) + 1e-8);
    }
  }
  return w;
}

function hits(test: Example[], w: number[]): string {
  let first = 0;
  let two = 0;
  for (const e of test) {
    const order = e.x.map((x, i) => ({ s: dot(w, x), gold: e.gold[i] })).sort((a, b) => b.s - a.s);
    if (order[0]?.gold) first++;
    if (order[0]?.gold || order[1]?.gold) two++;
  }
  return `best ${(first / test.length).toFixed(3)}, best two ${(two / test.length).toFixed(3)}`;
}

const halves = [examples.filter((_, i) => i % 2 === 0), examples.filter((_, i) => i % 2 === 1)];
const inCode = names.map((n) => evidenceWeights[n]);
console.log(`${examples.length} tuning questions with a gold answer in a sentence`);
for (const [h, half] of halves.entries()) {
  const w = fitWeights(halves[1 - h]);
  console.log(
    `half ${h + 1}, fitted on the other: ${hits(half, w)}; weights in the code: ${hits(half, inCode)}`,
  );
}
const w = fitWeights(examples);
console.log('fitted on all of the tuning split:');
for (const [j, n] of names.entries()) console.log(`  ${n}: ${w[j].toFixed(2)}`);
