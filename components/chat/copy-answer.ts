import type { SourceView } from '@/lib/chat/types';
import { pagesLabel } from '@/lib/rag/pages';

/**
 * An answer as Markdown to paste elsewhere: its text, then the sources it cites, numbered as
 * its citations are ("- [1] handbook.pdf, p. 3").
 */
export function answerWithSources(text: string, sources: readonly SourceView[]): string {
  const cited = sources.filter((s) => s.cited).sort((a, b) => a.n - b.n);
  if (cited.length === 0) return text;
  const list = cited.map((s) => `- [${s.n}] ${s.documentName}, ${pagesLabel(s)}`).join('\n');
  return `${text}\n\n**Sources**\n\n${list}\n`;
}
