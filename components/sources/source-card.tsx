'use client';

import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { ExternalLink } from '@/components/ui/icons';
import type { SourceView } from '@/lib/chat/types';
import { pagesLabel } from '@/lib/rag/pages';
import { scoreLabel } from './score';

/** Passages longer than this start folded. */
const foldAt = 420;

/** One retrieved passage: where it is, how well it matched, its text, and a way to open it. */
export function SourceCard({
  source,
  selected,
  onView,
}: {
  source: SourceView;
  selected: boolean;
  onView: (source: SourceView) => void;
}) {
  const card = useRef<HTMLElement>(null);
  const [unfolded, setUnfolded] = useState(false);
  const long = source.text.length > foldAt;
  useEffect(() => {
    if (!selected) return;
    card.current?.scrollIntoView({ block: 'nearest' });
    card.current?.focus({ preventScroll: true });
  }, [selected]);
  const titleId = `source-${source.n}-title`;
  return (
    <article
      ref={card}
      tabIndex={-1}
      aria-labelledby={titleId}
      aria-current={selected ? 'true' : undefined}
      data-source={source.n}
      className={cn(
        'scroll-m-3 rounded-lg border p-3 text-sm outline-none',
        selected && 'border-accent-foreground ring-2 ring-accent',
      )}
    >
      <header className="flex items-baseline gap-2">
        <span className="inline-flex h-5 min-w-5 items-center justify-center rounded bg-accent px-1 font-mono text-xs text-accent-foreground">
          {source.n}
        </span>
        <h3
          id={titleId}
          className="min-w-0 flex-1 truncate font-medium"
          title={source.documentName}
        >
          {source.documentName}
        </h3>
      </header>
      <p className="mt-1 text-xs text-muted-foreground">
        {pagesLabel(source)} ·{' '}
        <span title="How well the passage matched the question; higher is better">
          score {scoreLabel(source.score)}
        </span>
      </p>
      <p
        className={cn(
          'mt-2 leading-relaxed whitespace-pre-wrap text-foreground/90',
          long && !unfolded && 'line-clamp-6',
        )}
      >
        {source.text}
      </p>
      <div className="mt-2 flex gap-1">
        <Button variant="outline" size="sm" onClick={() => onView(source)}>
          <ExternalLink aria-hidden className="size-3.5" /> Open at {pagesLabel(source)}
        </Button>
        {long && (
          <Button variant="ghost" size="sm" onClick={() => setUnfolded(!unfolded)}>
            {unfolded ? 'Show less' : 'Show all'}
          </Button>
        )}
      </div>
    </article>
  );
}
