'use client';

import { type ReactNode, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Check, Copy, RefreshCw, RotateCcw } from '@/components/ui/icons';
import { Tooltip } from '@/components/ui/tooltip';
import type { AnswerMetadata, SourceView } from '@/lib/chat/types';
import { AnswerInfo } from './answer-info';
import { answerWithSources } from './copy-answer';

function IconAction({
  label,
  onClick,
  children,
}: {
  label: string;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <Tooltip
      content={label}
      trigger={
        <Button variant="ghost" size="icon" aria-label={label} onClick={onClick}>
          {children}
        </Button>
      }
    />
  );
}

/** Under a finished answer: copy it with its sources, ask again, and see how it was made. */
export function MessageActions({
  text,
  sources,
  metadata,
  failed,
  onRegenerate,
}: {
  text: string;
  sources: readonly SourceView[];
  metadata: AnswerMetadata | undefined;
  failed: boolean;
  onRegenerate: () => void;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex h-8 items-center gap-0.5 text-muted-foreground">
      {failed ? (
        <Button variant="outline" size="sm" onClick={onRegenerate}>
          <RotateCcw aria-hidden className="size-3.5" /> Retry
        </Button>
      ) : (
        <>
          {text && (
            <IconAction
              label={copied ? 'Copied' : 'Copy answer'}
              onClick={async () => {
                await navigator.clipboard.writeText(answerWithSources(text, sources));
                setCopied(true);
                setTimeout(() => setCopied(false), 2000);
              }}
            >
              {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
            </IconAction>
          )}
          <IconAction label="Regenerate answer" onClick={onRegenerate}>
            <RefreshCw aria-hidden />
          </IconAction>
        </>
      )}
      {metadata && <AnswerInfo metadata={metadata} />}
    </div>
  );
}
