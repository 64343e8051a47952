import type { Source } from '@/db/types';
import { sharedSourceId } from './shared-source-id';

/** An answer's cited sources on a shared chat: each opens to the passage it quotes. */
export function SharedSources({ messageId, sources }: { messageId: string; sources: Source[] }) {
  const cited = sources.filter((source) => source.cited);
  if (cited.length === 0) return null;
  return (
    <ol aria-label="Sources" className="space-y-1.5 text-sm">
      {cited.map((source) => (
        <li key={source.n}>
          <details
            id={sharedSourceId(messageId, source.n)}
            className="group rounded-lg border px-3 py-2 open:bg-muted/40"
          >
            <summary className="cursor-pointer list-none">
              <span className="mr-2 inline-flex size-5 items-center justify-center rounded bg-muted text-xs font-medium">
                {source.n}
              </span>
              <span className="font-medium">{source.documentName}</span>
              <span className="text-muted-foreground">
                {' '}
                · p. {source.pageStart}
                {source.pageEnd !== source.pageStart && `–${source.pageEnd}`}
              </span>
            </summary>
            <blockquote className="mt-2 border-l-2 pl-3 whitespace-pre-wrap text-muted-foreground">
              {source.text}
            </blockquote>
          </details>
        </li>
      ))}
    </ol>
  );
}
