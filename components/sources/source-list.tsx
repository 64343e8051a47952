import type { SourceView } from '@/lib/chat/types';

const pages = (s: SourceView) =>
  s.pageStart === s.pageEnd ? `p. ${s.pageStart}` : `pp. ${s.pageStart}–${s.pageEnd}`;

/** The passages behind an answer: the cited ones first, then the others that were retrieved. */
export function SourceList({ sources }: { sources: SourceView[] }) {
  if (sources.length === 0) return null;
  const ordered = [...sources.filter((s) => s.cited), ...sources.filter((s) => !s.cited)];
  return (
    <section aria-label="Sources" className="mt-3">
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Sources</h3>
      <ol className="space-y-1">
        {ordered.map((s) => (
          <li key={s.n} id={`source-${s.n}`} data-cited={s.cited}>
            <details className="rounded-md border border-zinc-200 px-3 py-1.5 text-sm dark:border-zinc-800">
              <summary className="cursor-pointer">
                <span className="font-mono text-xs text-zinc-500">[{s.n}]</span>{' '}
                <span className="font-medium">{s.documentName}</span>{' '}
                <span className="text-zinc-500">· {pages(s)}</span>
                {!s.cited && <span className="text-zinc-400"> · also retrieved</span>}
              </summary>
              <p className="mt-1 whitespace-pre-wrap text-zinc-600 dark:text-zinc-400">{s.text}</p>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
