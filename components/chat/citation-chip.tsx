'use client';

import { createContext, useContext } from 'react';
import { Tooltip } from '@/components/ui/tooltip';
import type { SourceView } from '@/lib/chat/types';
import { pagesLabel } from '@/lib/rag/pages';

interface Citations {
  sources: SourceView[];
  open: (n: number) => void;
}

/** The sources of the answer being rendered, for the chips inside its Markdown. */
export const CitationsContext = createContext<Citations>({ sources: [], open: () => {} });

const previewLength = 180;

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > previewLength ? `${flat.slice(0, previewLength).trimEnd()}…` : flat;
}

/** [n] as a small chip: hover or focus shows where it comes from, a click opens the passage. */
export function CitationChip({ n }: { n: number }) {
  const { sources, open } = useContext(CitationsContext);
  const source = sources.find((s) => s.n === n);
  if (!source) return <>[{n}]</>;
  return (
    <Tooltip
      side="top"
      className="w-72"
      content={
        <>
          <p className="font-medium">{source.documentName}</p>
          <p className="text-muted-foreground">{pagesLabel(source)}</p>
          <p className="mt-1 leading-snug">{preview(source.text)}</p>
        </>
      }
      trigger={
        <button
          type="button"
          data-citation={n}
          aria-label={`Source ${n}: ${source.documentName}, ${pagesLabel(source)}`}
          onClick={() => open(n)}
          className="mx-0.5 inline-flex h-[1.15rem] min-w-[1.15rem] cursor-pointer items-center justify-center rounded bg-accent px-1 align-[0.1em] font-mono text-[0.7rem] leading-none text-accent-foreground hover:brightness-95 focus-visible:outline-2 focus-visible:outline-ring"
        >
          {n}
        </button>
      }
    />
  );
}
