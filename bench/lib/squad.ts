import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** SQuAD v1.1 dev, read in place from the shared data folder (never copied into the repo). */
export const SQUAD_DEV_PATH = fileURLToPath(
  new URL('../../../shared/data/squad-v1.1-dev/dev-v1.1.json', import.meta.url),
);

const SquadDev = z.object({
  data: z.array(
    z.object({
      paragraphs: z.array(
        z.object({ context: z.string(), qas: z.array(z.object({ question: z.string() })) }),
      ),
    }),
  ),
});

export type Squad = { sentences: string[]; questions: string[] };

/** Splits at a sentence end followed by what looks like the start of the next sentence. */
function sentencesOf(paragraph: string): string[] {
  return paragraph
    .split(/(?<=[.!?]["”')]?)\s+(?=["“(]?[A-Z0-9])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function loadSquad(): Squad {
  const dev = SquadDev.parse(JSON.parse(readFileSync(SQUAD_DEV_PATH, 'utf8')));
  const paragraphs = dev.data.flatMap((article) => article.paragraphs);
  return {
    sentences: paragraphs.flatMap((p) => sentencesOf(p.context)),
    questions: paragraphs.flatMap((p) => p.qas.map((qa) => qa.question)),
  };
}
