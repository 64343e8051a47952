import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * SQuAD v1.1 dev as articles, read in place from ../shared/data relative to the repo root
 * (never copied into the repo), and turned into the Markdown documents a person would upload.
 */
export const SQUAD_DEV_FILE = path.resolve(
  import.meta.dirname,
  '../../../shared/data/squad-v1.1-dev/dev-v1.1.json',
);

const SquadDev = z.object({
  data: z.array(
    z.object({
      title: z.string(),
      paragraphs: z.array(
        z.object({
          context: z.string(),
          qas: z.array(
            z.object({
              id: z.string(),
              question: z.string(),
              answers: z.array(z.object({ answer_start: z.number(), text: z.string() })),
            }),
          ),
        }),
      ),
    }),
  ),
});

export interface SquadArticle {
  title: string;
  /** Paragraph texts as they appear in the Markdown document. */
  paragraphs: string[];
  questions: Array<{
    id: string;
    question: string;
    paragraph: number;
    /** The annotators' answers as [start, end) offsets into the paragraph text. */
    answers: Array<{ start: number; end: number }>;
  }>;
}

/** The dev articles, or undefined when the shared data folder is absent. */
export function loadSquadArticles(file = SQUAD_DEV_FILE): SquadArticle[] | undefined {
  if (!existsSync(file)) return undefined;
  const dev = SquadDev.parse(JSON.parse(readFileSync(file, 'utf8')));
  return dev.data.map((article) => ({
    title: article.title.replaceAll('_', ' '),
    paragraphs: article.paragraphs.map((p) => p.context.trim()),
    questions: article.paragraphs.flatMap((p, paragraph) => {
      const trimmed = p.context.length - p.context.trimStart().length;
      return p.qas.map((qa) => ({
        id: qa.id,
        question: qa.question,
        paragraph,
        answers: qa.answers.map((a) => ({
          start: a.answer_start - trimmed,
          end: a.answer_start - trimmed + a.text.length,
        })),
      }));
    }),
  }));
}

/** Title as a `# heading`, then the paragraphs, separated by blank lines. */
export function articleMarkdown(article: SquadArticle): string {
  return `# ${article.title}\n\n${article.paragraphs.join('\n\n')}\n`;
}

/** A file name for the article's Markdown document. */
export function articleFileName(article: SquadArticle, index: number): string {
  const slug = article.title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');
  return `${String(index + 1).padStart(2, '0')}-${slug}.md`;
}

/**
 * Where each paragraph lies in `text` (the document's extracted text), found in order so a
 * repeated paragraph maps to its own place. A paragraph that cannot be found is undefined.
 */
export function locateParagraphs(
  text: string,
  paragraphs: string[],
): Array<{ start: number; end: number } | undefined> {
  let cursor = 0;
  return paragraphs.map((paragraph) => {
    const at = text.indexOf(paragraph, cursor);
    if (at < 0) return undefined;
    cursor = at + paragraph.length;
    return { start: at, end: at + paragraph.length };
  });
}
