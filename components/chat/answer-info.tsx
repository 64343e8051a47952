'use client';

import { Info } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover';
import type { AnswerMetadata } from '@/lib/chat/types';

const seconds = (ms: number | undefined) =>
  ms === undefined ? undefined : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;

/** How an answer was made: model, timings and tokens, on demand. */
export function AnswerInfo({ metadata }: { metadata: AnswerMetadata }) {
  const rows: Array<[string, string | undefined]> = [
    ['Model', metadata.lm && `${metadata.lm.model} (${metadata.lm.provider})`],
    ['Finding passages', seconds(metadata.timings?.retrievalMs)],
    ['First words after', seconds(metadata.timings?.firstTokenMs)],
    ['Total time', seconds(metadata.timings?.totalMs)],
    [
      'Tokens',
      metadata.usage &&
        `${metadata.usage.promptTokens.toLocaleString()} in · ${metadata.usage.completionTokens.toLocaleString()} out`,
    ],
    ['Ended', metadata.status],
  ];
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button variant="ghost" size="icon" aria-label="About this answer">
          <Info aria-hidden />
        </Button>
      </PopoverTrigger>
      <PopoverContent aria-label="About this answer" align="start">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          {rows
            .filter((row): row is [string, string] => Boolean(row[1]))
            .map(([term, value]) => (
              <div key={term} className="contents">
                <dt className="text-muted-foreground">{term}</dt>
                <dd className="text-right tabular-nums">{value}</dd>
              </div>
            ))}
        </dl>
      </PopoverContent>
    </Popover>
  );
}
