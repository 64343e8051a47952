'use client';

import { lazy, type ReactNode, Suspense, useCallback, useMemo } from 'react';
import { Button } from '@/components/ui/button';
import { AlertCircle, BookOpen, CircleStop } from '@/components/ui/icons';
import type { ChatUIMessage, SourceView } from '@/lib/chat/types';
import { CitationChip, CitationsContext } from './citation-chip';
import { MessageActions } from './message-actions';

const AnswerMarkdown = lazy(() => import('./answer-markdown'));

/** Loads the Markdown renderer ahead of the first streamed answer. */
export const preloadAnswerMarkdown = () => import('./answer-markdown');

export function textOf(message: ChatUIMessage): string {
  return message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

export function sourcesOf(message: ChatUIMessage): SourceView[] {
  const part = message.parts.findLast((p) => p.type === 'data-sources');
  return part?.type === 'data-sources' ? part.data : [];
}

export function UserMessage({ message }: { message: ChatUIMessage }) {
  return (
    <div className="flex justify-end" data-role="user">
      <div className="max-w-[85%] rounded-2xl bg-muted px-4 py-2 whitespace-pre-wrap">
        {textOf(message)}
      </div>
    </div>
  );
}

/**
 * The answer before its Markdown renderer has loaded (just after a reload): the text as it is,
 * but each citation already a chip, never raw "[2]".
 */
function PlainAnswer({ text, sourceCount }: { text: string; sourceCount: number }) {
  const pieces = text.split(/(\[\d+(?:\s*,\s*\d+)*\])/g);
  return (
    <div className="markdown whitespace-pre-wrap" data-answer-text>
      {pieces.map((piece, i) => {
        const numbers = /^\[([\d,\s]+)\]$/.exec(piece)?.[1].split(',').map(Number);
        const key = `${i}:${piece}`;
        if (!numbers?.every((n) => n >= 1 && n <= sourceCount))
          return <span key={key}>{piece}</span>;
        return (
          <span key={key}>
            {numbers.map((n) => (
              <CitationChip key={n} n={n} />
            ))}
          </span>
        );
      })}
    </div>
  );
}

const endings = {
  stopped: 'Stopped. The answer above is as far as it got.',
  interrupted: 'The server stopped before this answer was complete.',
} as const;

/**
 * One answer. While it is on its way, the status line sits where its actions will be, so the
 * end of the answer does not make the page jump.
 */
export function AssistantMessage({
  message,
  streaming,
  statusLine,
  failure,
  prerendered,
  onOpenSources,
  onRegenerate,
}: {
  message: ChatUIMessage;
  streaming: boolean;
  statusLine?: string;
  /** Why the answer failed, when it did in this session. */
  failure?: string;
  /** The finished answer's Markdown, already rendered on the server. */
  prerendered?: ReactNode;
  onOpenSources: (messageId: string, n?: number) => void;
  onRegenerate: (messageId: string) => void;
}) {
  const text = textOf(message);
  const latestSources = sourcesOf(message);
  // Every streamed update clones the message; keep the same sources object while nothing in
  // them changed, so the citation chips of finished blocks do not render again.
  const sourcesKey = latestSources.map((s) => `${s.n}${s.cited ? '*' : ''}`).join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: sourcesKey is what identifies them
  const sources = useMemo(() => latestSources, [sourcesKey]);
  const open = useCallback(
    (n?: number) => onOpenSources(message.id, n),
    [onOpenSources, message.id],
  );
  const status = streaming ? 'streaming' : (message.metadata?.status ?? 'complete');
  const error = failure ?? (status === 'error' ? (message.metadata?.error ?? '') : undefined);
  const citations = useMemo(() => ({ sources, open }), [sources, open]);
  const cited = sources.filter((s) => s.cited).length;

  return (
    <article
      aria-label="Answer"
      data-role="assistant"
      data-status={error !== undefined ? 'error' : status}
      className="min-h-16"
    >
      <CitationsContext.Provider value={citations}>
        {prerendered && !streaming
          ? prerendered
          : text && (
              // Until the renderer has loaded, the text shows as it is.
              <Suspense fallback={<PlainAnswer text={text} sourceCount={sources.length} />}>
                <AnswerMarkdown text={text} sourceCount={sources.length} />
              </Suspense>
            )}
      </CitationsContext.Provider>
      {(status === 'stopped' || status === 'interrupted') && (
        <p className="mt-3 flex items-center gap-1.5 text-sm text-warning">
          <CircleStop className="size-4" aria-hidden /> {endings[status]}
        </p>
      )}
      {error !== undefined && (
        <p role="alert" className="mt-3 flex items-start gap-1.5 text-sm text-destructive">
          <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden />
          <span>{error || 'The answer failed.'}</span>
        </p>
      )}
      <div className="mt-2 flex min-h-8 flex-wrap items-center gap-2">
        {streaming ? (
          <p role="status" className="flex h-8 items-center gap-2 text-sm text-muted-foreground">
            <span className="size-2 animate-pulse rounded-full bg-current" aria-hidden />
            {statusLine ?? 'Working…'}
          </p>
        ) : (
          <MessageActions
            text={text}
            sources={sources}
            metadata={message.metadata}
            failed={error !== undefined}
            onRegenerate={() => onRegenerate(message.id)}
          />
        )}
        {sources.length > 0 && (
          <Button
            variant="ghost"
            size="sm"
            className="ml-auto text-muted-foreground"
            onClick={() => open()}
          >
            <BookOpen aria-hidden className="size-3.5" />
            {cited > 0 && `${cited} cited · `}
            {sources.length === 1 ? '1 passage' : `${sources.length} passages`}
          </Button>
        )}
      </div>
    </article>
  );
}
